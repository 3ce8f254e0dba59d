"""Challenges: focal municipalities from a rule or a saved list, adjustments, recomputation."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.indicators.models import IndicatorValue, Ranking
from apoia.programs.models import FocalAdjustment, FocalSnapshot
from apoia.programs.queries_menu import focal_rows
from apoia.programs.services import challenges as services
from apoia.programs.tests.menu_helpers import (
    ALFA,
    BETA,
    DELTA,
    EPSILON,
    GAMA,
    challenge_for,
    idhm_e,
    program_and_phase,
    quantile_rule,
    toy_state,
)

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2024, 8, 5, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def program(state_ms, community_unit):
    toy_state(state_ms)
    return program_and_phase(state_ms, community_unit)


@pytest.fixture
def worst_half(program):
    _program, phase = program
    return challenge_for(phase, rule=quantile_rule(idhm_e(), 0.5))


def focal_table(challenge):
    return [(row.municipality_id, row.origin, row.reasons) for row in focal_rows(challenge)]


def test_a_rule_makes_the_worst_municipalities_focal_with_the_criticality_reasons(
    worst_half, coordinator
):
    services.recompute(worst_half, by=coordinator)
    worst_half.refresh_from_db()
    assert focal_table(worst_half) == [
        (ALFA, "computed", ["pior metade em MS (0,412; corte 0,550)"]),
        (DELTA, "computed", ["pior metade em MS (0,460; corte 0,550)"]),
        (BETA, "computed", ["pior metade em MS (0,550; corte 0,550)"]),
    ]


def test_the_snapshot_is_dated_and_says_its_period_and_criterion(worst_half, coordinator):
    with time_machine.travel(NOON, tick=False):
        snapshot = services.recompute(worst_half, by=coordinator)
    assert (snapshot.taken_at, snapshot.taken_by, snapshot.period, snapshot.source) == (
        NOON,
        coordinator,
        2010,
        "Pior quantil no estado de IDHM Educação, 2010",
    )


def test_a_saved_list_makes_its_top_positions_focal_with_rank_and_score(program, coordinator):
    _program, phase = program
    indicator = idhm_e()
    ranking = Ranking.objects.create(
        name="Educação MS",
        state=phase.program.state,
        period=2010,
        method="minmax",
        weights={"idhm_e": 1},
        rows=[
            {"rank": 2, "ibge": DELTA, "municipality": "Delta", "score": 0.7692307},
            {"rank": 1, "ibge": ALFA, "municipality": "Alfa", "score": 1.0},
            {"rank": 3, "ibge": BETA, "municipality": "Beta", "score": 0.3461538},
            {"rank": None, "ibge": GAMA, "municipality": "Gama", "score": None},
        ],
    )
    challenge = challenge_for(phase, indicators=[indicator], ranking=ranking, ranking_top=2)
    services.recompute(challenge, by=coordinator)
    challenge.refresh_from_db()
    assert focal_table(challenge) == [
        (ALFA, "computed", ["posição 1 de 3 na lista “Educação MS” (pontuação 1,000)"]),
        (DELTA, "computed", ["posição 2 de 3 na lista “Educação MS” (pontuação 0,769)"]),
    ]


def test_adding_a_municipality_needs_a_justification(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.adjust(
            worst_half,
            municipality=worst_half.phase.program.state.municipalities.get(ibge=GAMA),
            kind="add",
            justification="   ",
            by=coordinator,
        )
    assert caught.value.message_dict == {"justification": ["Escreva a justificativa do ajuste."]}
    assert FocalAdjustment.objects.count() == 0


def test_an_added_municipality_is_focal_with_its_justification_and_who_added_it(
    worst_half, coordinator
):
    services.recompute(worst_half, by=coordinator)
    gama = worst_half.phase.program.state.municipalities.get(ibge=GAMA)
    with time_machine.travel(NOON, tick=False):
        adjustment = services.adjust(
            worst_half,
            municipality=gama,
            kind="add",
            justification="Pedido da regional de educação.",
            by=coordinator,
        )
    worst_half.refresh_from_db()
    assert (adjustment.created_by, adjustment.created_at) == (coordinator, NOON)
    assert focal_table(worst_half)[-1] == (
        GAMA,
        "manual",
        ["incluído manualmente: Pedido da regional de educação."],
    )


def test_removing_a_municipality_takes_it_out_and_keeps_the_earlier_snapshot(
    worst_half, technician
):
    first = services.recompute(worst_half, by=technician)
    delta = worst_half.phase.program.state.municipalities.get(ibge=DELTA)
    services.adjust(
        worst_half, municipality=delta, kind="remove", justification="Já atendido.", by=technician
    )
    worst_half.refresh_from_db()
    assert [row.municipality_id for row in focal_rows(worst_half)] == [ALFA, BETA]
    assert list(first.rows.values_list("municipality_id", flat=True)) == [ALFA, DELTA, BETA]


def test_removing_a_municipality_that_is_not_focal_is_refused(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.adjust(
            worst_half,
            municipality=worst_half.phase.program.state.municipalities.get(ibge=EPSILON),
            kind="remove",
            justification="Engano.",
            by=coordinator,
        )
    assert caught.value.message_dict == {"municipality": ["Épsilon não é focal neste desafio."]}


def test_someone_outside_the_managing_unit_may_not_adjust(worst_half, coordinator, ombudsman):
    services.recompute(worst_half, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.adjust(
            worst_half,
            municipality=worst_half.phase.program.state.municipalities.get(ibge=GAMA),
            kind="add",
            justification="Quero.",
            by=ombudsman,
        )


def test_recomputing_after_new_data_shows_who_enters_and_who_leaves(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    # The 2010 values corrected: Gama falls to 0.400, Beta rises to 0.700.
    IndicatorValue.objects.filter(municipality_id=GAMA).update(value=0.400)
    IndicatorValue.objects.filter(municipality_id=BETA).update(value=0.700)
    diff = services.difference(worst_half)
    assert [(row["ibge"], row["reasons"]) for row in diff.entered] == [
        (GAMA, ["pior metade em MS (0,400; corte 0,460)"])
    ]
    assert [row["ibge"] for row in diff.left] == [BETA]
    assert [row["ibge"] for row in diff.stayed] == [ALFA, DELTA]


def test_the_preview_saves_nothing(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    IndicatorValue.objects.filter(municipality_id=GAMA).update(value=0.400)
    services.difference(worst_half)
    assert FocalSnapshot.objects.count() == 1


def test_confirming_a_preview_whose_data_changed_since_is_refused(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    fingerprint = services.difference(worst_half).proposal.fingerprint
    IndicatorValue.objects.filter(municipality_id=GAMA).update(value=0.400)
    with pytest.raises(ValidationError) as caught:
        services.recompute(worst_half, by=coordinator, fingerprint=fingerprint)
    assert caught.value.code == "stale"


def test_a_recomputation_keeps_a_manual_exclusion(worst_half, coordinator):
    services.recompute(worst_half, by=coordinator)
    delta = worst_half.phase.program.state.municipalities.get(ibge=DELTA)
    services.adjust(
        worst_half, municipality=delta, kind="remove", justification="Já atendido.", by=coordinator
    )
    services.recompute(worst_half, by=coordinator)
    worst_half.refresh_from_db()
    assert [row.municipality_id for row in focal_rows(worst_half)] == [ALFA, BETA]


def test_a_rule_of_another_indicator_is_refused(program):
    _program, phase = program
    from apoia.programs.tests.menu_helpers import indicator_with

    other = indicator_with("t_fora4a5", "Fora da escola", "lower_better", 2, {2010: {ALFA: 5.0}})
    challenge = challenge_for(phase, rule=quantile_rule(idhm_e(), 0.2), indicators=[other])
    with pytest.raises(ValidationError) as caught:
        services.check_challenge(challenge, [other])
    assert caught.value.message_dict == {
        "rule": ["A regra deve ser de um dos indicadores do desafio (IDHM Educação não é)."]
    }


def test_a_challenge_made_in_the_admin_gets_its_first_snapshot(program, admin_client):
    from django.urls import reverse

    _program, phase = program
    rule = quantile_rule(idhm_e(), 0.2)
    response = admin_client.post(
        reverse("admin:programs_challenge_add"),
        {
            "phase": phase.pk,
            "slug": "educacao",
            "name": "Educação",
            "description": "",
            "order": 0,
            "indicators": [rule.indicator.pk],
            "rule": rule.pk,
            "adjustments-TOTAL_FORMS": 0,
            "adjustments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    challenge = phase.challenges.get()
    assert focal_table(challenge) == [
        (ALFA, "computed", ["pior quintil em MS (0,412; corte 0,412)"])
    ]


def test_the_admin_refuses_a_challenge_with_a_rule_and_a_list(program, admin_client):
    from django.urls import reverse

    _program, phase = program
    rule = quantile_rule(idhm_e(), 0.2)
    ranking = Ranking.objects.create(
        name="L", state=phase.program.state, period=2010, method="minmax", weights={}, rows=[]
    )
    response = admin_client.post(
        reverse("admin:programs_challenge_add"),
        {
            "phase": phase.pk,
            "slug": "educacao",
            "name": "Educação",
            "order": 0,
            "indicators": [rule.indicator.pk],
            "rule": rule.pk,
            "ranking": ranking.pk,
            "ranking_top": 3,
            "adjustments-TOTAL_FORMS": 0,
            "adjustments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Escolha uma regra de criticidade ou uma lista de prioridade (só uma)." in (
        response.content.decode()
    )
