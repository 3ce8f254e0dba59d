"""Every programs object page shows its history: who, when and what changed (issue 9, item 7)."""

import datetime as dt

import pytest
from django.urls import reverse

from apoia.programs import services
from apoia.programs.models import PhaseStatus
from apoia.programs.services import challenges as challenge_services
from apoia.programs.services import menu as menu_services
from apoia.programs.services import plans as plans_services
from apoia.programs.tests.plan_helpers import at, build_world, formacao_item
from conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return build_world(state_ms, community_unit, coordinator)


def history_of(client, user, url) -> str:
    """The page's history section, from its heading to its end."""
    client.force_login(user, backend=MODEL_BACKEND)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('id="history-title"')
    return body[start : body.index("</section>", start)]


def test_the_program_page_shows_the_changes_of_its_phases(client, world, coordinator):
    services.update_phase(world.phase, by=coordinator, end=dt.date(2025, 6, 30))

    section = history_of(client, coordinator, "/programas/gestao/ms-ativo/")

    assert "Carla Coelho" in section and "término: — → 30 de Junho de 2025" in section


def test_the_phase_page_shows_its_history(client, world, coordinator):
    services.update_phase(world.phase, by=coordinator, status=PhaseStatus.CLOSED)

    section = history_of(client, coordinator, "/programas/gestao/ms-ativo/fases/fase-3/")

    assert "Carla Coelho" in section and "situação: Em execução → Encerrada" in section


def test_a_history_row_names_the_object_without_the_records_utc_time(client, world, coordinator):
    with at(dt.date(2030, 8, 5)):
        services.update_phase(world.phase, by=coordinator, status=PhaseStatus.CLOSED)

    section = history_of(client, coordinator, "/programas/gestao/ms-ativo/fases/fase-3/")

    assert "05/08/2030 10:00" in section and "as of" not in section


def test_the_adhesion_page_shows_the_withdrawal_in_its_history(client, world, coordinator):
    services.withdraw_adhesion(world.adhesion, reason="Mudança de gestão.", by=coordinator)

    section = history_of(client, coordinator, f"/programas/adesoes/{world.adhesion.pk}/")

    assert "Carla Coelho" in section and "situação: Ativa → Desistência" in section


def test_the_challenge_page_shows_an_edit_in_its_history(client, world, coordinator):
    challenge = world.phase.challenges.get(slug="educacao")
    challenge.name = "Educação básica"
    challenge_services.save_challenge(challenge, indicators=[world.idhm_e], by=coordinator)

    section = history_of(client, coordinator, "/programas/ms-ativo/desafios/educacao/")

    assert "Carla Coelho" in section and "nome: Educação → Educação básica" in section


def test_the_action_page_shows_an_edit_in_its_history(client, world, coordinator):
    action = world.fiscal
    action.title = "Gestão fiscal responsável"
    menu_services.save_action(
        action,
        challenges=[],
        deliveries=[
            {
                "id": d.pk,
                "title": d.title,
                "weight": d.weight,
                "due_offset_days": d.due_offset_days,
                "evidence_types": d.evidence_types,
            }
            for d in action.deliveries.all()
        ],
        by=coordinator,
    )

    section = history_of(
        client, coordinator, reverse("programs:action_edit", args=["ms-ativo", action.pk])
    )

    assert "Gestão fiscal → Gestão fiscal responsável" in section


def test_the_plan_page_shows_who_submitted_it(client, world, coordinator, municipal_user):
    plan = plans_services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    client.force_login(municipal_user, backend=MODEL_BACKEND)
    client.post(reverse("programs:plan_submit", args=[plan.pk]))

    section = history_of(client, coordinator, f"/programas/planos/{plan.pk}/")

    assert "Mário Mendes" in section and "situação: Rascunho → Enviado para análise" in section


def test_a_change_to_a_list_field_is_shown_as_its_items(client, world, coordinator):
    action = world.fiscal
    delivery = action.deliveries.get()
    menu_services.save_action(
        action,
        challenges=[],
        deliveries=[
            {
                "id": delivery.pk,
                "title": delivery.title,
                "weight": delivery.weight,
                "due_offset_days": delivery.due_offset_days,
                "evidence_types": ["document", "photo"],
            }
        ],
        by=coordinator,
    )

    section = history_of(
        client, coordinator, reverse("programs:action_edit", args=["ms-ativo", action.pk])
    )

    assert "document → document, photo" in section
