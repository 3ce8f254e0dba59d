"""Who sees and runs which monitoring meeting, its generated agenda, and the follow-up tasks
its decisions became.

- The managing unit's staff (coordinators and technicians, and the units below) and the admins
  see every meeting of their programs and run them (create, attendance, minutes, decisions).
- A municipality's focal points see, read-only, the meetings their municipality was invited
  to, with the agenda of their own municipality only.
Everyone else sees none: a meeting out of scope answers 404, on the web and in the API.

The agenda is computed from the data until the meeting is held: per invited municipality, its
late deliveries (PlanDelivery.objects.late on the meeting's day), its returned deliveries that
are not late (a delivery is listed once) and its open requests for more time. Holding the
meeting stores the agenda as it stood (`agenda_snapshot`); from then on that is the agenda.
"""

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from apoia.accounts.models import Role
from apoia.followup import queries as followup_queries
from apoia.programs import queries
from apoia.programs.models import (
    Adhesion,
    AdhesionStatus,
    Clarification,
    ClarificationStatus,
    DeliveryStatus,
    Meeting,
    MeetingDecision,
    Phase,
    PlanDelivery,
    Program,
)
from apoia.territory.models import Municipality


def _base():
    return Meeting.objects.select_related("phase__program__state", "created_by")


def meetings_visible_to(user):
    """The one scope of meetings, for the pages and the API alike."""
    if not user.is_authenticated:
        return _base().none()
    if user.is_admin:
        return _base()
    scope = Q(phase__program__in=queries.managed_programs(user))
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        scope |= Q(
            pk__in=Meeting.invited.through.objects.filter(
                municipality_id__in=municipalities
            ).values("meeting_id")
        )
    return _base().filter(scope)


def get_meeting_for(user, pk) -> Meeting:
    try:
        return meetings_visible_to(user).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def may_run(user, program: Program) -> bool:
    """The managing unit's coordinators and technicians, and the admins, run the meetings."""
    if not user.is_authenticated:
        return False
    return queries.managed_programs(user).filter(pk=program.pk).exists()


def viewer_municipalities(user, meeting: Meeting) -> set[int] | None:
    """The invited municipalities whose agenda the user reads: None for all (the staff who run
    the meeting), else the user's own municipalities among the invited."""
    if may_run(user, meeting.phase.program):
        return None
    mine = user.scope_ids(Role.MUNICIPAL, "municipality")
    return {m for m in meeting.invited.values_list("ibge", flat=True) if m in mine}


def adhered_municipalities(phase: Phase):
    """The municipalities a meeting of the phase may invite: those with an active adhesion."""
    return Municipality.objects.filter(
        pk__in=Adhesion.objects.filter(phase=phase, status=AdhesionStatus.ACTIVE).values(
            "municipality_id"
        )
    ).order_by("name")


def meetings_of(user, program: Program, phase: Phase | None = None):
    qs = meetings_visible_to(user).filter(phase__program=program)
    if phase is not None:
        qs = qs.filter(phase=phase)
    return qs.prefetch_related("invited")


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its state's time zone: the day the agenda counts lateness on."""
    from apoia.territory.calendar import state_timezone

    tz = state_timezone(meeting.phase.program.state.uf)
    return timezone.localtime(meeting.starts_at, tz).date()


def _delivery_row(d: PlanDelivery) -> dict:
    return {
        "id": d.pk,
        "plan": d.item.plan_id,
        "title": d.delivery.title,
        "action": d.item.action.title,
        "due": d.due.isoformat(),
        "status": d.status,
    }


def live_agenda(meeting: Meeting, today: dt.date | None = None) -> list[dict]:
    """The agenda from the data, per invited municipality (by name): see the module docstring."""
    return agenda_for(meeting.phase, list(meeting.invited.order_by("name")), today)


def agenda_for(phase: Phase, invited: list, today: dt.date | None = None) -> list[dict]:
    """What a meeting of `phase` with `invited` (municipalities, in order) would discuss."""
    day = today or timezone.localdate()
    deliveries = (
        PlanDelivery.objects.filter(
            frozen=True,
            item__plan__adhesion__phase_id=phase.pk,
            item__plan__adhesion__status=AdhesionStatus.ACTIVE,
            item__plan__adhesion__municipality__in=invited,
        )
        .select_related("delivery", "item__action", "item__plan__adhesion")
        .order_by("due", "item__order", "delivery__order", "pk")
    )
    late_ids = set(deliveries.late(day).values_list("pk", flat=True))
    clarifications = (
        Clarification.objects.filter(
            status=ClarificationStatus.OPEN, delivery__in=deliveries.values("pk")
        )
        .select_related(
            "delivery__delivery", "delivery__item__action", "delivery__item__plan__adhesion"
        )
        .order_by("asked_at", "pk")
    )
    rows = {
        m.pk: {
            "municipality": {"ibge": m.ibge, "name": m.name},
            "plan": None,
            "late": [],
            "returned": [],
            "clarifications": [],
        }
        for m in invited
    }
    for d in deliveries:
        row = rows[d.item.plan.adhesion.municipality_id]
        row["plan"] = d.item.plan_id
        if d.pk in late_ids:
            row["late"].append(_delivery_row(d))
        elif d.status == DeliveryStatus.RETURNED:
            row["returned"].append(_delivery_row(d))
    for c in clarifications:
        row = rows[c.delivery.item.plan.adhesion.municipality_id]
        row["clarifications"].append(
            {
                "id": c.pk,
                "delivery": c.delivery_id,
                "plan": c.delivery.item.plan_id,
                "title": c.delivery.delivery.title,
                "action": c.delivery.item.action.title,
                "asked_on": timezone.localdate(c.asked_at).isoformat(),
                "proposed_due": c.proposed_due.isoformat() if c.proposed_due else None,
            }
        )
    return [rows[m.pk] for m in invited]


