"""POST and GET /api/v1/parliamentary-demands, and the generic POST /api/v1/requests that
refuses the service."""

import datetime as dt

import pytest

from apoia.accounts.tests.factories import bearer
from apoia.legislative.models import House, ParliamentaryDemand
from apoia.legislative.tests.test_demands_helpers import (
    TZ,
    at,
    bill,
    desk_coordinator,
    file,
    load_desk,
    office,
)
from apoia.protocol.models import ServiceRequest

pytestmark = pytest.mark.django_db
URL = "/api/v1/parliamentary-demands"


@pytest.fixture
def desk(state_ms):
    return load_desk()


def body(**overrides) -> dict:
    data = {
        "legislator": "Vereadora Helena Prado",
        "party": "PXX",
        "house": "municipal_chamber",
        "municipality": 5002704,
        "subject": "Iluminação da praça do Bairro Teste",
        "description": "Pede informações sobre a reforma da iluminação da praça central.",
    }
    data.update(overrides)
    return data


def post(client, user, data, **headers):
    return client.post(URL, data, content_type="application/json", **bearer(user), **headers)


def test_filing_through_the_api_answers_the_protocol_deadline_and_tracking_url(
    client, desk, campo_grande
):
    with at():
        response = post(client, office(), body())

    req = ServiceRequest.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "protocol": "50005.000001/2026-20",
        "access_code": req.access_code,
        "received": "2026-03-18T14:00:00Z",
        "due": "2026-04-09",
        "status": "received",
        "tracking_url": "http://127.0.0.1:8000/acompanhar/50005000001202620/",
    }
    assert (req.unit, req.channel) == (desk, "api")
    assert ParliamentaryDemand.objects.get().legislator == "Vereadora Helena Prado"


def test_a_chamber_demand_without_municipality_answers_422_naming_the_field(client, desk):
    response = post(client, office(), body(municipality=None))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "municipality", "message": "Informe o município da câmara municipal."}
    ]
    assert not ServiceRequest.objects.exists()


def test_an_unknown_municipality_answers_422(client, desk):
    response = post(client, office(), body(municipality=5099999))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "municipality", "message": "Município desconhecido: 5099999."}
    ]


def test_an_unknown_house_answers_422_with_the_values(client, desk, campo_grande):
    response = post(client, office(), body(house="senado"))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "house"


def test_an_unknown_bill_answers_422(client, desk, campo_grande):
    response = post(client, office(), body(bill=999))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "bill", "message": "Proposição desconhecida: 999."}
    ]


def test_a_bill_of_the_same_house_is_kept(client, desk, state_ms):
    assembly_bill = bill(state_ms, desk)
    with at():
        response = post(
            client,
            office(),
            body(house="state_assembly", municipality=None, bill=assembly_bill.pk),
        )

    assert response.status_code == 201
    assert ParliamentaryDemand.objects.get().bill == assembly_bill


def test_filing_needs_a_token(client, desk):
    response = client.post(URL, body(), content_type="application/json")

    assert response.status_code == 401


def test_the_same_idempotency_key_files_once(client, desk, campo_grande):
    owner = office()
    with at():
        first = post(client, owner, body(), HTTP_IDEMPOTENCY_KEY="demanda-1")
        second = post(client, owner, body(), HTTP_IDEMPOTENCY_KEY="demanda-1")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["protocol"] == second.json()["protocol"]
    assert ServiceRequest.objects.count() == 1


def test_the_generic_requests_endpoint_refuses_the_service_and_names_this_endpoint(client, desk):
    response = client.post(
        "/api/v1/requests",
        {
            "service": "demanda-parlamentar",
            "description": "Pede informações sobre a praça central.",
        },
        content_type="application/json",
        **bearer(office()),
    )

    assert response.status_code == 422
    assert {
        "field": "service",
        "message": "Este serviço tem formulário próprio: faça o pedido em "
        "/legislativo/demandas/nova/ ou, pela API, com POST /api/v1/parliamentary-demands.",
    } in response.json()["errors"]
    assert not ServiceRequest.objects.exists()


def test_the_desk_lists_demands_with_status_deadline_and_late(client, desk, campo_grande):
    with at():
        req = file(office(), municipality=campo_grande)
    coordinator = desk_coordinator(desk)

    with at(dt.datetime(2026, 4, 10, 9, tzinfo=TZ)):
        response = client.get(URL, **bearer(coordinator))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": req.parliamentary_demand.pk,
            "protocol": "50005.000001/2026-20",
            "legislator": "Vereadora Helena Prado",
            "party": "PXX",
            "house": "municipal_chamber",
            "municipality": 5002704,
            "bill": None,
            "subject": "Iluminação da praça do Bairro Teste",
            "status": "received",
            "received": "2026-03-18T14:00:00Z",
            "due": "2026-04-09",
            "late": True,
            "url": "http://127.0.0.1:8000/protocolo/50005000001202620/",
        }
    ]


def test_the_desk_list_filters_by_house(client, desk, campo_grande):
    owner = office()
    with at():
        file(owner, municipality=campo_grande)
        file(owner, house=House.STATE_ASSEMBLY, legislator="Deputado Rui Campos")

    response = client.get(URL, {"house": "state_assembly"}, **bearer(desk_coordinator(desk)))

    assert [row["legislator"] for row in response.json()] == ["Deputado Rui Campos"]


def test_an_unknown_status_filter_answers_422(client, desk):
    response = client.get(URL, {"status": "sumida"}, **bearer(desk_coordinator(desk)))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_the_list_is_forbidden_to_anyone_outside_the_desk(client, desk, coordinator):
    assert client.get(URL, **bearer(office())).status_code == 403
    assert client.get(URL, **bearer(coordinator)).status_code == 403


def test_the_openapi_document_describes_both_operations(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    operations = paths["/api/v1/parliamentary-demands"]
    assert set(operations) == {"get", "post"}
    assert "Idempotency-Key" in [p["name"] for p in operations["post"]["parameters"]]
