"""Indicator movement per plan target: baseline → latest value → target."""

import pytest

from apoia.indicators.models import IndicatorValue
from apoia.programs import movement
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA, indicator_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit):
    return h.world(state_ms, community_unit)


def test_the_share_of_the_way_is_latest_minus_baseline_over_target_minus_baseline(world):
    action = h.action(world, "Formação", ["1"], challenges=[world.education])
    plan = h.plan(world, ALFA, [action])
    h.target(plan, action, world.idhm_e, baseline=0.5, period=2010, goal=0.7)
    IndicatorValue.objects.create(
        indicator=world.idhm_e, municipality_id=ALFA, period=2022, value=0.6
    )

    [found] = movement.for_plan(plan)

    assert (found.baseline, found.latest, found.latest_period, found.goal) == (0.5, 0.6, 2022, 0.7)
    assert found.share == 0.5
    assert found.trend == "improved"
    assert found.wording == "De 0,500 para 0,600: melhorou; 50,0% do caminho até a meta."


def test_a_lower_is_better_indicator_that_rose_worsened_and_moved_away(world):
    mortality = indicator_with(
        "mort", "Mortalidade", "lower_better", 1, {2020: {ALFA: 10.0}, 2023: {ALFA: 12.0}}
    )
    action = h.action(world, "Saúde", ["1"])
    plan = h.plan(world, ALFA, [action])
    h.target(plan, action, mortality, baseline=10.0, period=2020, goal=8.0)

    [found] = movement.for_plan(plan)

    assert (found.share, found.trend) == (-1.0, "worsened")
    assert found.wording == "De 10,0 para 12,0: piorou; afastou-se da meta."


def test_no_share_when_the_target_equals_the_baseline_or_a_value_is_missing(world):
    action = h.action(world, "Formação", ["1"])
    plan = h.plan(world, ALFA, [action])
    h.target(plan, action, world.idhm_e, baseline=0.412, period=2010, goal=0.412)
    other = h.plan(world, BETA, [action])
    h.target(other, action, world.idhm_e, baseline=None, period=None, goal=0.7)

    shares = [m.share for m in movement.for_plan(plan) + movement.for_plan(other)]

    assert shares == [None, None]


def test_movements_of_many_targets_cost_two_queries(world, django_assert_num_queries):
    action = h.action(world, "Formação", ["1"])
    for ibge in (ALFA, BETA):
        plan = h.plan(world, ibge, [action])
        h.target(plan, action, world.idhm_e, baseline=0.4, period=2010, goal=0.8)

    with django_assert_num_queries(2):
        found = movement.movements(movement.counted_targets())

    assert [(m.municipality_id, m.latest) for m in found] == [(ALFA, 0.412), (BETA, 0.55)]
