"""Strategic projects (issue 10, item 9): the plan without adhesion, its approval on the
state's calendar, who sends evidence and who reviews, goals met, in progress and late, and
the project's progress."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.accounts.services import ensure_membership
from apoia.indicators.models import Direction
from apoia.programs import progress, queries_deliveries, queries_projects
from apoia.programs.models import (
    DeliveryStatus,
    Phase,
    Plan,
    PlanDelivery,
    PlanStatus,
    Program,
)
from apoia.programs.services import deliveries as delivery_services
from apoia.programs.services import projects as services
from apoia.programs.services.plans import PlanTransitionError
from apoia.programs.tests.delivery_helpers import pdf
from apoia.programs.tests.menu_helpers import indicator_with, toy_state
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.project_helpers import (
    APPROVED,
    CONTRACT_DUE,
    approved_project,
    person,
    project_world,
)
from apoia.territory.models import NonBusinessDay

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2024, 10, 16)
THURSDAY = dt.date(2024, 10, 17)


def _delivery(world, goal_delivery):
    return PlanDelivery.objects.get(item__plan=world.plan, delivery=goal_delivery)


def _submitted_contract(world, by=None):
    delivery = _delivery(world, world.contract)
    with at(WEDNESDAY):
        delivery_services.send_evidence(delivery, kind="document", file=pdf(), by=by or world.tiago)
        delivery_services.submit_delivery(delivery, by=by or world.tiago)
    delivery.refresh_from_db()
    return delivery


# --- the plan and its approval ---------------------------------------------------------------


def test_approval_fixes_due_dates_on_the_states_calendar_across_its_holiday(state_ms):
    world = approved_project(state_ms)
    dues = dict(
        PlanDelivery.objects.filter(item__plan=world.plan).values_list("delivery__title", "due")
    )
    # 5 business days after Monday 7 October 2024, skipping Friday 11 October (MS's creation).
    assert dues["Contrato assinado"] == dt.date(2024, 10, 15)
    assert dues["Plano de busca ativa"] == dt.date(2024, 10, 22)
    assert dues["Escolas conectadas"] == dt.date(2024, 11, 5)


def test_a_municipal_holiday_does_not_move_a_projects_due_date(state_ms, campo_grande):
    NonBusinessDay.objects.create(
        date=dt.date(2024, 10, 8),
        name="Feriado municipal de teste",
        kind="municipal_holiday",
        municipality=campo_grande,
    )
    world = approved_project(state_ms)
    assert _delivery(world, world.contract).due == CONTRACT_DUE


def test_the_approved_plan_has_no_adhesion_and_carries_every_goal(state_ms):
    world = approved_project(state_ms)
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.adhesion is None
    assert plan.phase == world.phase
    assert plan.status == PlanStatus.APPROVED
    assert plan.version == 1
    assert plan.approved_on == APPROVED
    assert sorted(plan.items.values_list("action__title", flat=True)) == [
        "Conectar 200 escolas",
        "Reduzir o abandono escolar",
    ]
    assert PlanDelivery.objects.filter(item__plan=plan, frozen=True).count() == 3


def test_only_the_managing_unit_approves_the_project_plan(state_ms):
    world = project_world(state_ms)
    with pytest.raises(PermissionDenied):
        services.approve_project_plan(world.program, phase=world.phase, by=world.tiago)
    assert not Plan.objects.filter(phase=world.phase).exists()


def test_a_cooperation_program_cannot_have_a_plan_without_adhesion(state_ms, admin_user):
    world = project_world(state_ms)
    world.program.kind = "cooperation"
    world.program.save()
    with pytest.raises(ValidationError) as exc:
        services.approve_project_plan(world.program, phase=world.phase, by=admin_user)
    assert exc.value.message_dict == {
        "program": ["Só um projeto estratégico tem plano sem adesão municipal."]
    }
    with pytest.raises(ValidationError) as exc:
        Plan(phase=world.phase, adhesion=None).full_clean()
    assert exc.value.message_dict["adhesion"] == [
        "Um plano de programa de cooperação pertence a uma adesão."
    ]


def test_approving_again_without_new_goals_is_refused(state_ms):
    world = approved_project(state_ms)
    with at(THURSDAY), pytest.raises(PlanTransitionError) as exc:
        services.approve_project_plan(
            world.program, phase=world.phase, reason="Nada mudou", by=world.silvia
        )
    assert exc.value.message == (
        "O plano do projeto já está aprovado e não há metas nem entregas novas."
    )


def test_a_new_goal_makes_version_2_with_its_reason(state_ms):
    world = approved_project(state_ms)
    goal = world.connect
    goal.pk = None
    goal.title = "Formar 50 professores"
    goal.save()
    goal.deliveries.create(
        title="Turma formada", weight=Decimal("1"), due_offset_days=5, evidence_types=["photo"]
    )
    with at(THURSDAY):
        with pytest.raises(ValidationError) as exc:
            services.approve_project_plan(world.program, phase=world.phase, by=world.silvia)
        assert list(exc.value.message_dict) == ["reason"]
        plan = services.approve_project_plan(
            world.program, phase=world.phase, reason="Meta nova de formação", by=world.silvia
        )
    assert plan.version == 2
    assert plan.versions.get(number=2).reason == "Meta nova de formação"
    # Thursday 17 October + 5 business days (no holiday): Thursday 24 October.
    assert PlanDelivery.objects.get(item__plan=plan, delivery__title="Turma formada").due == (
        dt.date(2024, 10, 24)
    )
    # The deliveries approved before keep their dates.
    assert _delivery(world, world.contract).due == CONTRACT_DUE


def test_a_goal_without_deliveries_blocks_the_approval(state_ms):
    world = project_world(state_ms)
    world.dropout.deliveries.all().delete()
    with pytest.raises(ValidationError) as exc:
        services.approve_project_plan(world.program, phase=world.phase, by=world.silvia)
    assert exc.value.message_dict == {
        "goals.1": ["A meta “Reduzir o abandono escolar” não tem entregas."]
    }


# --- evidence, submission and review ---------------------------------------------------------


def test_the_responsible_units_technician_sends_evidence_and_submits(state_ms):
    world = approved_project(state_ms)
    delivery = _submitted_contract(world)
    assert delivery.status == DeliveryStatus.SUBMITTED
    assert delivery.submitted_by == world.tiago
    assert delivery.evidence.get().sent_by == world.tiago


def test_a_coordinator_of_a_unit_above_the_responsible_unit_sends_evidence(state_ms):
    world = approved_project(state_ms)
    above = person("sara@apoia.test", "Sara Sá", Role.COORDINATOR, org_unit=ensure_unit("ms-sec"))
    assert queries_deliveries.may_send_evidence(above, _delivery(world, world.contract))


def test_the_managing_units_technician_validates(state_ms):
    world = approved_project(state_ms)
    delivery = _submitted_contract(world)
    assert not queries_deliveries.may_review(world.tiago, delivery)
    with at(THURSDAY):
        delivery_services.review_delivery(delivery, decision="validate", by=world.silvia)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.VALIDATED


def test_the_managing_unit_does_not_send_evidence(state_ms):
    world = approved_project(state_ms)
    delivery = _delivery(world, world.contract)
    assert not queries_deliveries.may_send_evidence(world.silvia, delivery)
    with pytest.raises(PermissionDenied):
        delivery_services.send_evidence(delivery, kind="document", file=pdf(), by=world.silvia)


def test_the_submitter_cannot_review_their_own_delivery(state_ms):
    world = approved_project(state_ms)
    # Rita works in both units: she may send evidence and she may review, but not her own.
    rita = person("rita@apoia.test", "Rita Rocha", Role.TECHNICIAN, org_unit=world.managing)
    ensure_membership(rita, Role.TECHNICIAN, org_unit=world.responsible)
    delivery = _submitted_contract(world, by=rita)
    assert not queries_deliveries.may_review(rita, delivery)
    assert queries_deliveries.may_review(world.silvia, delivery)
    with at(THURSDAY), pytest.raises(PermissionDenied):
        delivery_services.review_delivery(delivery, decision="validate", by=rita)
    assert delivery.pk not in set(
        queries_deliveries.review_queue(rita).values_list("pk", flat=True)
    )
    assert delivery.pk in set(
        queries_deliveries.review_queue(world.silvia).values_list("pk", flat=True)
    )


def test_a_new_due_date_of_a_returned_project_delivery_follows_the_states_calendar(state_ms):
    world = approved_project(state_ms)
    delivery = _submitted_contract(world)
    with at(THURSDAY), pytest.raises(ValidationError) as exc:
        delivery_services.review_delivery(
            delivery,
            decision="return",
            reason="incomplete",
            comment="Falta a assinatura.",
            new_due=dt.date(2027, 10, 11),  # a Monday: Criação do Estado de MS
            by=world.silvia,
        )
    assert exc.value.message_dict["new_due"] == [
        "11/10/2027 não é dia útil no estado; escolha outro dia."
    ]


def test_a_municipal_user_and_an_unrelated_unit_do_not_see_the_project(state_ms, municipal_user):
    world = approved_project(state_ms)
    olga = person(
        "olga@apoia.test", "Olga Ornelas", Role.TECHNICIAN, org_unit=ensure_unit("ms-ouvidoria")
    )
    for outsider in (municipal_user, olga):
        assert not queries_projects.projects_visible_to(outsider).exists()
        assert not queries_deliveries.deliveries_visible_to(outsider).exists()
        assert not queries_projects.may_see_projects(outsider)
    for insider in (world.silvia, world.tiago):
        assert list(queries_projects.projects_visible_to(insider)) == [world.program]
        assert queries_deliveries.deliveries_visible_to(insider).count() == 3


# --- goals and progress ----------------------------------------------------------------------


def _set_status(world, goal_delivery, status):
    PlanDelivery.objects.filter(item__plan=world.plan, delivery=goal_delivery).update(status=status)


def _statuses(world, today):
    found = queries_projects.overview(world.program, today)
    return {row.goal.title: row.status for row in found["goals"]}


def test_a_goal_without_indicator_is_met_when_every_delivery_is_validated(state_ms):
    world = approved_project(state_ms)
    _set_status(world, world.contract, DeliveryStatus.VALIDATED)
    assert _statuses(world, THURSDAY)["Conectar 200 escolas"] == "in_progress"
    _set_status(world, world.connected, DeliveryStatus.VALIDATED)
    assert _statuses(world, THURSDAY)["Conectar 200 escolas"] == "met"


def test_a_goal_not_met_after_its_deadline_is_late(state_ms):
    world = approved_project(state_ms)
    _set_status(world, world.contract, DeliveryStatus.VALIDATED)
    assert _statuses(world, dt.date(2025, 6, 30))["Conectar 200 escolas"] == "in_progress"
    assert _statuses(world, dt.date(2025, 7, 1))["Conectar 200 escolas"] == "late"


def test_a_goal_with_indicator_is_met_when_the_states_latest_figure_reaches_the_target(
    state_ms,
):
    world = approved_project(state_ms)
    toy_state(state_ms)
    # Lower is better, target 5: the state's median goes 7 (2023) → 6 (2024) → 5 (2025).
    dropout_rate = indicator_with(
        "abandono",
        "Taxa de abandono escolar",
        Direction.LOWER_IS_BETTER,
        1,
        {
            2023: {5000001: 8.0, 5000002: 7.0, 5000003: 6.0},
            2024: {5000001: 7.0, 5000002: 6.0, 5000003: 5.0},
        },
    )
    world.dropout.indicator = dropout_rate
    world.dropout.save()
    # Every delivery validated does not make an indicator goal met: the indicator does.
    _set_status(world, world.search, DeliveryStatus.VALIDATED)
    assert _statuses(world, THURSDAY)["Reduzir o abandono escolar"] == "in_progress"
    dropout_rate.values.create(municipality_id=5000001, period=2025, value=6.0)
    dropout_rate.values.create(municipality_id=5000002, period=2025, value=5.0)
    dropout_rate.values.create(municipality_id=5000003, period=2025, value=4.0)
    found = queries_projects.overview(world.program, THURSDAY)
    row = next(r for r in found["goals"] if r.goal == world.dropout)
    assert row.status == "met"
    assert (row.movement.baseline, row.movement.latest) == (7.0, 5.0)
    assert row.movement.trend == "improved"


def test_a_higher_is_better_indicator_below_its_target_is_not_met(state_ms):
    world = approved_project(state_ms)
    toy_state(state_ms)
    connected = indicator_with(
        "escolas_conectadas",
        "Escolas conectadas",
        Direction.HIGHER_IS_BETTER,
        0,
        {2024: {5000001: 150.0, 5000002: 199.0, 5000003: 250.0}},
    )
    world.connect.indicator = connected
    world.connect.save()
    assert _statuses(world, THURSDAY)["Conectar 200 escolas"] == "in_progress"
    connected.values.filter(municipality_id=5000002).update(value=200.0)
    assert _statuses(world, THURSDAY)["Conectar 200 escolas"] == "met"


def test_project_progress_is_validated_weight_over_total_weight(state_ms):
    world = approved_project(state_ms)
    # Weights 1 (validated), 3 (submitted) and 2 (validated): (1 + 2) / (1 + 3 + 2) = 0.5.
    _set_status(world, world.contract, DeliveryStatus.VALIDATED)
    _set_status(world, world.connected, DeliveryStatus.SUBMITTED)
    _set_status(world, world.search, DeliveryStatus.VALIDATED)
    found = queries_projects.overview(world.program, THURSDAY)
    assert found["progress"].validated_weight == Decimal("3.00")
    assert found["progress"].total_weight == Decimal("6.00")
    assert found["progress"].value == 0.5
    goals = {row.goal.title: row.progress.value for row in found["goals"]}
    assert goals == {"Conectar 200 escolas": 0.25, "Reduzir o abandono escolar": 1.0}
    # The phase's figure (the dashboard's and the report's) is the same.
    assert progress.for_phase(world.phase).value == 0.5


def test_a_project_without_an_approved_plan_has_no_progress(state_ms):
    world = project_world(state_ms)
    found = queries_projects.overview(world.program, THURSDAY)
    assert found["progress"].ratio is None
    assert [row.status for row in found["goals"]] == ["in_progress", "in_progress"]


def test_a_cooperation_programs_phase_is_not_a_project(state_ms):
    world = project_world(state_ms)
    other = Program.objects.create(
        slug="coop", name="Cooperação", state=state_ms, managing_unit=world.managing
    )
    Phase.objects.create(program=other, slug="f1", name="Fase 1", order=1)
    assert list(queries_projects.projects_visible_to(world.silvia)) == [world.program]


def test_the_responsible_unit_asks_for_more_time_and_the_managing_unit_grants_it(state_ms):
    world = approved_project(state_ms)
    delivery = _delivery(world, world.contract)
    with at(dt.date(2024, 10, 14)):
        request = delivery_services.ask_clarification(
            delivery,
            justification="A operadora atrasou a assinatura.",
            proposed_due=dt.date(2024, 10, 22),
            by=world.tiago,
        )
        with pytest.raises(PermissionDenied) as refused:
            delivery_services.answer_clarification(
                request, granted=True, new_due=dt.date(2024, 10, 22), by=world.tiago
            )
        assert str(refused.value) == "Só a unidade gestora do projeto responde a este pedido."
        delivery_services.answer_clarification(
            request, granted=True, new_due=dt.date(2024, 10, 22), by=world.silvia
        )
    delivery.refresh_from_db()
    assert delivery.due == dt.date(2024, 10, 22)


def test_the_refusals_of_a_project_delivery_name_the_goals_and_projects_units(
    state_ms, municipal_user
):
    world = approved_project(state_ms)
    delivery = _delivery(world, world.contract)
    with pytest.raises(PermissionDenied) as refused:
        delivery_services.send_evidence(delivery, kind="document", file=pdf(), by=municipal_user)
    assert str(refused.value) == "Só a unidade responsável pela meta envia as evidências."
    submitted = _submitted_contract(world)
    with at(THURSDAY), pytest.raises(PermissionDenied) as refused:
        delivery_services.review_delivery(submitted, decision="validate", by=world.tiago)
    assert str(refused.value) == (
        "Só a unidade gestora do projeto analisa esta entrega, nunca quem a enviou."
    )
