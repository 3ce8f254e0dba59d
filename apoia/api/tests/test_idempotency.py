"""Safe retries: `POST /api/v1/requests` with an `Idempotency-Key` files once."""

import datetime as dt
import json
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.test.client import encode_multipart

from apoia.accounts.tests.factories import bearer
from apoia.api import idempotency
from apoia.api.models import IdempotencyKey
from apoia.catalog.reference import load_catalog
from apoia.protocol.models import ProtocolSequence, ServiceRequest

URL = "/api/v1/requests"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEY = "0f8e6a52-3c1d-4b7e-9a8f-2d5c6b7a8e9f"
CAMPO_GRANDE = ZoneInfo("America/Campo_Grande")


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def catalog(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    load_catalog()


def body(**overrides) -> dict:
    data = {
        "service": "orientacao-associacoes-comunitarias",
        "option": "formacao-capacitacao",
        "municipality": 5002704,
        "requester": {
            "name": "Maria da Silva",
            "email": "maria@example.org",
            "document": "529.982.247-25",
        },
        "description": "Pedimos uma formação para a diretoria da associação.",
    }
    data.update(overrides)
    return data


def submit(client, data=None, key=KEY, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(
        URL, json.dumps(data or body()), content_type="application/json", **headers, **extra
    )


def test_a_retry_with_the_same_key_gets_the_same_receipt_and_files_nothing_new(client, catalog):
    first = submit(client)
    retry = submit(client)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    req = ServiceRequest.objects.get()
    assert (retry.json()["protocol"], retry.json()["access_code"]) == (
        req.protocol,
        req.access_code,
    )
    assert ProtocolSequence.objects.get().last_value == 1


def test_the_retry_gets_the_receipt_as_first_sent_even_after_the_request_moved_on(client, catalog):
    first = submit(client)
    ServiceRequest.objects.update(status="accepted", due_date=dt.date(2030, 1, 2))

    retry = submit(client)

    assert retry.json() == first.json()
    assert retry.json()["status"] == "received"


def test_without_a_key_each_call_files_a_request(client, catalog):
    submit(client, key=None)
    submit(client, key=None)

    assert ServiceRequest.objects.count() == 2


def test_the_same_key_with_another_body_answers_422_naming_the_header(client, catalog):
    submit(client)

    response = submit(client, body(description="Outro pedido, com outra descrição."))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [
            {
                "field": "Idempotency-Key",
                "message": (
                    "Esta chave já foi usada em outro pedido, com outros dados; use uma chave "
                    "nova para cada pedido."
                ),
            }
        ],
    }
    assert ServiceRequest.objects.count() == 1


def test_a_multipart_retry_matches_though_its_boundary_changes(client, catalog):
    def multipart(boundary):
        data = {
            "payload": json.dumps(body()),
            "attachments": [SimpleUploadedFile("oficio.pdf", PDF, "application/pdf")],
        }
        return client.post(
            URL,
            encode_multipart(boundary, data),
            content_type=f"multipart/form-data; boundary={boundary}",
            HTTP_IDEMPOTENCY_KEY=KEY,
        )

    first = multipart("primeira-fronteira")
    retry = multipart("outra-fronteira-qualquer")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert ServiceRequest.objects.count() == 1


def test_another_file_under_the_same_key_is_another_body(client, catalog):
    def with_file(content):
        return client.post(
            URL,
            {
                "payload": json.dumps(body()),
                "attachments": [SimpleUploadedFile("oficio.pdf", content, "application/pdf")],
            },
            HTTP_IDEMPOTENCY_KEY=KEY,
        )

    with_file(PDF)
    response = with_file(PDF + b"% outra versao\n")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_keys_belong_to_the_token_owner(client, catalog, organization_user, municipal_user):
    data = body()
    del data["requester"]

    paula = submit(client, data, **bearer(organization_user))
    paula_again = submit(client, data, **bearer(organization_user))  # another token, same person
    mario = submit(client, data, **bearer(municipal_user))

    assert paula_again.json() == paula.json()
    assert mario.status_code == 201
    assert mario.json()["protocol"] != paula.json()["protocol"]
    assert ServiceRequest.objects.count() == 2


def test_without_a_token_keys_belong_to_the_client_address(client, catalog):
    here = submit(client, REMOTE_ADDR="203.0.113.7")
    elsewhere = submit(client, REMOTE_ADDR="198.51.100.20")
    here_again = submit(client, REMOTE_ADDR="203.0.113.7")

    assert elsewhere.json()["protocol"] != here.json()["protocol"]
    assert here_again.json() == here.json()
    assert ServiceRequest.objects.count() == 2


@pytest.mark.parametrize(
    "key",
    ["", "x" * 101, "chave-com-ção", "com\ttabulação", "linha\x7f"],
    ids=["empty", "101 characters", "not ASCII", "control character", "DEL"],
)
def test_a_malformed_key_answers_422_naming_the_header(client, catalog, key):
    response = submit(client, key=key)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "Idempotency-Key",
            "message": "Use de 1 a 100 caracteres ASCII imprimíveis (por exemplo, um UUID).",
        }
    ]
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("key", ["x" * 100, "a", "pedido 2026/03 #1 ~ ok!"])
def test_any_printable_ascii_key_of_1_to_100_characters_is_accepted(client, catalog, key):
    assert submit(client, key=key).status_code == 201
    assert IdempotencyKey.objects.get().key == key


