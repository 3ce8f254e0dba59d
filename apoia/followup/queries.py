"""Who sees and works which follow-up task; "late" is derived here, never stored.

- A task's owner works it: the person, or the technicians and coordinators of the unit
  (and the coordinators of the units above it); so do whoever created it and the admins.
- Everyone who works it sees it, and a municipality's focal points see the tasks about their
  municipality (read-only). Everyone else: 404.
"""

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from apoia.accounts.models import Membership, Role, User
from apoia.followup.models import Task, TaskStatus

STAFF = (Role.COORDINATOR, Role.TECHNICIAN)


def member_units(user) -> set[int]:
    """Units the user belongs to as technician or coordinator (their own tasks)."""
    return {
        m.org_unit_id
        for m in user.active_memberships
        if m.role in STAFF and m.org_unit_id is not None
    }


def _coordinated_units(user) -> set[int]:
    """Units a coordinator answers for: theirs and every unit below."""
    found: set[int] = set()
    for m in user.active_memberships:
        if m.role == Role.COORDINATOR and m.org_unit_id:
            found |= m.org_unit.descendant_ids()
    return found


def _base():
    return Task.objects.select_related(
        "owner_user", "owner_unit", "municipality", "created_by", "source_type"
    )


def has_task_list(user) -> bool:
    """Who has a task list (the menu entry and /tarefas/): state staff, municipal focal
    points, and anyone a task was given to; for others the page is not there (404)."""
    from apoia.accounts.models import Role

    if not user.is_authenticated:
        return False
    return user.is_staff_member or user.has_role(Role.MUNICIPAL) or tasks_owned_by(user).exists()


def tasks_owned_by(user):
    """The user's own tasks: personal ones and those of the units they belong to."""
    if not user.is_authenticated:
        return _base().none()
    return _base().filter(Q(owner_user=user) | Q(owner_unit__in=member_units(user)))


def _workers_q(user) -> Q:
    return (
        Q(owner_user=user)
        | Q(owner_unit__in=member_units(user) | _coordinated_units(user))
        | Q(created_by=user)
    )


def tasks_visible_to(user):
    """The one scope of tasks, for the pages and the API alike."""
    if not user.is_authenticated:
        return _base().none()
    if user.is_admin:
        return _base()
    scope = _workers_q(user)
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        scope |= Q(municipality__in=municipalities)
    return _base().filter(scope)


def get_task_for(user, pk) -> Task:
    try:
        return tasks_visible_to(user).get(pk=int(pk))
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_work(user, task: Task) -> bool:
    """Whether the user may complete or cancel the task (its owner, creator or an admin)."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    return Task.objects.filter(_workers_q(user), pk=task.pk).exists()


def filter_tasks(qs, *, status: str = "", late: bool = False, today: dt.date | None = None):
    """The task list's and the API's filters: a status and "late only"."""
    if status:
        qs = qs.filter(status=status)
    if late:
        qs = qs.late(today or timezone.localdate())
    return qs


def open_tasks_for(sources):
    """Open tasks that came from any of `sources` (e.g. a program's meeting decisions), the
    soonest due first: what a dashboard lists as still to do."""
    return _base().for_sources(sources).open().order_by("due", "pk")


def tasks_for(sources):
    """Every task that came from `sources`, open or not, in due order."""
    return _base().for_sources(sources).order_by("due", "pk")


def owners_of(task: Task) -> list[int]:
    """Who is reminded of the task: its person, or the unit's technicians and coordinators."""
    if task.owner_user_id:
        return [task.owner_user_id] if task.owner_user.is_active else []
    return sorted(
        set(
            Membership.objects.filter(
                org_unit_id=task.owner_unit_id, role__in=STAFF, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def assignable_users(unit_ids):
    """People who may own a task created by staff of these units: their active members."""
    return (
        User.objects.filter(
            is_active=True, memberships__org_unit__in=unit_ids, memberships__role__in=STAFF
        )
        .distinct()
        .order_by("full_name")
    )


def is_open(task: Task) -> bool:
    return task.status == TaskStatus.OPEN
