"""The registry's review flow in headless Chromium: a representative's edit is public only
after the state's staff approve it."""

import pytest

from apoia.accounts.demo import DEMO_ORGANIZATION_NAME
from apoia.accounts.models import Organization
from apoia.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

NEW_NAME = "Associação Comunitária Renovada do Bairro"


def test_a_representative_edit_is_public_once_staff_approve_it(page, live_server):
    organization = Organization.objects.get(name=DEMO_ORGANIZATION_NAME)
    registry = f"{live_server.url}/organizacoes/?q=Renovada"

    log_in(page, live_server.url, "osc@apoia.demo")
    page.goto(f"{live_server.url}/organizacoes/{organization.pk}/")
    page.get_by_role("link", name="Editar cadastro").click()
    page.locator("#id_name").fill(NEW_NAME)
    page.locator("main form").get_by_role("button", name="Salvar").click()
    assert "Ela será pública após a análise" in page.locator("body").inner_text()

    page.goto(registry)
    assert NEW_NAME not in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, live_server.url, "coordenador@apoia.demo")
    page.goto(f"{live_server.url}/organizacoes/alteracoes/")
    page.locator("main").get_by_role("link", name=DEMO_ORGANIZATION_NAME).click()
    assert NEW_NAME in page.locator("main table").inner_text()
    page.get_by_role("button", name="Aprovar").click()
    assert "Alteração aprovada." in page.locator("body").inner_text()

    page.context.clear_cookies()
    page.goto(registry)
    assert NEW_NAME in page.locator("main").inner_text()
