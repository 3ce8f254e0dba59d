"""Submissions without an account or API token: APOIA_SUBMISSION_RATE per client address per
minute, one budget for the web form, the API and Open311."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from apoia.accounts.services import create_api_token
from apoia.protocol.models import ServiceRequest

# 15 seconds into a minute: Retry-After is the 45 seconds left of it.
NOW = dt.datetime.fromisoformat("2026-03-18T10:00:15-04:00")
WEB = reverse("protocol:submit", args=["orientacao-associacoes-comunitarias"])
API = "/api/v1/requests"
OPEN311 = "/open311/v2/requests.json"
TOO_MANY = "Muitos pedidos deste endereço em pouco tempo. Tente de novo em 45 segundos."
DESCRIPTION = "Pedimos uma formação para a diretoria da associação."


@pytest.fixture(autouse=True)
def frozen_clock_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def web_form(service) -> dict:
    return {
        "option": service.options.get(slug="formacao-capacitacao").pk,
        "name": "Maria da Silva",
        "email": "maria@example.org",
        "document": "529.982.247-25",
        "municipality": 5002704,
        "description": DESCRIPTION,
    }


def api_body() -> str:
    return json.dumps(
        {
            "service": "orientacao-associacoes-comunitarias",
            "option": "formacao-capacitacao",
            "municipality": 5002704,
            "requester": {
                "name": "Maria da Silva",
                "email": "maria@example.org",
                "document": "529.982.247-25",
            },
            "description": DESCRIPTION,
        }
    )


def api_post(client, **headers):
    return client.post(API, api_body(), content_type="application/json", **headers)


def open311_post(client, api_key="chave-errada"):
    return client.post(
        OPEN311,
        {
            "api_key": api_key,
            "service_code": "orientacao-associacoes-comunitarias",
            "attribute[option]": "formacao-capacitacao",
            "attribute[municipality]": "5002704",
            "description": DESCRIPTION,
        },
    )


def test_the_production_default_is_ten_a_minute():
    import apoia.settings as production

    assert production.APOIA_SUBMISSION_RATE == 10


def test_the_web_form_the_api_and_open311_share_one_budget_per_address(
    client, community_service, settings
):
    settings.APOIA_SUBMISSION_RATE = 3

    first = [
        client.post(WEB, web_form(community_service)).status_code,
        api_post(client).status_code,
        open311_post(client).status_code,  # an api_key that opens nothing counts too
    ]
    web, api, open311 = (
        client.post(WEB, web_form(community_service)),
        api_post(client),
        open311_post(client),
    )

    assert first == [302, 201, 403]
    assert (web.status_code, api.status_code, open311.status_code) == (429, 429, 429)
    assert web["Retry-After"] == api["Retry-After"] == open311["Retry-After"] == "45"
    assert api.json() == {"detail": TOO_MANY}
    assert open311.json() == [{"code": 429, "description": TOO_MANY}]
    assert ServiceRequest.objects.count() == 2


def test_a_throttled_web_form_comes_back_as_typed_with_a_portuguese_error(
    client, community_service, settings
):
    settings.APOIA_SUBMISSION_RATE = 1
    client.post(WEB, web_form(community_service))

    response = client.post(WEB, web_form(community_service))

    body = response.content.decode()
    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [TOO_MANY]
    assert TOO_MANY in body
    assert DESCRIPTION in body
    assert 'value="Maria da Silva"' in body
    assert ServiceRequest.objects.count() == 1


def test_the_budget_is_per_client_address(client, community_service, settings):
    settings.APOIA_SUBMISSION_RATE = 1
    api_post(client)

    same_address = api_post(client)
    other_address = api_post(Client(REMOTE_ADDR="10.0.0.2"))

    assert (same_address.status_code, other_address.status_code) == (429, 201)


def test_the_budget_comes_back_the_next_minute(
    client, community_service, settings, frozen_clock_and_media
):
    settings.APOIA_SUBMISSION_RATE = 1
    api_post(client)
    assert api_post(client).status_code == 429

    frozen_clock_and_media.move_to(dt.datetime.fromisoformat("2026-03-18T10:01:00-04:00"))

    assert api_post(client).status_code == 201


def test_accounts_and_api_tokens_are_not_throttled(
    client, community_service, settings, municipal_user
):
    settings.APOIA_SUBMISSION_RATE = 1
    _token, secret = create_api_token(municipal_user, name="app 156")
    token = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    key_holder = Client()

    api = [api_post(client, **token).status_code for _ in range(3)]
    open311 = [open311_post(key_holder, api_key=secret).status_code for _ in range(3)]
    client.force_login(municipal_user, backend="django.contrib.auth.backends.ModelBackend")
    web = [client.post(WEB, web_form(community_service)).status_code for _ in range(3)]

    assert api == [201, 201, 201]
    assert open311 == [201, 201, 201]
    assert web == [302, 302, 302]


def test_zero_turns_the_limit_off(client, community_service, settings):
    settings.APOIA_SUBMISSION_RATE = 0

    statuses = [api_post(client).status_code for _ in range(12)]

    assert statuses == [201] * 12
