"""The main flows, driven in headless Chromium against the live test server."""

import pytest

from apoia.tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

DEMO_LOGINS = [
    "admin@apoia.demo",
    "coordenador@apoia.demo",
    "tecnico@apoia.demo",
    "ouvidor@apoia.demo",
    "municipio@apoia.demo",
    "osc@apoia.demo",
]


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/contas/entrar/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_each_demo_role_logs_in_and_opens_the_catalog_and_a_service(page, live_server, email):
    log_in(page, live_server.url, email)
    assert "/contas/entrar/" not in page.url, f"login failed for {email}"

    page.goto(f"{live_server.url}/servicos/")
    page.get_by_role("link", name="Solicitar orientação técnica para a criação").first.click()

    assert page.locator("h1").inner_text().startswith("Solicitar orientação técnica")
    body = page.locator("main").inner_text()
    assert "10 dias úteis" in body
    assert "Formação/capacitação" in body
    assert "Apoio à regularização de OSC" in body


def test_catalog_search_and_audience_filter_in_the_browser(page, live_server):
    page.goto(f"{live_server.url}/servicos/")
    page.get_by_label("Buscar serviço").fill("MS Ativo")
    page.get_by_role("button", name="Buscar", exact=True).click()

    results = page.locator("main").inner_text()
    assert "Solicitar adesão ao Programa MS Ativo" in results
    assert "associações comunitárias" not in results


def test_wrong_password_shows_a_portuguese_error(page, live_server):
    page.goto(f"{live_server.url}/contas/entrar/")
    page.get_by_label("E-mail").fill("admin@apoia.demo")
    page.get_by_label("Senha").fill("senha-errada")
    page.locator("main").get_by_role("button", name="Entrar").click()

    assert "/contas/entrar/" in page.url
    # The field's label says "E-mail" too: only the error's own words prove the failure shows.
    assert "E-mail ou senha incorretos. Confira os dados e tente de novo." in (
        page.locator("main").inner_text()
    )
