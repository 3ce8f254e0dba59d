"""apoia.js and wide tables: a table box that scrolls sideways can be reached and scrolled by
keyboard and is named, and only while it scrolls (WCAG 2.1.1)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# A table 900 px wide in a box, put on a real page with the site's scripts. Sizes go through
# the CSSOM, which the Content-Security-Policy allows (a style attribute it would refuse).
ADD_TABLE = """([boxClass, template]) => {
  const box = document.createElement("div");
  box.className = boxClass;
  box.id = "wide";
  if (template) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Rótulo do modelo");
  }
  box.innerHTML = "<table><caption>Valores por município</caption><tr><td>1</td></tr></table>";
  box.querySelector("table").style.width = "900px";
  document.querySelector("main").append(box);
}"""
NARROW_TABLE = """() => {
  document.querySelector("#wide table").style.width = "100px";
}"""
# A resize, answered once apoia.js has looked at the boxes again.
RESIZE = """() => new Promise((done) => {
  document.addEventListener("apoia:scroll-boxes", () => done(), {once: true});
  window.dispatchEvent(new Event("resize"));
})"""
ATTRIBUTES = """() => {
  const box = document.getElementById("wide");
  return [box.getAttribute("tabindex"), box.getAttribute("role"), box.getAttribute("aria-label")];
}"""


@pytest.fixture
def phone_page(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/contas/entrar/")
    return page


@pytest.mark.parametrize("box_class", ["apoia-table-scroll", "br-table"])
def test_a_table_box_that_scrolls_is_focusable_and_named_after_its_caption(phone_page, box_class):
    phone_page.evaluate(ADD_TABLE, [box_class, False])
    phone_page.evaluate(RESIZE)

    assert phone_page.evaluate(ATTRIBUTES) == ["0", "region", "Valores por município"]


def test_a_table_box_that_fits_again_is_no_longer_a_focus_stop(phone_page):
    phone_page.evaluate(ADD_TABLE, ["apoia-table-scroll", False])
    phone_page.evaluate(RESIZE)

    phone_page.evaluate(NARROW_TABLE)
    phone_page.evaluate(RESIZE)

    assert phone_page.evaluate(ATTRIBUTES) == [None, None, None]


def test_a_box_the_template_made_focusable_keeps_its_attributes_when_it_fits(phone_page):
    phone_page.evaluate(ADD_TABLE, ["apoia-table-scroll", True])
    phone_page.evaluate(NARROW_TABLE)
    phone_page.evaluate(RESIZE)

    assert phone_page.evaluate(ATTRIBUTES) == ["0", "region", "Rótulo do modelo"]
