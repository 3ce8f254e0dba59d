"""GET /api/v1/programs/{slug}/report: the report's figures as JSON, token auth, 401/404/422."""

import datetime as dt

import pytest

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.accounts.tests.factories import bearer
from apoia.programs.tests.menu_helpers import ALFA, BETA, GAMA
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.report_helpers import report_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/programs/ms-ativo/report"


@pytest.fixture
def world(state_ms, community_unit, municipal_user):
    return report_world(state_ms, community_unit, municipal_user)


def _get(client, user, **params):
    with at(dt.date(2024, 9, 2)):
        return client.get(URL, params, **(bearer(user) if user else {}))


def test_the_report_answers_the_classification_progress_and_late_items(client, world, coordinator):
    response = _get(client, coordinator, phase="fase-3", start="2024-08-01", end="2024-08-31")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {
        "start": "2024-08-01",
        "end": "2024-08-31",
        "reference_day": "2024-09-01",
    }
    assert body["deliveries"] == {
        "total": {"count": 6, "weight": 16.0},
        "on_time": {"count": 2, "weight": 2.0},
        "validated_late": {"count": 1, "weight": 2.0},
        "late": {"count": 2, "weight": 10.0},
        "held": {"count": 1, "weight": 2.0},
        "upcoming": {"count": 0, "weight": 0.0},
    }
    assert body["progress"]["validated_weight"] == 4.0
    assert body["progress"]["total_weight"] == 18.0
    assert [(m["ibge"], m["progress"], m["late"]) for m in body["municipalities"]] == [
        (ALFA, 0.3, 1),
        (BETA, 0.125, 1),
        (GAMA, None, 0),
    ]
    assert [
        (d["municipality"]["name"], d["due"], d["days_late"], d["responsible"]["name"])
        for d in body["late_deliveries"]
    ] == [("Alfa", "2024-08-19", 9, "Renata Lima"), ("Beta", "2024-08-26", 4, "Bruno Reis")]
    assert body["generated"]["by"] == "Carla Coelho"


def test_without_a_token_the_report_answers_401(client, world):
    assert _get(client, None).status_code == 401


def test_out_of_scope_and_unknown_programs_answer_404(client, world, municipal_user):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership

    outsider = User.objects.create_user(email="o@ouvidoria.test", password="x", full_name="O")
    ensure_membership(outsider, Role.COORDINATOR, org_unit=ensure_unit("ms-ouvidoria"))

    assert _get(client, outsider).status_code == 404
    assert _get(client, municipal_user).status_code == 404
    with at(dt.date(2024, 9, 2)):
        unknown = client.get("/api/v1/programs/nao-existe/report", **bearer(outsider))
    assert unknown.status_code == 404


def test_bad_dates_answer_422_with_the_field_path(client, world, coordinator):
    reversed_ = _get(client, coordinator, start="2024-08-31", end="2024-08-01")
    malformed = _get(client, coordinator, start="2024-02-31", end="2024-03-31")
    too_long = _get(client, coordinator, start="2019-01-01", end="2024-01-01")
    phase = _get(client, coordinator, phase="fase-9")

    assert (reversed_.status_code, reversed_.json()["errors"]) == (
        422,
        [{"field": "end", "message": "O fim do período não pode ser anterior ao início."}],
    )
    assert malformed.json()["errors"] == [{"field": "start", "message": "Informe uma data válida."}]
    assert too_long.json()["errors"] == [
        {"field": "end", "message": "O período pode ter no máximo 5 anos."}
    ]
    assert (phase.status_code, [e["field"] for e in phase.json()["errors"]]) == (422, ["phase"])


def test_the_openapi_documents_401_404_and_422(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"401", "404", "422"} <= set(paths["/api/v1/programs/{slug}/report"]["get"]["responses"])


def test_a_period_preset_reports_on_the_current_quarter(client, world, coordinator):
    quarter = _get(client, coordinator, period="quarter")
    unknown = _get(client, coordinator, period="semester")

    assert quarter.json()["period"] == {
        "start": "2024-07-01",
        "end": "2024-09-30",
        "reference_day": "2024-09-02",
    }
    assert (unknown.status_code, unknown.json()["errors"]) == (
        422,
        [{"field": "period", "message": "Valor inválido; use um de: month, quarter, year."}],
    )
