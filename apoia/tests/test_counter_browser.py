"""The character counter of free-text fields, in headless Chromium: it follows what is typed."""

import pytest

pytestmark = pytest.mark.browser

SUBMIT = "/servicos/orientacao-associacoes-comunitarias/solicitar/"


@pytest.fixture
def catalog(transactional_db):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


def test_the_counter_follows_the_typing_and_turns_red_at_the_limit(page, live_server, catalog):
    page.goto(f"{live_server.url}{SUBMIT}")
    description = page.locator("#id_description")
    counter = page.locator("#id_description_counter")
    dates_counter = page.locator("#id_suggested_dates_counter")

    assert counter.inner_text() == "0 / 10.000 caracteres"
    description.fill("Pedimos uma formação.")
    assert counter.inner_text() == "21 / 10.000 caracteres"
    # Read with the field by screen readers, not announced at every key.
    assert "id_description_counter" in description.get_attribute("aria-describedby")

    page.locator("#id_suggested_dates").fill("x" * 300)
    assert dates_counter.inner_text() == "300 / 300 caracteres"
    assert "text-danger" in dates_counter.get_attribute("class")

    # The browser stops the typing at the limit.
    page.locator("#id_suggested_dates").press("End")
    page.locator("#id_suggested_dates").press_sequentially("yz")
    assert page.locator("#id_suggested_dates").input_value() == "x" * 300
