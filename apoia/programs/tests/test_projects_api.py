"""GET /api/v1/projects and /api/v1/projects/{slug}, and a project's delivery worked through
the existing /api/v1/deliveries… endpoints (evidence, submit, review)."""

import datetime as dt

import pytest

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.accounts.tests.factories import bearer
from apoia.programs.models import DeliveryStatus, PlanDelivery
from apoia.programs.tests.delivery_helpers import pdf
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.project_helpers import approved_project, person

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2024, 10, 16)


@pytest.fixture
def world(state_ms):
    return approved_project(state_ms)


def test_projects_need_a_token(client, world):
    assert client.get("/api/v1/projects").status_code == 401
    assert client.get("/api/v1/projects/conectividade").status_code == 401


def test_the_list_shows_goals_with_target_deadline_unit_status_and_progress(client, world):
    PlanDelivery.objects.filter(item__plan=world.plan, delivery=world.contract).update(
        status=DeliveryStatus.VALIDATED
    )
    with at(WEDNESDAY):
        response = client.get("/api/v1/projects", **bearer(world.tiago))
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "conectividade",
            "name": "Conectividade nas escolas",
            "unit": world.managing.name,
            "phase": "execucao-2024",
            # (1) / (1 + 3 + 2)
            "progress": 1 / 6,
            "goals": [
                {
                    "id": world.connect.pk,
                    "title": "Conectar 200 escolas",
                    "target": 200.0,
                    "unit": "escolas",
                    "deadline": "2025-06-30",
                    "responsible_unit": world.responsible.name,
                    "status": "in_progress",
                    "progress": 0.25,
                },
                {
                    "id": world.dropout.pk,
                    "title": "Reduzir o abandono escolar",
                    "target": 5.0,
                    "unit": "%",
                    "deadline": "2025-12-31",
                    "responsible_unit": world.responsible.name,
                    "status": "in_progress",
                    "progress": 0.0,
                },
            ],
        }
    ]


def test_one_project_and_a_late_goal(client, world):
    with at(dt.date(2026, 1, 5)):
        response = client.get("/api/v1/projects/conectividade", **bearer(world.silvia))
    assert response.status_code == 200
    assert [g["status"] for g in response.json()["goals"]] == ["late", "late"]


def test_out_of_scope_answers_404_and_an_empty_list(client, world, municipal_user):
    olga = person(
        "olga@apoia.test", "Olga Ornelas", Role.TECHNICIAN, org_unit=ensure_unit("ms-ouvidoria")
    )
    delivery = PlanDelivery.objects.filter(item__plan=world.plan).first()
    for outsider in (municipal_user, olga):
        headers = bearer(outsider)
        assert client.get("/api/v1/projects", **headers).json() == []
        assert client.get("/api/v1/projects/conectividade", **headers).status_code == 404
        assert client.get(f"/api/v1/deliveries/{delivery.pk}", **headers).status_code == 404
        listed = client.get(f"/api/v1/deliveries?plan={world.plan.pk}", **headers)
        assert listed.json() == []
    assert client.get("/api/v1/projects/nao-existe", **bearer(world.silvia)).status_code == 404


def test_a_project_delivery_goes_through_the_deliveries_api(client, world):
    delivery = PlanDelivery.objects.get(item__plan=world.plan, delivery=world.contract)
    tiago, silvia = bearer(world.tiago), bearer(world.silvia)
    with at(WEDNESDAY):
        sent = client.post(
            f"/api/v1/deliveries/{delivery.pk}/evidence",
            {"kind": "document", "file": pdf()},
            **tiago,
        )
        assert sent.status_code == 201, sent.content
        assert client.post(f"/api/v1/deliveries/{delivery.pk}/submit", **tiago).status_code == 200
        own = client.post(
            f"/api/v1/deliveries/{delivery.pk}/review",
            {"decision": "validate"},
            content_type="application/json",
            **tiago,
        )
        assert own.status_code == 403
        reviewed = client.post(
            f"/api/v1/deliveries/{delivery.pk}/review",
            {"decision": "validate"},
            content_type="application/json",
            **silvia,
        )
        assert reviewed.status_code == 200, reviewed.content
        detail = client.get(f"/api/v1/deliveries/{delivery.pk}", **silvia).json()
    assert detail["status"] == "validated"
    assert detail["municipality"] is None
    assert detail["project"] == "conectividade"
    progress = client.get(f"/api/v1/plans/{world.plan.pk}/progress", **silvia).json()
    assert (progress["validated_weight"], progress["total_weight"]) == (1.0, 6.0)
