"""Challenge and menu pages and their API endpoints, over the toy state of menu_helpers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apoia.programs.models import Action, FocalAdjustment
from apoia.programs.services import challenges as challenge_services
from apoia.programs.tests.menu_helpers import (
    ALFA,
    BETA,
    DELTA,
    GAMA,
    action_with,
    adhesion_of,
    challenge_for,
    idhm_e,
    program_and_phase,
    quantile_rule,
    toy_state,
)
from conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(state_ms, community_unit, coordinator):
    toy_state(state_ms)
    program, phase = program_and_phase(state_ms, community_unit)
    challenge = challenge_for(phase, rule=quantile_rule(idhm_e(), 0.5))
    challenge_services.recompute(challenge, by=coordinator)
    action = action_with(
        phase, community_unit, "Busca ativa escolar", challenges=[challenge], places=20
    )
    return {"program": program, "phase": phase, "challenge": challenge, "action": action}


def signed_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_the_challenges_api_lists_indicators_and_focal_municipalities_with_reasons(client, site):
    response = client.get("/api/v1/programs/ms-ativo/challenges")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "educacao",
            "name": "Educação",
            "indicators": ["idhm_e"],
            "focal": [
                {"ibge": ALFA, "reasons": ["pior metade em MS (0,412; corte 0,550)"]},
                {"ibge": DELTA, "reasons": ["pior metade em MS (0,460; corte 0,550)"]},
                {"ibge": BETA, "reasons": ["pior metade em MS (0,550; corte 0,550)"]},
            ],
        }
    ]


def test_the_actions_api_lists_the_menu_with_deliveries(client, site):
    response = client.get("/api/v1/programs/ms-ativo/actions")
    assert response.json() == [
        {
            "id": site["action"].pk,
            "title": "Busca ativa escolar",
            "unit": "ms-sec-spp-comunitarios",
            "challenges": ["educacao"],
            "eligibility": "all_adhered",
            "places": 20,
            "deliveries": [
                {
                    "title": "Relatório final",
                    "weight": 1.0,
                    "due_offset_days": 10,
                    "evidence_types": ["document"],
                }
            ],
        }
    ]


def test_an_unknown_phase_in_the_api_is_a_field_error(client, site):
    response = client.get("/api/v1/programs/ms-ativo/actions?phase=fase-9")
    assert response.status_code == 422


def test_the_public_challenge_page_shows_the_focal_table_and_reasons(client, site):
    response = client.get(reverse("programs:challenge", args=["ms-ativo", "educacao"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "pior metade em MS (0,460; corte 0,550)" in body
    assert "Registrar ajuste" not in body


def test_the_public_menu_page_lists_the_action_and_its_deliveries(client, site):
    body = client.get(reverse("programs:menu", args=["ms-ativo"])).content.decode()
    assert "Busca ativa escolar" in body
    assert "10 dias úteis após a aprovação do plano" in body


def test_an_adjustment_without_justification_is_shown_back_with_the_message(
    client, site, coordinator
):
    response = signed_in(client, coordinator).post(
        reverse("programs:challenge_adjust", args=["ms-ativo", "educacao"]),
        {"kind": "add", "municipality": GAMA, "justification": ""},
    )
    assert response.status_code == 422
    assert "Escreva a justificativa do ajuste." in response.content.decode()
    assert FocalAdjustment.objects.count() == 0


def test_a_manager_adds_a_municipality_from_the_page(client, site, coordinator):
    response = signed_in(client, coordinator).post(
        reverse("programs:challenge_adjust", args=["ms-ativo", "educacao"]),
        {"kind": "add", "municipality": GAMA, "justification": "Pedido da regional."},
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "incluído manualmente: Pedido da regional." in body


def test_the_recompute_preview_lists_who_enters(client, site, coordinator):
    from apoia.indicators.models import IndicatorValue

    IndicatorValue.objects.filter(municipality_id=GAMA).update(value=0.400)
    response = signed_in(client, coordinator).get(
        reverse("programs:challenge_recompute", args=["ms-ativo", "educacao"])
    )
    body = response.content.decode()
    assert "Entram 1 município" in body or "Entra 1 município" in body
    assert "Gama" in body


def test_after_new_indicator_data_the_challenge_page_tells_managers_a_recompute_is_due(
    client, site, coordinator
):
    from apoia.indicators.models import IndicatorValue

    IndicatorValue.objects.filter(municipality_id=GAMA).update(value=0.400)
    body = (
        signed_in(client, coordinator)
        .get(reverse("programs:challenge", args=["ms-ativo", "educacao"]))
        .content.decode()
    )

    assert (
        "Os dados dos indicadores mudaram desde o último cálculo: recalcular incluiria "
        "1 município e retiraria 1."
    ) in body
    assert "Conferir e recalcular" in body


def test_without_new_data_the_challenge_page_shows_no_pending_recompute(client, site, coordinator):
    body = (
        signed_in(client, coordinator)
        .get(reverse("programs:challenge", args=["ms-ativo", "educacao"]))
        .content.decode()
    )

    assert "mudaram desde o último cálculo" not in body


def test_someone_outside_the_managing_unit_cannot_open_the_recompute(client, site, ombudsman):
    response = signed_in(client, ombudsman).get(
        reverse("programs:challenge_recompute", args=["ms-ativo", "educacao"])
    )
    assert response.status_code == 403


def test_the_editor_creates_an_action_with_its_deliveries(
    client, site, coordinator, community_unit
):
    response = signed_in(client, coordinator).post(
        reverse("programs:action_new", args=["ms-ativo"]),
        {
            "title": "Oficina de planejamento",
            "unit": community_unit.pk,
            "description": "",
            "modality": "hybrid",
            "places": "",
            "eligibility": "focal_only",
            "challenges": [site["challenge"].pk],
            "is_published": "on",
            "deliveries-TOTAL_FORMS": "2",
            "deliveries-INITIAL_FORMS": "0",
            "deliveries-MIN_NUM_FORMS": "0",
            "deliveries-MAX_NUM_FORMS": "30",
            "deliveries-0-title": "Oficina realizada",
            "deliveries-0-weight": "2,5",
            "deliveries-0-due_offset_days": "20",
            "deliveries-0-evidence_types": ["photo", "attendance_list"],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Oficina de planejamento")
    assert list(action.deliveries.values_list("title", "weight", "evidence_types")) == [
        ("Oficina realizada", Decimal("2.50"), ["photo", "attendance_list"])
    ]


def new_action_post(site, unit, **extra) -> dict:
    return {
        "title": "Oficina de planejamento",
        "unit": unit.pk,
        "description": "",
        "modality": "hybrid",
        "places": "",
        "eligibility": "focal_only",
        "challenges": [site["challenge"].pk],
        "is_published": "on",
        "deliveries-TOTAL_FORMS": "1",
        "deliveries-INITIAL_FORMS": "0",
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "30",
        "deliveries-0-title": "Oficina realizada",
        "deliveries-0-weight": "2",
        "deliveries-0-due_offset_days": "20",
        "deliveries-0-evidence_types": ["photo"],
        **extra,
    }


def test_the_editor_sets_the_actions_own_review_checklist_one_question_a_line(
    client, site, coordinator, community_unit
):
    response = signed_in(client, coordinator).post(
        reverse("programs:action_new", args=["ms-ativo"]),
        new_action_post(
            site,
            community_unit,
            **{
                "checklist-photo": (
                    "Aparecem os participantes?\n\n  A faixa da oficina está visível?  "
                )
            },
        ),
    )

    assert response.status_code == 302
    action = Action.objects.get(title="Oficina de planejamento")
    assert action.review_checklist == {
        "photo": ["Aparecem os participantes?", "A faixa da oficina está visível?"]
    }
    assert action.checklist_for("photo") == [
        "Aparecem os participantes?",
        "A faixa da oficina está visível?",
    ]


def test_a_question_over_300_characters_is_a_form_error_and_saves_nothing(
    client, site, coordinator, community_unit
):
    response = signed_in(client, coordinator).post(
        reverse("programs:action_new", args=["ms-ativo"]),
        new_action_post(site, community_unit, **{"checklist-photo": "x" * 301}),
    )

    assert response.status_code == 422
    assert "Use no máximo 300 caracteres em cada pergunta." in response.content.decode()
    assert not Action.objects.filter(title="Oficina de planejamento").exists()


def test_the_editor_is_not_found_for_other_staff(client, site, ombudsman):
    response = signed_in(client, ombudsman).get(reverse("programs:menu_editor", args=["ms-ativo"]))
    assert response.status_code == 404


def test_a_focal_point_sees_the_suggestions_for_its_adhesion(client, site, state_ms):
    from apoia.accounts.models import Role, User
    from apoia.accounts.services import ensure_membership

    adhesion = adhesion_of(site["program"], site["phase"], DELTA)
    user = User.objects.create_user(email="delta@exemplo.ms.gov.br", full_name="Dora Dias")
    ensure_membership(user, Role.MUNICIPAL, municipality=adhesion.municipality)
    body = (
        signed_in(client, user)
        .get(reverse("programs:suggestions", args=[adhesion.pk]))
        .content.decode()
    )
    assert "Busca ativa escolar" in body
    assert "pior metade em MS (0,460; corte 0,550)" in body


def test_another_municipality_gets_404_on_the_suggestions(client, site, municipal_user):
    adhesion = adhesion_of(site["program"], site["phase"], DELTA)
    response = signed_in(client, municipal_user).get(
        reverse("programs:suggestions", args=[adhesion.pk])
    )
    assert response.status_code == 404
