# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""API of bills: /api/v1/bills (public list and detail; internal parts for staff of the
state) and the desk's actions, with the services of the pages."""

import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.legislative.models import Bill, OpinionRequest
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    DUE_5,
    at,
    bill,
    desk,
    desk_user,
    new_bill,
    route,
    segem,
    three_units,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/bills"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _get(client, url, user=None):
    with at():
        return client.get(url, **(_auth(user) if user else {}))


def _post(client, url, user, **body):
    with at():
        return client.post(url, json.dumps(body), content_type="application/json", **_auth(user))


def test_the_list_answers_public_facts(client, bill):
    assert _get(client, URL).json() == [
        {
            "id": bill.pk,
            "house": "state_assembly",
            "kind": "pl",
            "number": 123,
            "year": 2026,
            "author": "Dep. Fulana de Tal",
            "summary": "Institui a política estadual de apoio às associações comunitárias.",
            "link": "https://al.ms.gov.br/proposicoes/123-2026",
            "status": "filed",
            "uf": "MS",
            "municipality": None,
        }
    ]


def test_the_list_filters_by_status_and_house(client, bill, desk_user, desk, campo_grande):
    chamber = new_bill(desk_user, desk, house="municipal_chamber", municipality=campo_grande)
    rows = _get(client, URL + "?status=filed&house=municipal_chamber").json()
    assert [(r["id"], r["municipality"]) for r in rows] == [(chamber.pk, 5002704)]
    assert _get(client, URL + "?status=approved").json() == []


def test_an_unknown_status_answers_422_naming_the_query_field(client, db):
    response = _get(client, URL + "?status=lost")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "status", "message": "Situação desconhecida."}]


def test_an_unknown_house_answers_422_naming_the_query_field(client, db):
    response = _get(client, URL + "?house=senado")
    assert response.json()["errors"] == [
        {"field": "house", "message": "Casa legislativa desconhecida."}
    ]


def test_the_public_detail_has_the_history_but_no_opinions(client, bill, desk_user, segem):
    route(desk_user, bill, [segem])
    data = _get(client, f"{URL}/{bill.pk}").json()
    assert data["status_history"] == [{"status": "filed", "happened_on": "2026-11-10", "note": ""}]
    assert (data["desk"], data["opinion_requests"], data["consolidation"]) == (
        "ms-segem-sal",
        None,
        None,
    )


def test_staff_of_the_state_read_the_opinion_requests(client, bill, desk_user, segem, technician):
    route(desk_user, bill, [segem], days=5)
    with at("2026-11-25 10:00 -04:00"):
        data = client.get(f"{URL}/{bill.pk}", **_auth(technician)).json()
    (row,) = data["opinion_requests"]
    assert (row["unit"], row["due_on"], row["late"], row["position"]) == (
        "ms-segem",
        "2026-11-24",
        True,
        "",
    )


def test_an_unknown_bill_is_404(client, db):
    assert _get(client, f"{URL}/999").status_code == 404


def test_the_desk_files_a_bill(client, desk_user, desk, segem):
    response = _post(
        client,
        URL,
        desk_user,
        house="state_assembly",
        kind="pec",
        number=3,
        year=2026,
        author="Mesa Diretora",
        summary="Altera a Constituição Estadual.",
        affected_units=["ms-segem"],
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["affected_units"]) == ("pec", ["ms-segem"])
    assert Bill.objects.get().desk == desk


def test_filing_outside_the_desk_answers_403(client, desk, technician):
    response = _post(
        client,
        URL,
        technician,
        house="state_assembly",
        kind="pl",
        number=3,
        year=2026,
        author="X",
        summary="Y",
    )
    assert response.status_code == 403


def test_a_chamber_bill_without_municipality_answers_422(client, desk_user, desk):
    response = _post(
        client,
        URL,
        desk_user,
        house="municipal_chamber",
        kind="pl",
        number=3,
        year=2026,
        author="X",
        summary="Y",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "municipality", "message": "Informe o município da câmara municipal."}
    ]


def test_the_desk_records_a_status(client, bill, desk_user):
    response = _post(
        client,
        f"{URL}/{bill.pk}/status",
        desk_user,
        status="in_committee",
        happened_on="2026-11-13",
    )
    assert (response.status_code, response.json()["status"]) == (201, "in_committee")


def test_the_desk_routes_to_three_units(client, bill, desk_user, three_units):
    response = _post(
        client,
        f"{URL}/{bill.pk}/routing",
        desk_user,
        units=["ms-sec-spp-comunitarios", "ms-ouvidoria", "ms-segem"],
        business_days=15,
        question="Impacto?",
    )
    assert response.status_code == 201
    assert [(r["unit"], r["due_on"]) for r in response.json()] == [
        ("ms-sec-spp-comunitarios", "2026-12-08"),
        ("ms-ouvidoria", "2026-12-08"),
        ("ms-segem", "2026-12-08"),
    ]


