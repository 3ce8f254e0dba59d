"""Issue 10, item 12, in headless Chromium on the demo data: the focal point sends evidence and
submits a delivery, the offering unit's technician returns it with a reason, the focal point
sends a new version, the technician validates it, and the plan page, the dashboard and the
public page all show the new progress."""

import datetime as dt
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum

from apoia.accounts.models import Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import PASSWORD, UserFactory
from apoia.programs.demo import SLUG
from apoia.programs.demo_deliveries import tiny_pdf, tiny_png
from apoia.programs.models import PlanDelivery
from apoia.territory.calendar import BusinessCalendar, next_business_day
from apoia.tests.browser import DEMO_PASSWORD, BrowserErrors, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]
CAMPO_GRANDE = 5002704
FOCAL_POINT = "municipio@apoia.demo"


def percent(validated: Decimal, total: Decimal) -> str:
    """The pages' form of a share: one decimal, pt-BR comma ("62,5%")."""
    value = (validated * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%".replace(".", ",")


def weights(plan) -> tuple[Decimal, Decimal]:
    counted = PlanDelivery.objects.filter(item__plan=plan, frozen=True)
    total = counted.aggregate(s=Sum("delivery__weight"))["s"]
    validated = counted.filter(status="validated").aggregate(s=Sum("delivery__weight"))["s"]
    return validated or Decimal("0"), total


@pytest.fixture
def pending_delivery():
    """A pending delivery of Campo Grande's approved plan, the fewest evidence types first."""
    candidates = PlanDelivery.objects.filter(
        item__plan__adhesion__municipality_id=CAMPO_GRANDE,
        item__plan__adhesion__program__slug=SLUG,
        frozen=True,
        status="pending",
    ).select_related("delivery__action__unit", "item__plan")
    found = min(candidates, key=lambda d: (len(d.delivery.evidence_types), d.pk))
    return found


@pytest.fixture
def technician(pending_delivery):
    person = UserFactory(email="tecnica.entregas@apoia.test", full_name="Tânia Teixeira")
    ensure_membership(person, Role.TECHNICIAN, org_unit=pending_delivery.delivery.action.unit)
    return person


@contextmanager
def tab_of(browser, browser_errors, base_url: str, email: str, password: str = DEMO_PASSWORD):
    """A signed-in tab of its own for each person, whose browser errors fail the test too."""
    context = browser.new_context(locale="pt-BR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    BrowserErrors(page).found = browser_errors
    try:
        log_in(page, base_url, email, password)
        assert "/contas/entrar/" not in page.url, f"login failed for {email}"
        yield page
    finally:
        context.close()


def send_every_evidence(page, delivery, files) -> None:
    for kind in delivery.delivery.evidence_types:
        form = page.locator("form", has=page.get_by_role("button", name="Enviar evidência"))
        form.get_by_label("Tipo de evidência").select_option(kind)
        if kind == "photo":
            form.get_by_label("Arquivo").set_input_files(files["png"])
        elif kind == "process_number":
            form.get_by_label("Número do processo ou link").fill("12345.000123/2026-11")
        elif kind == "link":
            form.get_by_label("Número do processo ou link").fill(
                "https://www.campogrande.ms.gov.br/planejamento/entrega"
            )
        else:
            form.get_by_label("Arquivo").set_input_files(files["pdf"])
        form.get_by_role("button", name="Enviar evidência").click()
        page.wait_for_load_state()


def test_evidence_returned_resent_and_validated_moves_every_progress_figure(
    browser, browser_errors, live_server, pending_delivery, technician, tmp_path
):
    base = live_server.url
    delivery = pending_delivery
    plan = delivery.item.plan
    url = f"{base}/programas/entregas/{delivery.pk}/"
    files = {"png": tmp_path / "foto.png", "pdf": tmp_path / "ata.pdf"}
    files["png"].write_bytes(tiny_png())
    files["pdf"].write_bytes(tiny_pdf("Ata da reuniao"))
    validated, total = weights(plan)
    before = percent(validated, total)
    after = percent(validated + delivery.delivery.weight, total)
    assert before != after
    calendar = BusinessCalendar("MS", CAMPO_GRANDE)
    new_due = next_business_day(dt.date.today() + dt.timedelta(days=14), calendar)

    with (
        tab_of(browser, browser_errors, base, FOCAL_POINT) as focal,
        tab_of(browser, browser_errors, base, technician.email, PASSWORD) as staff,
    ):
        # The focal point sends each required evidence and submits the delivery.
        focal.goto(url)
        send_every_evidence(focal, delivery, files)
        focal.get_by_role("button", name="Enviar a entrega para validação").click()
        focal.wait_for_load_state()
        assert "Enviada para validação" in focal.content()

        # The technician returns it with a reason, a comment and a new due date.
        staff.goto(url)
        review = staff.locator("form", has=staff.get_by_role("button", name="Registrar a análise"))
        review.locator("label", has_text="Devolver ao município para ajustes").click()
        review.get_by_label("Motivo da devolução").select_option("illegible")
        review.get_by_label("Comentário").fill("A ata está ilegível; envie de novo, por favor.")
        review.get_by_label("Novo prazo (ao devolver)").fill(new_due.isoformat())
        review.get_by_role("button", name="Registrar a análise").click()
        staff.wait_for_load_state()
        assert "Devolvida para ajustes" in staff.content()

        # The focal point sees the reason, sends a new version and submits again.
        focal.goto(url)
        assert "A ata está ilegível; envie de novo, por favor." in focal.content()
        send_every_evidence(focal, delivery, files)
        assert 'data-label="Versão">2</td>' in focal.content()
        focal.get_by_role("button", name="Enviar a entrega para validação").click()
        focal.wait_for_load_state()

        # The technician validates it.
        staff.goto(url)
        review = staff.locator("form", has=staff.get_by_role("button", name="Registrar a análise"))
        review.locator("label", has_text="Validar a entrega").click()
        review.get_by_role("button", name="Registrar a análise").click()
        staff.wait_for_load_state()
        assert "Validada" in staff.content()

        # The new figure on the plan page, the dashboard and the public page.
        focal.goto(f"{base}/programas/planos/{plan.pk}/")
        assert after in focal.content()
        with tab_of(browser, browser_errors, base, "admin@apoia.demo") as admin:
            admin.goto(f"{base}/programas/gestao/{SLUG}/monitoramento/?municipio={CAMPO_GRANDE}")
            assert after in admin.content()
        focal.goto(f"{base}/transparencia/programas/{SLUG}/municipios/{CAMPO_GRANDE}/")
        assert after in focal.content()
