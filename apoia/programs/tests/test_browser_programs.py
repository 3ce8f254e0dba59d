"""Issue 9 end to end in headless Chromium: a municipality that had not joined MS Ativo asks to
join through the catalog, the managing unit accepts, the term opens, and the focal point's
action plan goes through submission, return with comments, resubmission and approval."""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from apoia.accounts.models import OrgUnit, Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import PASSWORD, UserFactory
from apoia.programs.demo import SLUG
from apoia.programs.models import Adhesion, AdhesionStatus, Phase, Plan, PlanStatus
from apoia.protocol.models import ServiceRequest, Status
from apoia.territory.models import Municipality
from apoia.tests.browser import BrowserErrors, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

PROTOCOL = re.compile(r"\d{5}\.\d{6}/\d{4}-\d{2}")


@contextmanager
def tab_of(browser, browser_errors, base_url: str, email: str):
    """A signed-in tab of its own for each person, whose browser errors fail the test too."""
    context = browser.new_context(locale="pt-BR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    BrowserErrors(page).found = browser_errors
    try:
        log_in(page, base_url, email, PASSWORD)
        assert "/contas/entrar/" not in page.url, f"login failed for {email}"
        yield page
    finally:
        context.close()


@pytest.fixture
def newcomer():
    """The first MS municipality, in the model's order, that the demo left out of MS Ativo,
    and its focal point with an account (the municipal role, as the state's registry gives it)."""
    adhered = Adhesion.objects.filter(program__slug=SLUG).values("municipality")
    town = Municipality.objects.filter(state__uf="MS").exclude(ibge__in=adhered).first()
    user = UserFactory(email="focal.novo@exemplo.ms.gov.br", full_name="Lúcia Ramos")
    ensure_membership(user, Role.MUNICIPAL, municipality=town)
    return town, user


@pytest.fixture
def segem_staff():
    """A coordinator and a technician of the program's managing unit (the demo's staff
    personas belong to the community affairs unit)."""
    segem = OrgUnit.objects.get(slug="ms-segem")
    coordinator = UserFactory(email="sonia.segem@apoia.test", full_name="Sônia Gestora")
    ensure_membership(coordinator, Role.COORDINATOR, org_unit=segem)
    technician = UserFactory(email="tales.segem@apoia.test", full_name="Tales Analista")
    ensure_membership(technician, Role.TECHNICIAN, org_unit=segem)
    return coordinator, technician


@pytest.fixture
def open_window():
    """Phase 3's adhesion window closed in June 2024, so a request today would be queued for a
    next phase the demo does not have: the state reopens it for latecomers."""
    Phase.objects.filter(program__slug=SLUG, slug="fase-3").update(adhesion_closes=None)


def test_a_newcomer_joins_and_its_plan_is_returned_resubmitted_and_approved(
    page, browser, browser_errors, live_server, newcomer, segem_staff, open_window
):
    town, focal = newcomer
    coordinator, technician = segem_staff
    base = live_server.url

    # The focal point asks to join from the catalog's service page.
    log_in(page, base, focal.email, PASSWORD)
    page.goto(f"{base}/servicos/adesao-ms-ativo/")
    page.get_by_role("link", name="Solicitar este serviço").click()
    page.wait_for_url(f"**/programas/{SLUG}/aderir/")
    page.get_by_label("Fase").select_option(label="Fase 3 — Em execução")
    first = page.locator("fieldset.apoia-focal-point").first
    first.get_by_label("Nome").fill("Lúcia Ramos")
    first.get_by_label("Cargo ou função").fill("Secretária Municipal de Planejamento")
    first.get_by_label("E-mail").fill(focal.email)
    first.get_by_label("Telefone").fill("(67) 3321-0000")
    # gov.br DS checkboxes are styled labels over a hidden input: people click the label.
    page.locator("label", has_text="Declaro, na qualidade de Prefeito(a)").click()
    page.get_by_role("button", name="Enviar pedido de adesão").click()
    page.wait_for_url("**/recibo/")
    number = PROTOCOL.search(page.locator("main").inner_text()).group(0)
    req = ServiceRequest.objects.get(protocol=number)
    assert (req.municipality, req.service.slug) == (town, "adesao-ms-ativo")

    # The managing unit's coordinator accepts it from the queue, with a justification.
    with tab_of(browser, browser_errors, base, coordinator.email) as staff:
        staff.goto(f"{base}/protocolo/")
        staff.get_by_role("searchbox", name="Buscar").fill(number)
        staff.get_by_role("button", name="Filtrar").click()
        staff.get_by_role("link", name=number).click()
        decision = staff.locator("#acao-decide")
        decision.locator("label", has_text="Aceitar o pedido").click()
        decision.get_by_label("Justificativa").fill("Município apto; adesão dentro da Fase 3.")
        decision.get_by_role("button", name="Registrar decisão").click()
        staff.wait_for_load_state()
        req.refresh_from_db()
        assert req.status == Status.ACCEPTED
        adhesion = Adhesion.objects.get(request=req)
        assert adhesion.status == AdhesionStatus.ACTIVE

        # The term opens from the adhesion page, found through the staff list.
        staff.goto(f"{base}/programas/gestao/{SLUG}/adesoes/")
        staff.get_by_label("Município").fill(town.name)
        staff.get_by_role("button", name="Filtrar").click()
        staff.locator("main table").get_by_role("link", name=town.name, exact=True).click()
        staff.wait_for_url(f"**/programas/adesoes/{adhesion.pk}/")
        href = staff.get_by_role("link", name="Abrir o termo (PDF)").get_attribute("href")
        term = staff.context.request.get(base + href)
        assert (term.status, term.headers["content-type"], term.body()[:5]) == (
            200,
            "application/pdf",
            b"%PDF-",
        )

    # The focal point builds the plan from the suggested actions and submits it.
    page.goto(f"{base}/programas/{SLUG}/")
    page.get_by_role("link", name=re.compile(rf"^{re.escape(town.name)} — Fase 3")).click()
    page.get_by_role("link", name="Montar o plano de ação").click()
    page.wait_for_url(f"**/programas/adesoes/{adhesion.pk}/plano/")
    block = page.locator("fieldset.apoia-plan-block").first
    title = block.locator("legend").inner_text().split(" — ")[0]
    block.locator("label", has_text="Incluir").click()
    block.get_by_label("Responsável (nome)").fill("Paulo Nunes")
    block.get_by_label("Cargo ou função").fill("Secretário Municipal de Educação")
    block.get_by_label("Contato (e-mail ou telefone)").fill("paulo.nunes@exemplo.ms.gov.br")
    targets = block.get_by_label(re.compile("^Meta: "))
    for index in range(targets.count()):
        targets.nth(index).fill("0,9")
    page.get_by_role("button", name="Salvar e enviar para análise").click()
    page.wait_for_url("**/programas/planos/*/")
    plan = Plan.objects.get(adhesion=adhesion)
    assert plan.status == PlanStatus.SUBMITTED
    assert [item.action.title for item in plan.items.all()] == [title]

    # A technician of the managing unit returns it with a comment on the item.
    with tab_of(browser, browser_errors, base, technician.email) as staff:
        staff.goto(f"{base}/programas/gestao/{SLUG}/planos/")
        staff.get_by_label("Situação").select_option(label="Enviado para análise")
        staff.get_by_role("button", name="Filtrar").click()
        staff.locator("main table").get_by_role("link", name=town.name, exact=True).click()
        staff.get_by_label(f"Comentário sobre “{title}”").fill("Detalhe o contato do responsável.")
        staff.get_by_role("button", name="Devolver para ajustes").click()
        staff.wait_for_load_state()
        assert "Plano devolvido ao município." in staff.locator("main").inner_text()

    # The focal point sees the comment, edits and resubmits.
    page.reload()
    assert "Detalhe o contato do responsável." in page.locator("main").inner_text()
    page.get_by_role("link", name="Editar o plano").click()
    block = page.locator("fieldset.apoia-plan-block", has_text=title)
    block.get_by_label("Contato (e-mail ou telefone)").fill("(67) 3321-0101")
    page.get_by_role("button", name="Salvar e enviar para análise").click()
    page.wait_for_url(f"**/programas/planos/{plan.pk}/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # The coordinator approves it: version 1.
    with tab_of(browser, browser_errors, base, coordinator.email) as staff:
        staff.goto(f"{base}/programas/planos/{plan.pk}/")
        staff.get_by_role("button", name="Aprovar").click()
        staff.wait_for_load_state()
        assert "Plano aprovado." in staff.locator("main").inner_text()
        # The heading's accessible name: the page shows it in capitals through CSS.
        version = staff.get_by_role(
            "heading", name=re.compile(r"^Versão 1, aprovada em .+ por Sônia Gestora$")
        )
        expect(version).to_be_visible()

    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.APPROVED, 1)
