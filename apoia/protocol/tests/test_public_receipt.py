"""The receipt page and its PDF: protocolo/<protocol>/recibo/ and recibo.pdf."""

import pytest
from django.test import Client
from django.urls import reverse

from apoia.catalog.tests.factories import ServiceFactory
from apoia.protocol.receipts import deadline_rule, qr_data_uri, receipt_html
from apoia.protocol.tests.conftest import local

TRACKED = "tracked_requests"


@pytest.fixture
def req(submit):
    return submit(received_at=local("2026-11-19T15:30"))


def track_in(client, req):
    session = client.session
    session[TRACKED] = [req.protocol]
    session.save()
    return client


def test_the_submitters_session_sees_the_receipt(client, req, settings):
    settings.SITE_URL = "https://apoia.ms.gov.br"
    response = track_in(client, req).get(reverse("protocol:receipt", args=[req.protocol_slug]))

    body = response.content.decode()
    assert response.status_code == 200
    assert req.protocol in body
    assert req.access_code in body
    assert "19/11/2026 15:30" in body
    assert "04/12/2026" in body
    assert "10 dias úteis, contados conforme a Lei nº 9.784/1999, art. 66." in body
    assert req.unit.name in body
    assert f'href="https://apoia.ms.gov.br/acompanhar/{req.protocol_slug}/"' in body
    assert reverse("protocol:receipt_pdf", args=[req.protocol_slug]) in body


def test_another_client_gets_404_for_the_receipt_and_its_pdf(req):
    stranger = Client()

    assert stranger.get(reverse("protocol:receipt", args=[req.protocol_slug])).status_code == 404
    assert (
        stranger.get(reverse("protocol:receipt_pdf", args=[req.protocol_slug])).status_code == 404
    )


def test_a_signed_in_requester_sees_the_receipt_of_their_own_request(
    submit, organization_user, sign_in
):
    req = submit(by=organization_user, requester=None, organization=None)

    response = sign_in(organization_user).get(reverse("protocol:receipt", args=[req.protocol_slug]))

    assert response.status_code == 200
    assert req.access_code in response.content.decode()


def test_another_organization_cannot_open_the_receipt(
    submit, organization_user, other_organization_user, sign_in
):
    req = submit(by=organization_user, requester=None, organization=None)

    response = sign_in(other_organization_user).get(
        reverse("protocol:receipt", args=[req.protocol_slug])
    )

    assert response.status_code == 404


def test_the_pdf_html_has_the_protocol_the_due_date_and_the_qr_code(req, settings):
    settings.SITE_URL = "https://apoia.ms.gov.br"
    tracking = f"https://apoia.ms.gov.br/acompanhar/{req.protocol_slug}/"

    html = receipt_html(req, for_requester=True, show_requester=True)

    assert req.protocol in html
    assert req.access_code in html
    assert "04/12/2026" in html
    assert "Governo do Estado de Mato Grosso do Sul" in html
    assert f'src="{qr_data_uri(tracking)}"' in html
    assert qr_data_uri(tracking).startswith("data:image/svg+xml")
    assert "http://" not in html.replace(tracking, "")
    assert "<link" not in html


def test_the_pdf_download_is_a_real_pdf(client, req):
    response = track_in(client, req).get(reverse("protocol:receipt_pdf", args=[req.protocol_slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="recibo-{req.protocol_slug}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1024


def test_an_anonymous_denuncia_receipt_tells_the_code_is_the_only_way_back(client, seeds):
    from apoia.catalog.models import Service
    from apoia.protocol import services

    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        description="Materiais do centro comunitário foram levados.",
        anonymous=True,
    )

    body = track_in(client, req).get(reverse("protocol:receipt", args=[req.protocol_slug]))
    text = body.content.decode()
    assert "Anote o número de protocolo e o código de acesso" in text
    assert "30 dias corridos" in text
    assert "Manifestação anônima: não há outra forma de acompanhá-la." in receipt_html(
        req, for_requester=True, show_requester=False
    )


def test_the_receipt_rule_agrees_with_a_deadline_in_weeks(db):
    service = ServiceFactory.build(deadline_amount=2, deadline_unit="weeks", extension_amount=0)

    assert deadline_rule(service) == "2 semanas, contadas conforme a Lei nº 9.784/1999, art. 66."