def agenda(meeting: Meeting, today: dt.date | None = None, only=None) -> list[dict]:
    """The meeting's agenda: stored when held, else live; `only` keeps those municipalities."""
    found = meeting.agenda_snapshot if meeting.agenda_snapshot is not None else None
    if found is None:
        found = live_agenda(meeting, today)
    if only is not None:
        found = [row for row in found if row["municipality"]["ibge"] in only]
    return found


def _dated(rows: list[dict]) -> list[dict]:
    return [
        {
            **r,
            **{
                k: dt.date.fromisoformat(r[k])
                for k in ("due", "asked_on", "proposed_due")
                if r.get(k)
            },
        }
        for r in rows
    ]


def agenda_for_display(rows: list[dict]) -> list[dict]:
    """The agenda with dates as dates (the stored form keeps ISO strings), and its counts."""
    return [
        {
            **row,
            "late": _dated(row["late"]),
            "returned": _dated(row["returned"]),
            "clarifications": _dated(row["clarifications"]),
            "empty": not (row["late"] or row["returned"] or row["clarifications"]),
        }
        for row in rows
    ]


def attendance_of(meeting: Meeting) -> dict[int, object]:
    """municipality id → its MeetingAttendance row (invited ones without a row are absent)."""
    return {a.municipality_id: a for a in meeting.attendance.select_related("municipality")}


def decisions_of(meeting: Meeting, only=None) -> list[MeetingDecision]:
    qs = meeting.decisions.select_related("municipality", "plan")
    if only is not None:
        qs = qs.filter(Q(municipality__in=only) | Q(municipality__isnull=True))
    return list(qs.order_by("pk"))


def tasks_by_decision(decisions) -> dict[int, list]:
    """decision id → its follow-up tasks (open and closed)."""
    found: dict[int, list] = {}
    for task in followup_queries.tasks_for(decisions):
        found.setdefault(task.source_id, []).append(task)
    return found


def _decisions(program: Program, phase: Phase | None = None):
    qs = MeetingDecision.objects.filter(meeting__phase__program=program)
    if phase is not None:
        qs = qs.filter(meeting__phase=phase)
    return qs


def open_tasks(program: Program, phase: Phase | None = None):
    """Open follow-up tasks from the program's (or phase's) meetings, soonest due first: what
    the monitoring dashboard lists as still to do. Each task's `source` is its decision."""
    return followup_queries.open_tasks_for(list(_decisions(program, phase)))


def plan_tasks(plan):
    """Every follow-up task of the decisions about this plan (or its municipality in the plan's
    phase), open ones first."""
    adhesion = plan.adhesion
    decisions = MeetingDecision.objects.filter(
        Q(plan=plan)
        | Q(
            plan__isnull=True,
            municipality_id=adhesion.municipality_id,
            meeting__phase_id=adhesion.phase_id,
        )
    )
    return followup_queries.tasks_for(list(decisions)).order_by("status", "due", "pk")


def task_owner_choices(meeting: Meeting) -> tuple[list, list]:
    """(people, units) a decision's task may be given to: the units of the program (managing
    and participating, with the units below) and their staff, and the focal points of the
    invited municipalities."""
    from apoia.accounts.models import Membership, OrgUnit, User

    program = meeting.phase.program
    unit_ids = set(program.managing_unit.descendant_ids())
    for unit in program.units.all():
        unit_ids |= unit.descendant_ids()
    units = list(OrgUnit.objects.filter(pk__in=unit_ids).order_by("name"))
    people = (
        User.objects.filter(is_active=True)
        .filter(
            pk__in=Membership.objects.filter(
                Q(role__in=(Role.COORDINATOR, Role.TECHNICIAN), org_unit__in=unit_ids)
                | Q(role=Role.MUNICIPAL, municipality__in=meeting.invited.all())
            ).values("user_id")
        )
        .order_by("full_name")
    )
    return list(people), units
