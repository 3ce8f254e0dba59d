"""The management report of a program phase over a period (issue 10, item 9): what was due,
what was done on time, what is late and whose it is, progress, goals and indicator movement.

Every figure comes from apoia.programs.progress, apoia.programs.movement and
apoia.programs.queries_monitoring, over the deliveries `queries_monitoring.phase_deliveries`
chooses: the report's figures are the monitoring dashboard's by construction, for the same
person (`monitoring_scope`: an offering unit sees its actions' part), phase and filters.

The period reads the deliveries **due** in it (start and end included):
- on time: validated, on or before the due date (the day in the site's time zone);
- validated late: validated after the due date;
- late: `PlanDelivery.objects.late` on the reference day (the day after the period's end, or
  today if that is earlier), so its due date passed by the end of the period and it is not
  validated; an open request for more time keeps it out of late;
- held: its due date passed, but a request for more time is open;
- still to come: not validated and its due date is not past yet.
The five add up to the deliveries due in the period. Progress is not cut by the period: it is
the plan's progress as it stands (validated weight over the total weight), the dashboard's.

Late follow-up tasks are the open tasks of the phase's meetings due in the period and before
the reference day. Days late count business days of the territory calendar of the delivery's
(or task's) municipality, up to the reference day.

A strategic project (a program without municipal adhesion) reuses this as it is: the
municipality table is then empty and every other figure stands.
"""

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.accounts.models import Membership, OrgUnit, Role
from apoia.indicators.models import Direction
from apoia.lib.collation import reading_key
from apoia.programs import movement, progress, queries_meetings, queries_monitoring
from apoia.programs.models import DeliveryStatus, Phase
from apoia.programs.queries_monitoring import Filters, MonitoringScope
from apoia.territory.calendar import BusinessCalendar, business_days_between
from apoia.territory.models import Municipality

MAX_YEARS = 5

FORMULA = gettext_lazy(
    "Progresso = Σ peso das entregas validadas ÷ Σ peso de todas as entregas contadas "
    "(dos planos aprovados, como foram aprovados). Entregas enviadas, devolvidas ou pendentes "
    "pesam no total e não no validado."
)


# Periods


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February → 1 March when the year has no 29th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


@dataclasses.dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def month_of(cls, day: dt.date) -> "Period":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(first, following - dt.timedelta(days=1))

    @classmethod
    def quarter_of(cls, day: dt.date) -> "Period":
        first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        last_month = cls.month_of(dt.date(day.year, first.month + 2, 1))
        return cls(first, last_month.end)

    @classmethod
    def year_of(cls, day: dt.date) -> "Period":
        return cls(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))

    def reference_day(self, today: dt.date) -> dt.date:
        """The day lateness is judged on: the day after the end, or today if earlier."""
        if self.end >= today:
            return today
        return self.end + dt.timedelta(days=1)

    def too_long(self) -> bool:
        if self.start.year + MAX_YEARS > dt.MAXYEAR:
            return False  # no date exists five years later
        return self.end >= add_years(self.start, MAX_YEARS)


def presets(today: dt.date) -> list[tuple[str, Period]]:
    """The periods the page offers as links: this and the previous month, quarter and year."""
    month = Period.month_of(today)
    quarter = Period.quarter_of(today)
    year = Period.year_of(today)
    return [
        (_("Mês atual"), month),
        (_("Mês anterior"), Period.month_of(month.start - dt.timedelta(days=1))),
        (_("Trimestre atual"), quarter),
        (_("Trimestre anterior"), Period.quarter_of(quarter.start - dt.timedelta(days=1))),
        (_("Ano atual"), year),
        (_("Ano anterior"), Period.year_of(year.start - dt.timedelta(days=1))),
    ]


# The report's rows


BUCKETS = [
    ("on_time", gettext_lazy("Validadas no prazo")),
    ("validated_late", gettext_lazy("Validadas com atraso")),
    ("late", gettext_lazy("Atrasadas")),
    ("held", gettext_lazy("Com pedido de prorrogação em análise")),
    ("upcoming", gettext_lazy("Ainda no prazo")),
]


@dataclasses.dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    count: int
    weight: Decimal


@dataclasses.dataclass(frozen=True)
class Goals:
    """Plan targets whose latest value reached the target, out of those with data."""

    met: int
    with_data: int
    targets: int


@dataclasses.dataclass
class IndicatorSummary:
    indicator: object
    targets: int = 0
    with_data: int = 0
    improved: int = 0
    unchanged: int = 0
    worsened: int = 0
    met: int = 0
    shares: list = dataclasses.field(default_factory=list)

    @property
    def mean_share(self) -> float | None:
        """The mean share of the way covered, over the targets that have one."""
        return sum(self.shares) / len(self.shares) if self.shares else None

    @property
    def mean_percent(self) -> float | None:
        share = self.mean_share
        return None if share is None else share * 100


