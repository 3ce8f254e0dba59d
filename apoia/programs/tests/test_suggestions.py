"""Suggested actions for an adhered municipality, and the eligibility check plans will use.

Two challenges over the toy state (see menu_helpers):
- Educação (IDHM-E, worst half): Alfa 1st, Delta 2nd, Beta 3rd.
- Renda (income per capita, worst quintile): Delta 1st, alone.
"""

import pytest
from django.core.exceptions import ValidationError

from apoia.programs.models import AdhesionStatus
from apoia.programs.queries_menu import require_eligible, suggested_actions
from apoia.programs.services import challenges as challenge_services
from apoia.programs.tests.menu_helpers import (
    ALFA,
    BETA,
    DELTA,
    EPSILON,
    GAMA,
    action_with,
    adhesion_of,
    challenge_for,
    idhm_e,
    indicator_with,
    program_and_phase,
    quantile_rule,
    toy_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu(state_ms, community_unit, coordinator):
    toy_state(state_ms)
    program, phase = program_and_phase(state_ms, community_unit)
    income = indicator_with(
        "rdpc",
        "Renda per capita",
        "higher_better",
        2,
        {2010: {DELTA: 150.0, ALFA: 200.0, BETA: 400.0, GAMA: 500.0, EPSILON: 600.0}},
    )
    education = challenge_for(phase, rule=quantile_rule(idhm_e(), 0.5))
    renda = challenge_for(phase, rule=quantile_rule(income, 0.2), slug="renda", name="Renda")
    for challenge in (education, renda):
        challenge_services.recompute(challenge, by=coordinator)
    unit = community_unit
    actions = {
        "formacao": action_with(phase, unit, "Formação de professores", challenges=[education]),
        "inclusao": action_with(
            phase, unit, "Inclusão produtiva", challenges=[renda], eligibility="focal_only"
        ),
        "busca": action_with(
            phase,
            unit,
            "Busca ativa escolar",
            challenges=[education, renda],
            eligibility="focal_only",
        ),
        "fiscal": action_with(phase, unit, "Gestão fiscal"),
        "rascunho": action_with(phase, unit, "Ação em rascunho", is_published=False),
    }
    return {"program": program, "phase": phase, "renda": renda, **actions}


def titles(suggestions):
    return [(s.action.title, s.focal) for s in suggestions]


def test_a_focal_municipality_gets_the_actions_of_its_challenges_first_most_critical_first(menu):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    assert titles(suggested_actions(delta)) == [
        ("Busca ativa escolar", True),
        ("Inclusão produtiva", True),
        ("Formação de professores", True),
        ("Gestão fiscal", False),
    ]


def test_a_suggestion_shows_why_the_municipality_is_focal(menu):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    assert suggested_actions(delta)[0].reasons == [
        "pior metade em MS (0,460; corte 0,550)",
        "pior quintil em MS (150,00; corte 150,00)",
    ]


def test_actions_for_focal_municipalities_only_are_not_offered_to_others(menu):
    gama = adhesion_of(menu["program"], menu["phase"], GAMA)
    assert titles(suggested_actions(gama)) == [
        ("Formação de professores", False),
        ("Gestão fiscal", False),
    ]


def test_among_equally_critical_actions_the_title_decides(menu):
    alfa = adhesion_of(menu["program"], menu["phase"], ALFA)
    assert titles(suggested_actions(alfa)) == [
        ("Busca ativa escolar", True),
        ("Formação de professores", True),
        ("Gestão fiscal", False),
    ]


def test_a_withdrawn_adhesion_gets_no_suggestion(menu):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    delta.status = AdhesionStatus.WITHDRAWN
    delta.withdrawal_reason = "Mudança de gestão."
    delta.save()
    assert suggested_actions(delta) == []


def test_an_ineligible_action_is_refused_naming_it(menu):
    gama = adhesion_of(menu["program"], menu["phase"], GAMA)
    with pytest.raises(ValidationError) as caught:
        require_eligible(menu["inclusao"], gama)
    assert caught.value.messages == [
        "A ação “Inclusão produtiva” é só para os municípios focais dos seus desafios, e Gama "
        "não é focal em nenhum deles."
    ]


def test_an_eligible_action_passes(menu):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    assert require_eligible(menu["inclusao"], delta) is None


def test_an_unpublished_action_is_refused(menu):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    with pytest.raises(ValidationError) as caught:
        require_eligible(menu["rascunho"], delta)
    assert caught.value.messages == [
        "A ação “Ação em rascunho” não está no cardápio da fase de Delta."
    ]


def test_a_manual_exclusion_makes_a_focal_only_action_ineligible(menu, coordinator):
    delta = adhesion_of(menu["program"], menu["phase"], DELTA)
    challenge_services.adjust(
        menu["renda"],
        municipality=delta.municipality,
        kind="remove",
        justification="Já atendido pelo programa federal.",
        by=coordinator,
    )
    with pytest.raises(ValidationError):
        require_eligible(menu["inclusao"], delta)
