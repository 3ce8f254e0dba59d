"""Demo action plans of the 52 municipalities adhered to MS Ativo's phase 3.

Most are approved (version 1 in September 2024, a few with a version 2 and its reason), some
submitted, some returned with a comment and some still drafts. Each picks two or three of the
actions it may choose, the focal ones first, within each action's places. Written with bulk
inserts in one transaction (it runs on every `make run`); nothing happens once plans exist.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apoia.accounts.models import Membership, Role, User
from apoia.indicators.models import IndicatorValue
from apoia.programs.demo import SLUG
from apoia.programs.models import (
    Adhesion,
    AdhesionStatus,
    Eligibility,
    FocalMunicipality,
    Plan,
    PlanDelivery,
    PlanItem,
    PlanStatus,
    PlanTarget,
    PlanVersion,
    Program,
)
from apoia.programs.queries_plans import snapshot
from apoia.territory.calendar import BusinessCalendar, compute_deadline
from apoia.territory.models import DeadlineUnit

APPROVED_ON = dt.date(2024, 9, 16)
REVISED_ON = dt.date(2025, 3, 10)


def _status(index: int) -> str:
    # 52 plans: 5 drafts, 5 submitted, 3 returned, 39 approved.
    if index % 10 == 3:
        return PlanStatus.DRAFT
    if index % 10 == 7:
        return PlanStatus.SUBMITTED
    if index % 17 == 5:
        return PlanStatus.RETURNED
    return PlanStatus.APPROVED


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_demo_plans() -> str:
    program = Program.objects.filter(slug=SLUG).select_related("managing_unit").first()
    phase = program.phases.filter(slug="fase-3").first() if program else None
    if phase is None or not phase.actions.exists():
        return "programs: sem cardápio, nenhum plano de demonstração"
    if Plan.objects.filter(adhesion__phase=phase).exists():
        return "programs: planos ok"
    with transaction.atomic():
        count = _create_plans(program, phase)
    return f"programs: {count} planos de ação de demonstração"


def _reviewer(program):
    found = (
        Membership.objects.filter(
            role__in=[Role.COORDINATOR, Role.TECHNICIAN],
            org_unit_id__in=program.managing_unit.descendant_ids(),
        )
        .select_related("user")
        .first()
    )
    return found.user if found else User.objects.filter(memberships__role=Role.ADMIN).first()


def _create_plans(program, phase) -> int:
    adhesions = list(
        Adhesion.objects.filter(program=program, phase=phase, status=AdhesionStatus.ACTIVE)
        .select_related("municipality__state")
        .prefetch_related("focal_points")
        .order_by("municipality_id")
    )
    actions = list(
        phase.actions.published()
        .prefetch_related("deliveries", "challenges__indicators")
        .order_by("title", "pk")
    )
    focal = {}
    for row in FocalMunicipality.objects.filter(
        snapshot__challenge__phase=phase, snapshot__challenge__current_snapshot__isnull=False
    ).select_related("snapshot__challenge"):
        if row.snapshot.challenge.current_snapshot_id == row.snapshot_id:
            focal.setdefault(row.municipality_id, {})[row.snapshot.challenge_id] = row.position
    reviewer = _reviewer(program)
    indicator_ids = {i.pk for a in actions for c in a.challenges.all() for i in c.indicators.all()}
    latest = {}
    for indicator_id, ibge, value, period in (
        IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids,
            municipality_id__in=[a.municipality_id for a in adhesions],
        )
        .order_by("indicator_id", "municipality_id", "-period")
        .values_list("indicator_id", "municipality_id", "value", "period")
    ):
        latest.setdefault((indicator_id, ibge), (value, period))

    taken = {a.pk: 0 for a in actions}
    plans, chosen = [], []
    for index, adhesion in enumerate(adhesions):
        mine = focal.get(adhesion.municipality_id, {})

        def rank(action, mine=mine):
            positions = [mine[c.pk] for c in action.challenges.all() if c.pk in mine]
            return (0, min(positions)) if positions else (1, 0)

        offered = [
            a
            for a in actions
            if a.eligibility != Eligibility.FOCAL_ONLY
            or any(c.pk in mine for c in a.challenges.all())
        ]
        offered.sort(key=lambda a: (*rank(a), a.title))
        picks = []
        for action in offered:
            if action.places is not None and taken[action.pk] >= action.places:
                continue
            picks.append(action)
            if len(picks) == 2 + index % 2:
                break
        for action in picks:
            taken[action.pk] += 1
        status = _status(index)
        if reviewer is None and status == PlanStatus.APPROVED:
            status = PlanStatus.SUBMITTED  # nobody to have approved it
        submitted = _at(APPROVED_ON - dt.timedelta(days=20 - index % 10), 10)
        plans.append(
            Plan(
                adhesion=adhesion,
                phase_id=adhesion.phase_id,
                status=status,
                version=1 if status == PlanStatus.APPROVED else 0,
                submitted_at=None if status == PlanStatus.DRAFT else submitted,
                submitted_by=next(
                    (fp.user for fp in adhesion.focal_points.all() if fp.user_id), None
                ),
                decided_at=_at(APPROVED_ON, 15)
                if status in (PlanStatus.APPROVED, PlanStatus.RETURNED)
                else None,
                approved_on=APPROVED_ON if status == PlanStatus.APPROVED else None,
                return_comment="Detalhe o público de cada ação e revise as metas."
                if status == PlanStatus.RETURNED
                else "",
            )
        )
        chosen.append(picks)
    bulk_create_with_history(plans, Plan)
    plans = list(
        Plan.objects.filter(adhesion__in=adhesions)
        .select_related("adhesion__municipality__state")
        .order_by("adhesion__municipality_id")
    )

    items = []
    for plan, picks in zip(plans, chosen, strict=True):
        people = list(plan.adhesion.focal_points.all())
        for order, action in enumerate(picks):
            person = people[order % len(people)] if people else None
            items.append(
                PlanItem(
                    plan=plan,
                    action=action,
                    order=order,
                    responsible_name=person.name if person else "",
                    responsible_role=person.role if person else "",
                    responsible_contact=person.email if person else "",
                )
            )
    bulk_create_with_history(items, PlanItem)
    items = list(
        PlanItem.objects.filter(plan__in=plans).select_related(
            "plan__adhesion__municipality__state"
        )
    )
    by_action = {a.pk: a for a in actions}

    targets, deliveries = [], []
    calendars = {}
    for item in items:
        plan = item.plan
        municipality = plan.adhesion.municipality
        approved = plan.status == PlanStatus.APPROVED
        action = by_action[item.action_id]
        seen = set()
        for challenge in action.challenges.all():
            for indicator in challenge.indicators.all():
                if indicator.pk in seen:
                    continue
                seen.add(indicator.pk)
                value, period = latest.get((indicator.pk, municipality.ibge), (None, None))
                target = None
                if value is not None and plan.status != PlanStatus.DRAFT:
                    # A 10 % step in the indicator's good direction.
                    step = abs(value) * 0.1 or 1.0
                    better = indicator.direction == "higher_better"
                    target = round(value + step if better else max(value - step, 0), 3)
                targets.append(
                    PlanTarget(
                        item=item,
                        indicator=indicator,
                        baseline_value=value,
                        baseline_period=period,
                        frozen=approved,
                        target=target,
                    )
                )
        calendar = calendars.get(municipality.ibge)
        if calendar is None:
            calendar = calendars[municipality.ibge] = BusinessCalendar(
                municipality.state.uf, municipality.ibge
            )
        start = APPROVED_ON if approved else (plan.submitted_at or _at(APPROVED_ON, 10)).date()
        for delivery in action.deliveries.all():
            due = compute_deadline(
                start,
                delivery.due_offset_days,
                DeadlineUnit.BUSINESS_DAYS,
                uf=municipality.state.uf,
                municipality=municipality.ibge,
                calendar=calendar,
            ).due
            deliveries.append(PlanDelivery(item=item, delivery=delivery, due=due, frozen=approved))
    bulk_create_with_history(targets, PlanTarget)
    bulk_create_with_history(deliveries, PlanDelivery)

    approved_plans = [p for p in plans if p.status == PlanStatus.APPROVED]
    versions = [
        PlanVersion(
            plan=plan,
            number=1,
            approved_at=_at(APPROVED_ON, 15),
            approved_by=reviewer,
            snapshot=snapshot(plan),
        )
        for plan in approved_plans
    ]
    PlanVersion.objects.bulk_create(versions)
    _revise(approved_plans[::12], reviewer)
    return len(plans)


def _revise(plans, reviewer) -> None:
    """A few approved plans moved a due date by 30 days in March 2025: their version 2."""
    for plan in plans:
        row = PlanDelivery.objects.filter(item__plan=plan).order_by("due").last()
        if row is None:
            continue
        row.due += dt.timedelta(days=30)
        row.due_adjusted = True
        row.save()
        plan.version = 2
        plan.approved_on = REVISED_ON
        plan.decided_at = _at(REVISED_ON, 15)
        plan.save()
        PlanVersion.objects.create(
            plan=plan,
            number=2,
            approved_at=_at(REVISED_ON, 15),
            approved_by=reviewer,
            changed_by=plan.submitted_by,
            reason="Prazo da última entrega adiado em 30 dias: a equipe municipal foi "
            "recomposta no início de 2025.",
            snapshot=snapshot(plan),
        )