def test_a_refused_call_keeps_no_key_so_the_corrected_call_may_reuse_it(client, catalog):
    refused = submit(client, body(description="curto"))
    corrected = submit(client)

    assert (refused.status_code, corrected.status_code) == (422, 201)
    assert ServiceRequest.objects.count() == 1


def test_a_key_is_remembered_for_24_hours_and_then_forgotten(client, catalog):
    with time_machine.travel(dt.datetime(2026, 3, 9, 10, 0, tzinfo=CAMPO_GRANDE), tick=False):
        first = submit(client)
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 59, 59, tzinfo=CAMPO_GRANDE), tick=False):
        within = submit(client)
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, 1, tzinfo=CAMPO_GRANDE), tick=False):
        after = submit(client)

    assert within.json() == first.json()
    assert after.status_code == 201
    assert after.json()["protocol"] != first.json()["protocol"]
    assert ServiceRequest.objects.count() == 2
    # The expired row was swept; only the new one remains.
    assert list(IdempotencyKey.objects.values_list("request__protocol", flat=True)) == [
        after.json()["protocol"]
    ]


def test_the_key_and_the_request_commit_together_or_not_at_all(client, catalog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the key could not be written")

    monkeypatch.setattr(idempotency, "remember", broken)

    with pytest.raises(RuntimeError):
        submit(client)

    assert not ServiceRequest.objects.exists()
    assert not ProtocolSequence.objects.exists()


def test_a_call_that_loses_the_race_is_rolled_back_and_answers_the_winners_receipt(
    client, catalog, monkeypatch
):
    winner = submit(client)
    real = idempotency.earlier_answer
    calls = []

    def looked_up_before_the_winner_committed(caller, key, print_):
        calls.append(key)
        return None if len(calls) == 1 else real(caller, key, print_)

    monkeypatch.setattr(idempotency, "earlier_answer", looked_up_before_the_winner_committed)

    loser = submit(client)

    assert len(calls) == 2  # missed once, then read the winner's row after the IntegrityError
    assert (loser.status_code, loser.json()) == (201, winner.json())
    assert ServiceRequest.objects.count() == 1
    assert ProtocolSequence.objects.get().last_value == 1  # the loser's number was rolled back


@pytest.fixture
def shared_catalog(transactional_db, state_ms, state_mt, community_unit, ombudsman_unit):
    from apoia.territory.models import Municipality

    Municipality.objects.get_or_create(
        ibge=5002704,
        defaults={"name": "Campo Grande", "state": state_ms, "timezone": "America/Campo_Grande"},
    )
    load_catalog()


def test_two_simultaneous_calls_with_one_key_file_once(shared_catalog, monkeypatch):
    # Both look the key up before either files; then both file, at once.
    both_looked = threading.Barrier(2, timeout=30)
    real = idempotency.earlier_answer
    lock, lookups = threading.Lock(), []

    def lookup(caller, key, print_):
        found = real(caller, key, print_)
        with lock:
            lookups.append(found)
            first_two = len(lookups) <= 2
        if first_two:
            both_looked.wait()
        return found

    monkeypatch.setattr(idempotency, "earlier_answer", lookup)
    answers, errors = [], []

    def call():
        try:
            answers.append(submit(Client()))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert lookups[:2] == [None, None]
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert ServiceRequest.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_the_header_is_documented_in_openapi(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/requests"]["post"]

    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert (header["in"], header["required"], header["schema"]["maxLength"]) == (
        "header",
        False,
        100,
    )
    assert "Idempotency-Key" in operation["description"]
