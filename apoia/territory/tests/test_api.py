import pytest

from apoia.territory.models import Municipality, NonBusinessDay
from apoia.territory.reference import load_territory

pytestmark = pytest.mark.usefixtures("ms_mt")


def test_deadline_endpoint_returns_received_counting_start_due_and_skipped_days(client):
    response = client.get(
        "/api/v1/calendar/deadline",
        {"received": "2026-11-19T15:30", "amount": 10, "unit": "business_days", "uf": "MS"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["received"].startswith("2026-11-19T15:30:00")
    assert body["counting_starts"] == "2026-11-23"
    assert body["due"] == "2026-12-04"
    assert body["skipped"][0] == {
        "date": "2026-11-20",
        "reason": "Dia Nacional de Zumbi e da Consciência Negra",
        "scope": "national",
    }
    assert [d["date"] for d in body["skipped"]] == [
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-28",
        "2026-11-29",
    ]


def test_deadline_endpoint_uses_the_municipal_calendar(client):
    NonBusinessDay.objects.create(
        date="2027-08-26",
        name="Aniversário de Campo Grande",
        kind="municipal_holiday",
        municipality=Municipality.objects.get(ibge=5002704),
    )
    params = {"received": "2027-08-25T09:00", "amount": 1, "uf": "MS"}

    assert client.get("/api/v1/calendar/deadline", params).json()["due"] == "2027-08-26"
    params["municipality"] = 5002704
    assert client.get("/api/v1/calendar/deadline", params).json()["due"] == "2027-08-27"


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"received": "ontem", "amount": 10, "uf": "MS"}, "received", 400),
        ({"received": "2026-11-19", "amount": "dez", "uf": "MS"}, "amount", 422),
        ({"received": "2026-11-19", "amount": 10, "uf": "MS", "unit": "anos"}, "unit", 422),
        ({"received": "2026-11-19", "amount": 10}, "uf", 422),
        ({"received": "2026-11-19", "amount": 10, "uf": "ZZ"}, "uf", 400),
        ({"received": "2026-11-19", "amount": -1, "uf": "MS"}, "amount", 400),
        (
            {"received": "2026-11-19", "amount": 1, "uf": "MS", "municipality": 5103403},
            "municipality",
            400,
        ),
    ],
)
def test_bad_deadline_parameters_answer_a_json_error_naming_the_parameter(
    client, params, field, status
):
    response = client.get("/api/v1/calendar/deadline", params)

    assert response.status_code == status
    assert field in [error["field"] for error in response.json()["errors"]]


def test_holidays_endpoint_lists_national_state_and_local_days(client):
    NonBusinessDay.objects.create(
        date="2027-02-09",
        name="Carnaval",
        kind="closure",
        state_id=50,
    )

    response = client.get("/api/v1/calendar/holidays", {"uf": "MS", "year": 2027})

    rows = {row["date"]: row for row in response.json()}
    assert rows["2027-10-11"] == {
        "date": "2027-10-11",
        "name": "Criação do Estado",
        "scope": "state",
    }
    assert rows["2027-03-26"]["scope"] == "national"
    assert rows["2027-02-09"] == {"date": "2027-02-09", "name": "Carnaval", "scope": "closure"}
    assert "2027-10-11" not in {
        r["date"]
        for r in client.get("/api/v1/calendar/holidays", {"uf": "MT", "year": 2027}).json()
    }


def test_holidays_endpoint_rejects_a_bad_year(client):
    response = client.get("/api/v1/calendar/holidays", {"uf": "MS", "year": "abc"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_states_endpoint_lists_the_27_states(client, db):
    load_territory()

    rows = client.get("/api/v1/states").json()

    assert len(rows) == 27
    assert {
        "code": 50,
        "uf": "MS",
        "name": "Mato Grosso do Sul",
        "region": "Centro-Oeste",
        "timezone": "America/Campo_Grande",
    } in rows


def test_reference_has_every_ibge_municipality(db):
    load_territory()

    assert Municipality.objects.count() == 5571
    assert Municipality.objects.filter(ibge=5101837).exists()  # Boa Esperança do Norte, MT


def test_municipalities_endpoint_filters_by_state(client):
    rows = client.get("/api/v1/municipalities", {"uf": "MS"}).json()

    assert len(rows) == 79
    assert {"ibge", "name", "uf"} <= set(rows[0])
    assert {r["uf"] for r in rows} == {"MS"}
    assert len(client.get("/api/v1/municipalities", {"uf": "MT"}).json()) == 142


def test_municipality_detail_and_missing_one(client):
    body = client.get("/api/v1/municipalities/5002704").json()

    assert body["name"] == "Campo Grande"
    assert body["uf"] == "MS"
    assert body["is_capital"] is True
    missing = client.get("/api/v1/municipalities/1234567")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Não encontrado."}


def test_unknown_state_filter_is_a_400_naming_uf(client):
    response = client.get("/api/v1/municipalities", {"uf": "XX"})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "uf", "message": "UF desconhecida: XX."}]


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/calendar/deadline" in schema["paths"]
    assert "/api/v1/municipalities/{ibge}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200
