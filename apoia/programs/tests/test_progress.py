"""Derived progress: validated weight over total weight, aggregated by weights."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apoia.programs import progress
from apoia.programs.models import DeliveryStatus, PlanStatus
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA

pytestmark = pytest.mark.django_db

V, S, R, P = (
    DeliveryStatus.VALIDATED,
    DeliveryStatus.SUBMITTED,
    DeliveryStatus.RETURNED,
    DeliveryStatus.PENDING,
)


@pytest.fixture
def world(state_ms, community_unit):
    return h.world(state_ms, community_unit)


def test_progress_is_validated_weight_over_total_weight_with_unequal_weights(world):
    action = h.action(world, "Formação", ["1", "2", "5"])
    plan = h.plan(world, ALFA, [action], [P, V, V])

    figure = progress.for_plan(plan)

    assert (figure.validated_weight, figure.total_weight) == (Decimal("7.00"), Decimal("8.00"))
    assert (figure.ratio, figure.value, figure.percent) == (
        Fraction(7, 8),
        0.875,
        Decimal("87.5"),
    )


def test_submitted_and_returned_deliveries_count_only_in_the_total(world):
    action = h.action(world, "Formação", ["1", "2", "5"])
    plan = h.plan(world, ALFA, [action], [V, S, R])

    figure = progress.for_plan(plan)

    assert (figure.validated_weight, figure.total_weight, figure.value) == (
        Decimal("1.00"),
        Decimal("8.00"),
        0.125,
    )


def test_the_phase_aggregates_by_weight_not_by_a_mean_of_plan_ratios(world):
    heavy = h.action(world, "Formação", ["1", "2", "5"])
    light = h.action(world, "Gestão fiscal", ["2"])
    h.plan(world, ALFA, [heavy], [P, V, V])  # 7 of 8
    h.plan(world, BETA, [light], [P])  # 0 of 2

    figure = progress.for_phase(world.phase)

    # Weighted: 7 / 10 = 0.7; a mean of the two ratios would be (0.875 + 0) / 2 = 0.4375.
    assert (figure.validated_weight, figure.total_weight, figure.value) == (
        Decimal("7.00"),
        Decimal("10.00"),
        0.7,
    )


def test_each_municipality_gets_its_own_figure_in_one_query(world):
    heavy = h.action(world, "Formação", ["1", "2", "5"])
    light = h.action(world, "Gestão fiscal", ["2"])
    h.plan(world, ALFA, [heavy, light], [V, V, P, V])  # 5 of 10
    h.plan(world, BETA, [light], [V])  # 2 of 2

    with CaptureQueriesContext(connection) as queries:
        figures = progress.by_municipality(world.phase)

    assert len(queries) == 1
    assert {ibge: f.value for ibge, f in figures.items()} == {ALFA: 0.5, BETA: 1.0}


def test_a_challenge_counts_the_deliveries_of_the_actions_that_address_it(world):
    addressing = h.action(world, "Formação", ["1", "3"], challenges=[world.education])
    other = h.action(world, "Gestão fiscal", ["4"])
    h.plan(world, ALFA, [addressing, other], [V, P, V])
    h.plan(world, BETA, [addressing], [P, V])

    figure = progress.for_challenge(world.education)

    # Alfa 1 of 4 and Beta 3 of 4 in the challenge's action; the 4 of Gestão fiscal stay out.
    assert (figure.validated_weight, figure.total_weight, figure.value) == (
        Decimal("4.00"),
        Decimal("8.00"),
        0.5,
    )
    assert progress.by_challenge(world.phase)[world.education.pk] == figure


def test_a_plan_never_approved_counts_nothing(world):
    action = h.action(world, "Formação", ["1", "2"])
    draft = h.plan(world, ALFA, [action], [V, V], version=0, status=PlanStatus.SUBMITTED)

    figure = progress.for_plan(draft)

    assert (figure.ratio, figure.value, figure.count) == (None, None, 0)


def test_a_plan_under_revision_keeps_counting_its_approved_deliveries_only(world):
    approved = h.action(world, "Formação", ["1", "3"])
    plan = h.plan(world, ALFA, [approved], [V, P], version=1, status=PlanStatus.DRAFT)
    added = h.action(world, "Gestão fiscal", ["4"])
    item = plan.items.create(action=added, order=1)
    item.deliveries.create(delivery=added.deliveries.get(), due="2024-09-01", frozen=False)

    figure = progress.for_plan(plan)

    assert (figure.total_weight, figure.value) == (Decimal("4.00"), 0.25)


def test_the_program_adds_up_its_phases(world):
    action = h.action(world, "Formação", ["1", "3"])
    h.plan(world, ALFA, [action], [V, P])

    assert progress.for_program(world.program).value == 0.25