@dataclasses.dataclass(frozen=True)
class LateDelivery:
    delivery: object  # PlanDelivery, with item, action, unit and municipality loaded
    days_late: int

    @property
    def item(self):
        return self.delivery.item

    @property
    def municipality(self):
        return self.delivery.item.plan.municipality

    @property
    def unit(self):
        return self.delivery.item.action.unit


@dataclasses.dataclass(frozen=True)
class LateTask:
    task: object  # followup Task
    days_late: int

    @property
    def owner_contact(self) -> str:
        if self.task.owner_user_id:
            return self.task.owner_user.email
        return self.task.owner_unit.email if self.task.owner_unit else ""


@dataclasses.dataclass
class Report:
    program: object
    phase: Phase
    scope: MonitoringScope
    filters: Filters
    period: Period
    today: dt.date
    reference_day: dt.date
    generated_by: object
    generated_at: dt.datetime
    buckets: list[Bucket]
    due_total: Bucket
    goals: Goals
    total: progress.Progress
    units: list[dict]
    municipalities: list[dict]
    indicators: list[IndicatorSummary]
    late: list[LateDelivery]
    late_tasks: list[LateTask]

    formula = FORMULA

    def bucket(self, key: str) -> Bucket:
        return next(b for b in self.buckets if b.key == key)

    def filter_labels(self) -> list[tuple[str, str]]:
        """(label, value) of each filter applied, for the report's header."""
        found = []
        f = self.filters
        if f.challenge is not None:
            found.append((_("Desafio"), f.challenge.name))
        if f.action is not None:
            found.append((_("Ação"), f.action.title))
        if f.unit is not None:
            found.append((_("Unidade ofertante"), f.unit.name))
        if f.municipality is not None:
            name = Municipality.objects.filter(pk=f.municipality).values_list("name", flat=True)
            found.append((_("Município"), name.first() or str(f.municipality)))
        if not self.scope.all:
            found.append((_("Escopo"), _("as ações da sua unidade")))
        return found


# Building it


def _bucket(key: str, label, deliveries) -> Bucket:
    figure = progress.total(deliveries)
    return Bucket(key, str(label), figure.count, figure.total_weight)


def classify(deliveries, period: Period, reference_day: dt.date) -> list[Bucket]:
    """The deliveries due in the period, in the five classes of the module docstring."""
    due = deliveries.filter(due__gte=period.start, due__lte=period.end)
    validated = due.filter(status=DeliveryStatus.VALIDATED)
    # The validation's day in the site's time zone, against the due day.
    validated_late = validated.annotate(
        validated_on=TruncDate("validated_at", tzinfo=timezone.get_current_timezone())
    ).filter(validated_on__gt=F("due"))
    late = due.late(reference_day)
    open_ = due.exclude(status=DeliveryStatus.VALIDATED)
    parts = {
        "on_time": validated.exclude(pk__in=validated_late.values("pk")),
        "validated_late": validated.filter(pk__in=validated_late.values("pk")),
        "late": late,
        "held": open_.filter(due__lt=reference_day).exclude(pk__in=late.values("pk")),
        "upcoming": open_.filter(due__gte=reference_day),
    }
    return [_bucket(key, label, parts[key]) for key, label in BUCKETS]


def goal_met(m: movement.Movement) -> bool | None:
    """Whether the latest value reached the target, by the indicator's direction (None without
    a latest value or a target). A neutral indicator has reached it when it covered the whole
    way from the baseline (or sits on the target)."""
    if m.latest is None or m.goal is None:
        return None
    direction = m.indicator.direction
    if direction == Direction.HIGHER_IS_BETTER:
        return m.latest >= m.goal
    if direction == Direction.LOWER_IS_BETTER:
        return m.latest <= m.goal
    share = m.share
    return m.latest == m.goal if share is None else share >= 1


def summarize_movements(found: list[movement.Movement]) -> tuple[Goals, list[IndicatorSummary]]:
    by_indicator: dict[int, IndicatorSummary] = {}
    met = with_data = 0
    for m in found:
        row = by_indicator.setdefault(m.indicator.pk, IndicatorSummary(indicator=m.indicator))
        row.targets += 1
        reached = goal_met(m)
        if reached is not None:
            row.with_data += 1
            with_data += 1
            if reached:
                row.met += 1
                met += 1
        trend = m.trend
        if trend in ("up", "down"):
            # A neutral indicator is neither better nor worse by itself: towards the target
            # or away from it.
            share = m.share
            trend = None if share is None else "improved" if share > 0 else "worsened"
        if trend == "improved":
            row.improved += 1
        elif trend == "worsened":
            row.worsened += 1
        elif trend == "unchanged":
            row.unchanged += 1
        if m.share is not None:
            row.shares.append(m.share)
    rows = sorted(by_indicator.values(), key=lambda r: reading_key(r.indicator.name))
    return Goals(met=met, with_data=with_data, targets=len(found)), rows


