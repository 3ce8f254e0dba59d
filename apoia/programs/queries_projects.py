"""Strategic projects (issue 10, item 9): who sees them, and the reads their pages and the API
share.

A strategic project is a Program with `kind = project`: no municipal adhesion; its goals
("metas") are the actions of its phase (Action.unit is the goal's responsible unit) and its
work is one Plan per phase without adhesion (services/projects.py approves it).

- The project's managing unit (its coordinators and technicians and the units below), the
  units responsible for one of its goals (and the units above them) and the admins see it;
  everyone else gets 404, on the web and in the API.
- Only the managing unit's staff (and the admins) approve the project's plan.

A goal is **met** when its target is reached: with an indicator, when the state's figure of
the latest period (the median of its municipalities' values, as the indicator pages show it)
reaches `target_value` in the indicator's direction; without one, when every delivery of the
goal in the approved plan is validated. A goal not met whose deadline has passed is late;
else it is in progress.
"""

import dataclasses
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apoia.indicators.models import Direction
from apoia.indicators.queries import state_series
from apoia.programs import progress, queries
from apoia.programs.models import (
    Action,
    DeliveryStatus,
    Phase,
    Plan,
    PlanDelivery,
    Program,
    ProgramKind,
)
from apoia.programs.movement import Movement
from apoia.programs.queries_deliveries import with_late
from apoia.programs.queries_plans import _staff_units

MET, IN_PROGRESS, LATE = "met", "in_progress", "late"
GOAL_STATUS_LABELS = {
    MET: _("Meta cumprida"),
    IN_PROGRESS: _("Em andamento"),
    LATE: _("Atrasada (prazo vencido)"),
}
GOAL_STATUS_CSS = {MET: "success", IN_PROGRESS: "bg-blue-cool-vivid-60", LATE: "danger"}


def projects_visible_to(user):
    """The one scope of strategic projects, for the pages and the API alike."""
    base = Program.objects.filter(kind=ProgramKind.PROJECT).select_related("state", "managing_unit")
    if not user.is_authenticated:
        return base.none()
    if user.is_admin:
        return base
    managed = queries.managed_programs(user).filter(kind=ProgramKind.PROJECT)
    ids = set(managed.values_list("pk", flat=True))
    units = _staff_units(user)
    if units:
        ids |= set(
            Action.objects.filter(
                phase__program__kind=ProgramKind.PROJECT, unit__in=units
            ).values_list("phase__program_id", flat=True)
        )
    return base.filter(pk__in=ids)


def may_see_projects(user) -> bool:
    """Whoever may open /projetos/: the admins and the staff of a project's managing unit or
    of a unit responsible for one of its goals (the menu shows the entry to the same people)."""
    if not user.is_authenticated:
        return False
    return user.is_admin or projects_visible_to(user).exists()


def get_project_for(user, slug) -> Program:
    found = projects_visible_to(user).filter(slug=str(slug)[:80]).first()
    if found is None:
        raise Http404
    return found


def may_approve(user, program: Program) -> bool:
    """The managing unit's coordinators and technicians, and the admins, approve the plan."""
    if not user.is_authenticated or not program.is_project:
        return False
    return queries.managed_programs(user).filter(pk=program.pk).exists()


def project_phase(program: Program, slug: str = "") -> Phase | None:
    """The phase asked for, else the current one, else the latest."""
    if slug:
        return program.phases.filter(slug=str(slug)[:80]).first()
    return queries.current_phase(program) or program.phases.order_by("-order").first()


def project_plan(phase: Phase | None) -> Plan | None:
    if phase is None:
        return None
    return Plan.objects.filter(phase=phase, adhesion__isnull=True).first()


def goals_of(phase: Phase | None) -> list[Action]:
    if phase is None:
        return []
    return list(
        Action.objects.filter(phase=phase)
        .select_related("unit", "indicator")
        .prefetch_related("deliveries")
        .order_by("title", "pk")
    )


def has_new_goals(plan: Plan | None, goals) -> bool:
    """A goal or delivery of the phase that the plan does not carry yet (to approve)."""
    if plan is None:
        return bool(goals)
    carried = set(
        PlanDelivery.objects.filter(item__plan=plan).values_list("item__action_id", "delivery_id")
    )
    return any((goal.pk, d.pk) not in carried for goal in goals for d in goal.deliveries.all())