def test_three_units_with_three_deadlines_in_one_call(client, bill, desk_user, three_units):
    response = _post(
        client,
        f"{URL}/{bill.pk}/routing",
        desk_user,
        units=["ms-sec-spp-comunitarios", "ms-ouvidoria", "ms-segem"],
        business_days=10,
        business_days_by_unit={"ms-sec-spp-comunitarios": 5, "ms-segem": 15},
    )
    assert [(r["unit"], r["business_days"], r["due_on"]) for r in response.json()] == [
        ("ms-sec-spp-comunitarios", 5, "2026-11-24"),
        ("ms-ouvidoria", 10, "2026-12-01"),
        ("ms-segem", 15, "2026-12-08"),
    ]


def test_a_deadline_for_a_unit_not_consulted_answers_422(client, bill, desk_user, segem):
    response = _post(
        client,
        f"{URL}/{bill.pk}/routing",
        desk_user,
        units=["ms-segem"],
        business_days=10,
        business_days_by_unit={"ms-ouvidoria": 5},
    )
    assert response.json()["errors"] == [
        {
            "field": "business_days_by_unit.ms-ouvidoria",
            "message": "Unidade fora da lista de unidades consultadas: ms-ouvidoria.",
        }
    ]


def test_an_unknown_unit_answers_422_naming_its_index(client, bill, desk_user, segem):
    response = _post(
        client, f"{URL}/{bill.pk}/routing", desk_user, units=["ms-segem", "nada"], business_days=5
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "units.1", "message": "Unidade desconhecida: nada."}
    ]
    assert not OpinionRequest.objects.exists()


def test_routing_outside_the_desk_answers_403(client, bill, coordinator, segem):
    response = _post(
        client, f"{URL}/{bill.pk}/routing", coordinator, units=["ms-segem"], business_days=5
    )
    assert response.status_code == 403


def test_the_consulted_unit_answers(client, bill, desk_user, community_unit, coordinator):
    (req,) = route(desk_user, bill, [community_unit])
    response = _post(
        client,
        f"/api/v1/opinion-requests/{req.pk}/answer",
        coordinator,
        position="no_objection",
        opinion="Nada a opor.",
    )
    assert (response.status_code, response.json()["position"]) == (200, "no_objection")


def test_a_bad_position_answers_422_naming_it(client, bill, desk_user, community_unit, coordinator):
    (req,) = route(desk_user, bill, [community_unit])
    response = _post(
        client,
        f"/api/v1/opinion-requests/{req.pk}/answer",
        coordinator,
        position="maybe",
        opinion="Hum.",
    )
    assert response.json()["errors"] == [
        {"field": "position", "message": "Escolha a posição da unidade."}
    ]


def test_an_opinion_request_outside_the_state_is_404(
    client, bill, desk_user, community_unit, organization_user
):
    (req,) = route(desk_user, bill, [community_unit])
    response = _post(
        client,
        f"/api/v1/opinion-requests/{req.pk}/answer",
        organization_user,
        position="favourable",
        opinion="Sim.",
    )
    assert response.status_code == 404


def test_consolidation_with_open_requests_answers_422_on_cancel_open(
    client, bill, desk_user, segem
):
    route(desk_user, bill, [segem])
    response = _post(
        client, f"{URL}/{bill.pk}/consolidation", desk_user, position="against", text="Não."
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cancel_open"


def test_the_desk_consolidates(client, bill, desk_user, segem):
    route(desk_user, bill, [segem])
    response = _post(
        client,
        f"{URL}/{bill.pk}/consolidation",
        desk_user,
        position="against",
        text="O Estado é contrário.",
        cancel_open=True,
    )
    assert response.status_code == 200
    assert response.json()["consolidation"]["position"] == "against"


def test_the_api_and_the_page_give_the_same_deadlines(
    client, sign_in, bill, desk_user, desk, community_unit, segem
):
    other = new_bill(desk_user, desk, number=124)
    _post(client, f"{URL}/{bill.pk}/routing", desk_user, units=["ms-segem"], business_days=5)
    with at():
        sign_in(desk_user).post(
            f"/legislativo/proposicoes/{other.pk}/pareceres/",
            {"routing-units": [segem.pk], "routing-business_days": "5"},
        )
    via_api, via_page = (
        [
            {k: v for k, v in row.items() if k != "id"}
            for row in _get(client, f"{URL}/{b.pk}", desk_user).json()["opinion_requests"]
        ]
        for b in (bill, other)
    )
    assert via_api == via_page
    assert via_api[0]["due_on"] == DUE_5.isoformat()
