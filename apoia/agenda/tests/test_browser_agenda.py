"""Issue 11, item 14, in headless Chromium: a municipal focal point registers for an event, the
staff checks them in by the registration code, the event ends (its dates are moved to the
past, as time would), the staff issues the certificates, the focal point downloads the PDF
and the public verification page confirms it to anyone."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from apoia.agenda.models import Certificate, Event, Modality, Registration
from apoia.agenda.tests.factories import EventFactory
from apoia.tests.browser import BrowserErrors, log_in
from conftest import PASSWORD

pytestmark = pytest.mark.browser


@contextmanager
def tab_of(browser, browser_errors, base_url: str, email: str | None):
    """A tab of its own for each person (signed in unless `email` is None), whose browser
    errors fail the test too."""
    context = browser.new_context(locale="pt-BR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    BrowserErrors(page).found = browser_errors
    try:
        if email:
            log_in(page, base_url, email, PASSWORD)
            assert "/contas/entrar/" not in page.url, f"login failed for {email}"
        yield page
    finally:
        context.close()


@pytest.fixture
def event(agenda_seeds):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    return EventFactory(
        title="Encontro Regional da Baixada Cuiabana",
        type="encontro",
        modality=Modality.IN_PERSON,
        place="Auditório da SETASC, Cuiabá",
        url="",
        start=start,
        end=start + dt.timedelta(hours=4),
        capacity=30,
    )


def test_register_check_in_by_code_certificate_pdf_and_public_verification(
    browser, browser_errors, live_server, event, cuiaba_focal_point, mt_technician
):
    base = live_server.url
    with (
        tab_of(browser, browser_errors, base, cuiaba_focal_point.email) as focal,
        tab_of(browser, browser_errors, base, mt_technician.email) as staff,
    ):
        # The focal point registers from the event page.
        focal.goto(f"{base}/agenda/eventos/{event.pk}/")
        assert "restam 30 vagas" in focal.content()
        focal.get_by_role("link", name="Inscrever-se ou inscrever a equipe").click()
        focal.wait_for_load_state()
        assert focal.get_by_label("E-mail (pessoa 1)").input_value() == "marcos@apoia.test"
        focal.get_by_label("Cargo ou função (pessoa 1)").fill("Gestor municipal")
        focal.get_by_role("button", name="Confirmar inscrição").click()
        focal.wait_for_load_state()
        registration = Registration.objects.get(event=event)
        assert focal.url == f"{base}/agenda/inscricoes/{registration.code}/"
        assert registration.code in focal.locator("strong.apoia-code").inner_text()
        assert focal.locator("figure svg").count() == 1  # the QR code

        # The staff types the code on the check-in page.
        staff.goto(f"{base}/agenda/gestao/eventos/{event.pk}/presencas/")
        staff.get_by_label("Código da inscrição").fill(registration.code.lower())
        staff.get_by_role("button", name="Registrar presença").click()
        staff.wait_for_load_state()
        assert "Presença registrada: Marcos Medeiros (Cuiabá)." in staff.content()

        # The event ends; the staff issues the certificates.
        past = timezone.now().replace(microsecond=0) - dt.timedelta(hours=5)
        Event.objects.filter(pk=event.pk).update(start=past, end=past + dt.timedelta(hours=4))
        staff.reload()
        staff.get_by_role("button", name="Emitir os certificados").click()
        staff.wait_for_load_state()
        assert "1 certificado(s) emitido(s)" in staff.content()
        certificate = Certificate.objects.get(registration=registration)

        # The focal point downloads the PDF from the registration page.
        focal.reload()
        link = focal.get_by_role("link", name="Baixar o certificado (PDF)")
        pdf = focal.request.get(f"{base}{link.get_attribute('href')}")
        assert pdf.status == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")

    # Anyone checks it on the public verification page, by typing the code.
    with tab_of(browser, browser_errors, base, None) as anyone:
        anyone.goto(f"{base}/certificados/")
        anyone.get_by_label("Código de verificação").fill(certificate.code)
        anyone.get_by_role("button", name="Verificar").click()
        anyone.wait_for_load_state()
        assert anyone.url == f"{base}/certificados/{certificate.code}/"
        text = anyone.locator("main").inner_text()
        assert "Certificado válido." in text
        assert "Marcos Medeiros" in text
        assert "Encontro Regional da Baixada Cuiabana" in text
        assert "marcos@apoia.test" not in text