def indicator_movement(goal: Action, uf: str) -> Movement | None:
    """The state's figure of the goal's indicator: first period → latest period → target (a
    movement.Movement, so its trend and wording read the indicator's direction)."""
    if goal.indicator_id is None:
        return None
    series = state_series(goal.indicator, uf)
    if not series:
        latest = first = None
    else:
        first, latest = series[0], series[-1]
    return Movement(
        target=SimpleNamespace(indicator=goal.indicator),
        municipality_id=None,
        baseline=first["median"] if first else None,
        baseline_period=first["period"] if first else None,
        latest=latest["median"] if latest else None,
        latest_period=latest["period"] if latest else None,
        goal=float(goal.target_value) if goal.target_value is not None else None,
    )


def reached(m: Movement | None) -> bool:
    """Whether the latest value reached the target, in the indicator's direction."""
    if m is None or m.latest is None or m.goal is None:
        return False
    direction = m.indicator.direction
    if direction == Direction.HIGHER_IS_BETTER:
        return m.latest >= m.goal
    if direction == Direction.LOWER_IS_BETTER:
        return m.latest <= m.goal
    share = m.share
    return m.latest == m.goal if share is None else share >= 1


@dataclasses.dataclass
class GoalRow:
    goal: Action
    status: str
    progress: progress.Progress
    movement: Movement | None
    deliveries: list  # the goal's PlanDelivery rows (approved), with is_late_today

    @property
    def status_label(self):
        return GOAL_STATUS_LABELS[self.status]

    @property
    def status_css(self) -> str:
        return GOAL_STATUS_CSS[self.status]

    @property
    def target(self) -> Decimal | None:
        return self.goal.target_value


def goal_status(goal: Action, rows: list, m: Movement | None, today: dt.date) -> str:
    """met / in_progress / late, as the module docstring says."""
    if goal.indicator_id is not None:
        met = reached(m)
    else:
        met = bool(rows) and all(r.status == DeliveryStatus.VALIDATED for r in rows)
    if met:
        return MET
    if goal.deadline is not None and goal.deadline < today:
        return LATE
    return IN_PROGRESS


def plan_deliveries(plan: Plan | None, today: dt.date):
    """The plan's approved deliveries with `is_late_today`, by goal and order."""
    if plan is None:
        return PlanDelivery.objects.none()
    qs = (
        PlanDelivery.objects.filter(item__plan=plan, frozen=True)
        .select_related("delivery", "item__action__unit", "submitted_by")
        .order_by("item__action__title", "item__action_id", "delivery__order", "delivery__pk")
    )
    return with_late(qs, today)


def goal_rows(program: Program, phase: Phase | None, plan: Plan | None, today: dt.date):
    """Each goal of the phase with its status, progress, indicator movement and deliveries."""
    deliveries = list(plan_deliveries(plan, today))
    figures = progress.grouped(progress.of_plan_deliveries(plan), "item__action") if plan else {}
    rows = []
    for goal in goals_of(phase):
        own = [d for d in deliveries if d.item.action_id == goal.pk]
        m = indicator_movement(goal, program.state.uf)
        rows.append(
            GoalRow(
                goal=goal,
                status=goal_status(goal, own, m, today),
                progress=figures.get(goal.pk, progress.EMPTY),
                movement=m,
                deliveries=own,
            )
        )
    return rows


def project_progress(plan: Plan | None) -> progress.Progress:
    """The project's phase: validated weight / total weight of its plan's approved deliveries."""
    return progress.for_plan(plan) if plan is not None else progress.EMPTY


def overview(program: Program, today: dt.date, phase_slug: str = "") -> dict:
    """What the list, the page and the API show of one project."""
    phase = project_phase(program, phase_slug)
    plan = project_plan(phase)
    goals = goal_rows(program, phase, plan, today)
    return {
        "program": program,
        "phase": phase,
        "plan": plan,
        "goals": goals,
        "progress": project_progress(plan),
        "met": sum(1 for g in goals if g.status == MET),
        "late": sum(1 for g in goals if g.status == LATE),
    }


def phases_with_plans(program: Program):
    return program.phases.prefetch_related(
        Prefetch("plans", queryset=Plan.objects.filter(adhesion__isnull=True))
    ).order_by("order")
