"""Access codes stay out of addresses (and so out of access logs, histories and Referer
headers), and pages or answers with personal data are never stored by a cache."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apoia.accounts.services import create_api_token
from apoia.protocol import receipts, services
from apoia.protocol.models import EventKind, ServiceRequest
from apoia.protocol.notifications import message_to_requester, request_received
from apoia.protocol.tests.conftest import local

API = "/api/v1/requests"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://apoia.ms.gov.br"


@pytest.fixture
def req(submit):
    return submit(received_at=local("2026-11-19T15:30"))


def clean_url(req) -> str:
    return f"https://apoia.ms.gov.br/acompanhar/{req.protocol_slug}/"


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


# --- the API ---------------------------------------------------------------------------------


def test_the_tracking_api_takes_the_code_in_the_x_access_code_header(client, req):
    right = client.get(f"{API}/{req.protocol_slug}", HTTP_X_ACCESS_CODE=req.access_code)
    wrong = client.get(f"{API}/{req.protocol_slug}", HTTP_X_ACCESS_CODE="ABCDEFGHJK")

    assert right.status_code == 200
    assert (right.json()["view"], right.json()["protocol"]) == ("public", req.protocol)
    assert wrong.status_code == 404


def test_the_requester_replies_through_the_api_with_the_code_in_the_header(client, req):
    response = client.post(
        f"{API}/{req.protocol_slug}/replies",
        json.dumps({"text": "Segue o estatuto."}),
        content_type="application/json",
        HTTP_X_ACCESS_CODE=req.access_code,
    )

    assert response.status_code == 201
    assert req.events.filter(kind=EventKind.REQUESTER_MESSAGE).get().text == "Segue o estatuto."


def test_openapi_documents_the_header_and_marks_the_old_parameter_deprecated(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    tracking = schema["paths"]["/api/v1/requests/{protocol}"]["get"]
    parameters = {p["name"]: p for p in tracking["parameters"]}
    rating = schema["paths"]["/api/v1/requests/{protocol}/rating"]["post"]
    rating_body = rating["requestBody"]["content"]["application/json"]["schema"]
    rating_fields = schema["components"]["schemas"][rating_body["$ref"].rsplit("/", 1)[-1]]

    assert parameters["X-Access-Code"]["in"] == "header"
    assert parameters["access_code"]["in"] == "query"
    assert parameters["access_code"]["deprecated"] is True
    assert "X-Access-Code" in {p["name"] for p in rating["parameters"]}
    assert rating_fields["properties"]["access_code"]["deprecated"] is True
    assert "access_code" not in rating_fields.get("required", [])


def test_a_submission_through_the_api_links_to_the_clean_address(client, community_service):
    body = {
        "service": "orientacao-associacoes-comunitarias",
        "option": "formacao-capacitacao",
        "requester": {"name": "Maria", "email": "maria@example.org", "document": "529.982.247-25"},
        "description": "Pedimos uma formação.",
    }

    response = client.post(API, json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["tracking_url"] == clean_url(ServiceRequest.objects.get())
    assert no_store(response)


# --- e-mails, receipt and the web page ----------------------------------------------------------


def test_emails_link_to_the_clean_address_and_tell_the_code_in_their_text(req, coordinator):
    services.decide(req, accepted=True, by=coordinator)
    event = services.post_message(req, text="Podemos marcar uma reunião?", by=coordinator)
    mail.outbox.clear()

    request_received(req.pk)
    message_to_requester(event.pk)

    to_requester = [m for m in mail.outbox if m.to == ["maria@example.org"]]
    assert len(to_requester) == 2
    for message in to_requester:
        assert f"{clean_url(req)}\n" in message.body
        assert f"Código de acesso: {req.access_code}" in message.body
        assert "?codigo=" not in message.body


def test_the_receipts_qr_code_holds_the_clean_address(req):
    context = receipts.receipt_context(req, for_requester=True, show_requester=True)

    assert context["tracking_url"] == clean_url(req)
    assert context["qr_code"] == receipts.qr_data_uri(clean_url(req))


def test_the_clean_address_opened_elsewhere_asks_for_the_code_with_the_number_filled(req):
    stranger = Client()

    response = stranger.get(reverse("protocol:track_detail", args=[req.protocol_slug]))
    form = stranger.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"/acompanhar/?protocolo={req.protocol_slug}"
    assert form.context["form"]["protocol"].value() == req.protocol_slug
    assert req.access_code not in form.content.decode()


def test_the_lookup_form_leads_to_an_address_without_the_code(client, req):
    found = client.post("/acompanhar/", {"protocol": req.protocol, "access_code": req.access_code})
    page = client.get(found["Location"])

    assert found["Location"] == f"/acompanhar/{req.protocol_slug}/"
    assert page.status_code == 200
    assert req.access_code not in found["Location"]


def test_an_old_link_with_the_code_works_and_moves_to_the_clean_address(req):
    browser = Client()

    old = browser.get(f"/acompanhar/{req.protocol_slug}/?codigo={req.access_code}")
    page = browser.get(old["Location"])

    assert (old.status_code, old["Location"]) == (302, f"/acompanhar/{req.protocol_slug}/")
    assert page.status_code == 200


# --- Cache-Control: no-store --------------------------------------------------------------------


def test_tracking_pages_receipts_and_failed_replies_are_not_stored(client, req):
    client.post("/acompanhar/", {"protocol": req.protocol, "access_code": req.access_code})

    responses = [
        client.get(reverse("protocol:track_detail", args=[req.protocol_slug])),
        client.get(reverse("protocol:receipt", args=[req.protocol_slug])),
        client.post(reverse("protocol:track_reply", args=[req.protocol_slug]), {"text": " "}),
    ]

    assert [r.status_code for r in responses] == [200, 200, 400]
    assert all(no_store(r) for r in responses)


def test_staff_pages_and_exports_are_not_stored(sign_in, coordinator, req):
    client = sign_in(coordinator)

    responses = [
        client.get(reverse("protocol:queue")),
        client.get(reverse("protocol:queue"), {"formato": "csv"}),
        client.get(req.get_absolute_url()),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all(no_store(r) for r in responses)


def test_api_answers_to_a_token_or_an_access_code_are_not_stored(client, req, coordinator):
    _token, secret = create_api_token(coordinator, name="t")
    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    responses = [
        client.get(API, **token),
        client.get(f"{API}/export.csv", **token),
        client.get(f"{API}/{req.protocol_slug}", **token),
        client.get(f"{API}/{req.protocol_slug}", HTTP_X_ACCESS_CODE=req.access_code),
        client.get(f"{API}/{req.protocol_slug}", {"access_code": req.access_code}),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200]
    assert all(no_store(r) for r in responses)


def test_public_pages_for_anonymous_visitors_stay_cacheable(client, community_service):
    responses = [client.get("/"), client.get(community_service.get_absolute_url())]

    assert [r.status_code for r in responses] == [200, 200]
    assert not any(no_store(r) for r in responses)
