"""The ranking, a profile and the map at 390×844: nothing scrolls sideways, chart labels read."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

PHONE = {"width": 390, "height": 844}
PAGES = {
    "ranking": "/indicadores/ranking/",
    "profile": "/indicadores/municipios/5002704/",
    "map": "/indicadores/mapa/",
}
# The rendered size of each chart label: its font size in SVG units times the scale the
# viewBox is drawn at.
CHART_LABEL_SIZES = """() => [...document.querySelectorAll("svg.apoia-chart text")].map(text => {
  const svg = text.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
})"""


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_phone(page, live_server, name):
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + PAGES[name])

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide at 390"


def test_chart_labels_read_at_14_px_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + PAGES["map"])

    sizes = page.evaluate(CHART_LABEL_SIZES)
    assert sizes, "the map page has no chart labels"
    assert min(sizes) >= 14, f"smallest chart label {min(sizes):.1f} px"


def test_chart_labels_read_at_14_px_on_a_desktop(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(live_server.url + PAGES["map"])

    assert min(page.evaluate(CHART_LABEL_SIZES)) >= 14
