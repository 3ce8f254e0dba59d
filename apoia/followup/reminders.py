"""The follow-up tasks' lines of the daily reminder e-mail: open tasks due within 5 business
days or late, to their owner (the person, or the unit's technicians and coordinators), at
most once a day per task and person (the ReminderSent ledger)."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from apoia.followup import queries, services
from apoia.followup.models import Task
from apoia.protocol.hooks import DigestSection
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import DeadlineUnit

SOON_BUSINESS_DAYS = 5
# Five business days never span more than this many calendar days (carnival, Easter and a
# holiday bridge included); candidates are read within it, then checked on their calendar.
WINDOW_DAYS = 15


class SoonLimits:
    """The last day that is "within 5 business days" of `today`, per calendar (cached)."""

    def __init__(self, today: dt.date, days: int = SOON_BUSINESS_DAYS):
        self.today, self.days, self._cache = today, days, {}

    def __call__(self, uf: str, ibge: int | None = None) -> dt.date:
        key = (uf, ibge)
        if key not in self._cache:
            self._cache[key] = compute_deadline(
                self.today, self.days, DeadlineUnit.BUSINESS_DAYS, uf=uf, municipality=ibge
            ).due
        return self._cache[key]


def _limit_for(task: Task, limits: SoonLimits) -> dt.date:
    if task.municipality_id:
        return limits(task.municipality.state.uf, task.municipality_id)
    if task.owner_unit_id:
        return limits(task.owner_unit.state.uf)
    for m in task.owner_user.active_memberships:
        if m.org_unit_id:
            return limits(m.org_unit.state.uf)
        if m.municipality_id:
            return limits(m.municipality.state.uf, m.municipality_id)
    return limits.today + dt.timedelta(days=7)


def collect(today: dt.date) -> dict[int, list[int]]:
    limits = SoonLimits(today)
    found: dict[int, list[int]] = {}
    candidates = (
        Task.objects.open()
        .filter(due__lte=today + dt.timedelta(days=WINDOW_DAYS))
        .select_related("municipality__state", "owner_unit__state", "owner_user")
        .order_by("due", "pk")
    )
    for task in candidates:
        if task.due >= today and task.due > _limit_for(task, limits):
            continue
        for person in queries.owners_of(task):
            if services.claim_reminder(task, person, today, "tasks"):
                found.setdefault(person, []).append(task.pk)
    return found


def render(ids: list[int], today: dt.date) -> list[tuple[str, list[str]]]:
    tasks = list(Task.objects.filter(pk__in=ids).order_by("due", "pk"))

    def line(task: Task, word: str) -> str:
        return f"{task.title} — {word} {task.due:%d/%m/%Y} — {settings.SITE_URL}" + (
            task.get_absolute_url()
        )

    return [
        (
            _("Tarefas de acompanhamento atrasadas"),
            [line(t, _("venceu em")) for t in tasks if t.due < today],
        ),
        (
            _("Tarefas de acompanhamento que vencem em até 5 dias úteis"),
            [line(t, _("vence em")) for t in tasks if t.due >= today],
        ),
    ]


task_digest_section = DigestSection(key="followup_tasks", collect=collect, render=render)
