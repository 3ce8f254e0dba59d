"""The plans API: shapes, scoping (401 and 404), ineligible actions and returns (422)."""

import datetime as dt

import pytest

from apoia.accounts.tests.factories import bearer
from apoia.programs.models import Plan
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import ALFA, adhesion_of
from apoia.programs.tests.plan_helpers import (
    CAMPO_GRANDE,
    at,
    build_world,
    fiscal_item,
    formacao_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return build_world(state_ms, community_unit, coordinator)


def body(world, *actions, target=0.8):
    return {
        "program": "ms-ativo",
        "phase": "fase-3",
        "municipality": CAMPO_GRANDE,
        "items": [
            {
                "action": action.pk,
                "responsible": {"name": "Renata Lima", "role": "Secretária", "contact": "ramal 12"},
                "targets": {"idhm_e": target} if action == world.formacao else {},
            }
            for action in actions
        ],
    }


def test_posting_a_plan_answers_201_with_baselines_targets_and_deliveries(
    client, world, municipal_user
):
    with at(dt.date(2024, 8, 1)):
        response = client.post(
            "/api/v1/plans",
            body(world, world.formacao),
            content_type="application/json",
            **bearer(municipal_user),
        )
    assert response.status_code == 201
    plan = Plan.objects.get()
    delivery = plan.items.get().deliveries.get()
    assert response.json() == {
        "id": plan.pk,
        "municipality": {"ibge": CAMPO_GRANDE, "name": "Campo Grande"},
        "status": "draft",
        "version": 0,
        "program": "ms-ativo",
        "phase": "fase-3",
        "revision_reason": "",
        "comment": "",
        "items": [
            {
                "action": world.formacao.pk,
                "title": "Formação de professores",
                "responsible": {"name": "Renata Lima", "role": "Secretária", "contact": "ramal 12"},
                "baselines": {"idhm_e": {"value": 0.724, "period": 2010}},
                "targets": {"idhm_e": 0.8},
                "deliveries": [
                    {
                        "id": delivery.pk,
                        "title": "Relatório final",
                        "weight": 1.0,
                        "due": "2024-08-15",
                        "status": "pending",
                    }
                ],
                "comment": "",
            }
        ],
    }


def test_an_ineligible_action_answers_422_naming_it(client, world, municipal_user):
    response = client.post(
        "/api/v1/plans",
        body(world, world.fiscal, world.inclusao),
        content_type="application/json",
        **bearer(municipal_user),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        [
            {
                "field": "items.1.action",
                "message": "A ação “Inclusão produtiva” é só para os municípios focais dos seus "
                "desafios, e Campo Grande não é focal em nenhum deles.",
            }
        ],
    )


def test_anonymous_callers_get_401_on_the_plans_list(client, world):
    assert client.get("/api/v1/plans").status_code == 401


def test_anonymous_callers_get_401_on_a_plan(client, world, municipal_user):
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 401


def test_a_focal_point_gets_404_for_another_municipality_plan(
    client, world, municipal_user, admin_user
):
    other = services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    assert client.get(f"/api/v1/plans/{other.pk}", **bearer(municipal_user)).status_code == 404


def test_a_focal_point_gets_404_changing_another_municipality_plan(
    client, world, municipal_user, admin_user
):
    other = services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    response = client.post(f"/api/v1/plans/{other.pk}/submit", **bearer(municipal_user))
    assert response.status_code == 404


def test_a_focal_point_gets_404_posting_a_plan_for_another_municipality(
    client, world, municipal_user
):
    adhesion_of(world.program, world.phase, ALFA)
    data = {**body(world, world.fiscal), "municipality": ALFA}
    response = client.post(
        "/api/v1/plans", data, content_type="application/json", **bearer(municipal_user)
    )
    assert response.status_code == 404


def test_the_list_filters_by_status(client, world, municipal_user, admin_user):
    services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    response = client.get("/api/v1/plans?program=ms-ativo&status=submitted", **bearer(admin_user))
    assert response.json() == [
        {
            "id": plan.pk,
            "municipality": {"ibge": CAMPO_GRANDE, "name": "Campo Grande"},
            "status": "submitted",
            "version": 0,
        }
    ]


def test_a_return_without_comment_answers_422(client, world, municipal_user, technician):
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    response = client.post(
        f"/api/v1/plans/{plan.pk}/approval",
        {"approved": False, "comment": ""},
        content_type="application/json",
        **bearer(technician),
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        [
            {
                "field": "comment",
                "message": "Para devolver o plano, escreva um comentário (geral ou em alguma "
                "ação).",
            }
        ],
    )


def test_a_return_with_an_item_comment_shows_it_on_the_item(
    client, world, municipal_user, technician
):
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    response = client.post(
        f"/api/v1/plans/{plan.pk}/approval",
        {"approved": False, "items": [{"action": world.fiscal.pk, "comment": "Detalhar."}]},
        content_type="application/json",
        **bearer(technician),
    )
    assert (response.json()["status"], response.json()["items"][0]["comment"]) == (
        "returned",
        "Detalhar.",
    )


def test_submitting_twice_answers_409(client, world, municipal_user):
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    response = client.post(f"/api/v1/plans/{plan.pk}/submit", **bearer(municipal_user))
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "Este plano já foi enviado."},
    )


def test_the_versions_list_each_approval_with_its_changes(
    client, world, municipal_user, coordinator
):
    with at(dt.date(2024, 8, 5)):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
        services.submit_plan(plan, by=municipal_user)
        services.decide_plan(plan, approved=True, by=coordinator)
    with at(dt.date(2024, 9, 2)):
        response = client.put(
            f"/api/v1/plans/{plan.pk}",
            {**body(world, world.formacao, target=0.9), "reason": "Meta revista."},
            content_type="application/json",
            **bearer(municipal_user),
        )
        assert response.json()["status"] == "draft"
        services.submit_plan(plan, by=municipal_user)
        services.decide_plan(plan, approved=True, by=coordinator)
    versions = client.get(f"/api/v1/plans/{plan.pk}/versions", **bearer(municipal_user)).json()
    assert [(v["number"], v["reason"], v["approved_by"], v["changes"]) for v in versions] == [
        (
            2,
            "Meta revista.",
            "Carla Coelho",
            {
                "added": [],
                "removed": [],
                "targets": [
                    {"action": "Formação de professores", "what": "idhm_e", "old": 0.8, "new": 0.9}
                ],
                "dues": [],
                "responsible": [
                    {
                        "action": "Formação de professores",
                        "what": "responsible",
                        "old": "Renata Lima, Secretária de Educação, renata@exemplo.ms.gov.br",
                        "new": "Renata Lima, Secretária, ramal 12",
                    }
                ],
            },
        ),
        (
            1,
            "",
            "Carla Coelho",
            {
                "added": ["Formação de professores"],
                "removed": [],
                "targets": [],
                "dues": [],
                "responsible": [],
            },
        ),
    ]