def unit_rows(deliveries) -> list[dict]:
    """Progress per offering unit (the unit of each delivery's action), by name."""
    figures = progress.grouped(deliveries, "item__action__unit")
    units = OrgUnit.objects.filter(pk__in=list(figures))
    rows = [{"unit": unit, "progress": figures[unit.pk]} for unit in units]
    return sorted(rows, key=lambda row: reading_key(row["unit"].name))


class _Calendars:
    """One BusinessCalendar per municipality (or per state when there is none)."""

    def __init__(self, uf: str):
        self.uf = uf
        self.found: dict = {}

    def of(self, municipality) -> BusinessCalendar:
        key = municipality.ibge if municipality is not None else None
        if key not in self.found:
            uf = municipality.state.uf if municipality is not None else self.uf
            self.found[key] = BusinessCalendar(uf, key)
        return self.found[key]


def late_rows(deliveries, period: Period, reference_day: dt.date, calendars) -> list:
    due = deliveries.filter(due__gte=period.start, due__lte=period.end)
    listed = queries_monitoring.late_deliveries(due, reference_day).select_related(
        "item__plan__adhesion__municipality__state"
    )
    return [
        LateDelivery(
            delivery=d,
            days_late=business_days_between(
                d.due, reference_day, calendars.of(d.item.plan.municipality)
            ),
        )
        for d in listed
    ]


def _tasks_in_scope(tasks, scope: MonitoringScope, filters: Filters):
    """An offering unit sees the tasks its units (or their people) own; the dashboard's unit
    and municipality filters narrow the tasks the same way (challenge and action do not
    apply to a task)."""

    def owned_by(units) -> Q:
        people = Membership.objects.filter(
            org_unit__in=units, role__in=(Role.COORDINATOR, Role.TECHNICIAN)
        ).values("user_id")
        return Q(owner_unit__in=units) | Q(owner_user__in=people)

    if not scope.all:
        tasks = tasks.filter(owned_by(scope.units))
    if filters.unit is not None:
        tasks = tasks.filter(owned_by(filters.unit.descendant_ids()))
    if filters.municipality is not None:
        tasks = tasks.filter(municipality=filters.municipality)
    return tasks


def late_task_rows(scope, phase, filters, period, reference_day, calendars) -> list[LateTask]:
    tasks = queries_meetings.open_tasks(scope.program, phase).filter(
        due__gte=period.start, due__lte=period.end, due__lt=reference_day
    )
    tasks = _tasks_in_scope(tasks, scope, filters).select_related("municipality__state")
    return [
        LateTask(
            task=task,
            days_late=business_days_between(
                task.due, reference_day, calendars.of(task.municipality)
            ),
        )
        for task in tasks
    ]


def build(
    scope: MonitoringScope,
    phase: Phase,
    filters: Filters,
    period: Period,
    *,
    by,
    today: dt.date | None = None,
) -> Report:
    """The report of `phase` over `period` as `by` (whose scope it is) sees it."""
    today = today or timezone.localdate()
    reference_day = period.reference_day(today)
    deliveries = queries_monitoring.phase_deliveries(scope, phase, filters)
    buckets = classify(deliveries, period, reference_day)
    due_total = Bucket(
        "total",
        str(_("Com prazo no período")),
        sum(b.count for b in buckets),
        sum((b.weight for b in buckets), progress.ZERO),
    )
    movements = movement.movements(queries_monitoring.movement_targets(scope, phase, filters))
    goals, indicators = summarize_movements(movements)
    calendars = _Calendars(scope.program.state.uf)
    return Report(
        program=scope.program,
        phase=phase,
        scope=scope,
        filters=filters,
        period=period,
        today=today,
        reference_day=reference_day,
        generated_by=by,
        generated_at=timezone.now(),
        buckets=buckets,
        due_total=due_total,
        goals=goals,
        total=progress.total(deliveries),
        units=unit_rows(deliveries),
        municipalities=queries_monitoring.municipality_rows(scope, phase, filters, today),
        indicators=indicators,
        late=late_rows(deliveries, period, reference_day, calendars),
        late_tasks=late_task_rows(scope, phase, filters, period, reference_day, calendars),
    )
