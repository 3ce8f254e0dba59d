"""Item 6: certificates issued after the event to each attendee (once), the PDF from the
registration page, the public verification page and API, revocation with a reason, and an
unknown code answering 404 (page and JSON)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.tests.factories import bearer
from apoia.agenda.certificate_pdf import certificate_html
from apoia.agenda.models import Certificate
from apoia.agenda.services import certificates as services
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2026, 3, 11)


@pytest.fixture
def after():
    """Thursday 12 March 2026, 10:00 in Cuiabá: the factory's event has ended."""
    with time_machine.travel(at(dt.date(2026, 3, 12), 10), tick=False):
        yield


@pytest.fixture
def attended(agenda_seeds):
    event = EventFactory(title="Web Encontro do SCFV", workload_hours=Decimal("3.5"))
    ana = RegistrationFactory(
        event=event, name="Ana Alves", email="ana@cuiaba.mt.gov.br", checked_in_at=at(EVENT_DAY, 14)
    )
    RegistrationFactory(event=event, name="Ausente")
    return ana


def test_issuing_gives_each_attendee_one_frozen_certificate_once(
    attended, mt_technician, after, mailoutbox, django_capture_on_commit_callbacks
):
    event = attended.event

    with django_capture_on_commit_callbacks(execute=True):
        made = services.issue_certificates(event, by=mt_technician)
    again = services.issue_certificates(event, by=mt_technician)

    (certificate,) = made
    assert again == []
    assert len(certificate.code) == 12
    assert (
        certificate.name,
        certificate.event_title,
        certificate.event_dates,
        certificate.workload_hours,
        certificate.issuer,
    ) == (
        "Ana Alves",
        "Web Encontro do SCFV",
        "11/03/2026",
        Decimal("3.5"),
        "Coordenadoria de Proteção Social Básica",
    )
    event.title = "Outro título"
    event.save()
    certificate.refresh_from_db()
    assert certificate.event_title == "Web Encontro do SCFV"
    (mail,) = mailoutbox
    assert mail.to == ["ana@cuiaba.mt.gov.br"]
    assert mail.subject == "Certificado disponível: Web Encontro do SCFV"
    assert f"/certificados/{certificate.code}/" in mail.body


def test_certificates_wait_for_the_end_of_the_event(attended, mt_technician):
    with (
        time_machine.travel(at(EVENT_DAY, 16), tick=False),
        pytest.raises(services.CertificateRefused, match="depois que o evento termina"),
    ):
        services.issue_certificates(attended.event, by=mt_technician)


def test_only_the_events_staff_issue_certificates(attended, ms_technician, after):
    with pytest.raises(PermissionDenied):
        services.issue_certificates(attended.event, by=ms_technician)


def test_the_pdf_is_downloaded_from_the_registration_page(attended, mt_technician, client, after):
    (certificate,) = services.issue_certificates(attended.event, by=mt_technician)

    page = client.get(f"/agenda/inscricoes/{attended.code}/").content.decode()
    response = client.get(f"/agenda/inscricoes/{attended.code}/certificado.pdf")

    assert f"/agenda/inscricoes/{attended.code}/certificado.pdf" in page
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = certificate_html(certificate)
    assert "Ana Alves" in html
    assert "Web Encontro do SCFV" in html
    assert "3,5 horas" in html
    assert certificate.code in html
    assert f"/certificados/{certificate.code}/" in html
    assert 'src="data:image/svg+xml' in html


def test_no_pdf_without_a_certificate(attended, client, after):
    assert client.get(f"/agenda/inscricoes/{attended.code}/certificado.pdf").status_code == 404


def test_a_certificate_verified_by_code_and_then_revoked(
    attended, mt_technician, client, sign_in, after
):
    (certificate,) = services.issue_certificates(attended.event, by=mt_technician)
    url = f"/certificados/{certificate.code}/"

    valid = client.get(url).content.decode()
    api_valid = client.get(f"/api/v1/certificates/{certificate.code}").json()
    assert "Certificado válido." in valid
    assert "Ana Alves" in valid and "Web Encontro do SCFV" in valid and "3,5 horas" in valid
    assert "ana@cuiaba.mt.gov.br" not in valid and "Cuiabá" not in valid
    assert api_valid["valid"] is True
    assert api_valid["name"] == "Ana Alves"
    assert "email" not in api_valid

    sign_in(mt_technician).post(
        f"/agenda/gestao/certificados/{certificate.code}/revogar/",
        {"reason": "Presença registrada por engano."},
    )
    client.logout()

    revoked = client.get(url).content.decode()
    api_revoked = client.get(f"/api/v1/certificates/{certificate.code}").json()
    assert "Certificado revogado." in revoked
    assert "Revogado em 12/03/2026. Motivo: Presença registrada por engano." in revoked
    assert api_revoked["valid"] is False
    assert api_revoked["revoked"] is True
    assert api_revoked["revoke_reason"] == "Presença registrada por engano."
    assert api_revoked["revoked_at"].startswith("2026-03-12T")
    assert client.get(f"/agenda/inscricoes/{attended.code}/certificado.pdf").status_code == 404


def test_revoking_needs_a_reason_the_staff_and_happens_once(
    attended, mt_technician, ms_technician, after
):
    (certificate,) = services.issue_certificates(attended.event, by=mt_technician)

    with pytest.raises(ValidationError) as error:
        services.revoke(certificate, by=mt_technician, reason="  ")
    assert error.value.message_dict == {"reason": ["Informe o motivo da revogação."]}
    with pytest.raises(PermissionDenied):
        services.revoke(certificate, by=ms_technician, reason="Engano")
    services.revoke(certificate, by=mt_technician, reason="Engano")
    with pytest.raises(services.CertificateRefused, match="já foi revogado"):
        services.revoke(certificate, by=mt_technician, reason="De novo")


def test_an_unknown_code_answers_404_with_a_clear_page_and_json(client, agenda_seeds):
    page = client.get("/certificados/NAOEXISTE234/")
    api = client.get("/api/v1/certificates/NAOEXISTE234")

    assert page.status_code == 404
    assert "Nenhum certificado tem o código NAOEXISTE234." in page.content.decode()
    assert api.status_code == 404
    assert api.json() == {"detail": "Nenhum certificado tem este código."}


def test_the_lookup_form_goes_to_the_verification_page(client, agenda_seeds):
    response = client.get("/certificados/", {"codigo": "abcd-efgh-2345"})

    assert response.url == "/certificados/ABCDEFGH2345/"
    assert client.get("/certificados/").status_code == 200


def test_issuing_from_the_checkin_page_and_the_api(attended, mt_technician, client, sign_in, after):
    event = attended.event
    other = RegistrationFactory(event=event, name="Bia", checked_in_at=at(EVENT_DAY, 14))

    sign_in(mt_technician).post(f"/agenda/gestao/eventos/{event.pk}/certificados/")
    api = client.post(
        f"/api/v1/events/{event.pk}/certificates",
        json.dumps({}),
        content_type="application/json",
        **bearer(mt_technician),
    )

    assert set(Certificate.objects.values_list("name", flat=True)) == {"Ana Alves", "Bia"}
    assert api.json() == {"issued": 0, "codes": []}
    assert other.pk


def test_revoking_through_the_api(attended, mt_technician, client, after):
    (certificate,) = services.issue_certificates(attended.event, by=mt_technician)
    url = f"/api/v1/certificates/{certificate.code}/revoke"

    missing = client.post(
        url, json.dumps({"reason": ""}), content_type="application/json", **bearer(mt_technician)
    )
    done = client.post(
        url,
        json.dumps({"reason": "Engano"}),
        content_type="application/json",
        **bearer(mt_technician),
    )

    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"field": "reason", "message": "Informe o motivo da revogação."}
    ]
    assert done.json()["revoked"] is True
