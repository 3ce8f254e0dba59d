"""Planned versus done of an annual plan: the one computation the page, the PDF, the XLSX and
the API read.

Per axis, per strategy (also per axis × strategy) and per month: the plan's entries by status
(planned, scheduled, done, cancelled), the share done (done over the entries not cancelled) and
the events held — published events linked to the entries that have already ended. An entry
planned for several months counts in each of them; an event counts in the month (in the
state's time zone) it started, within the plan's year. Entries without months are in no month
row."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import MONTHS

from apoia.agenda.models import Event, EventStatus


@dataclass
class Figures:
    total: int = 0
    planned: int = 0
    scheduled: int = 0
    done: int = 0
    cancelled: int = 0
    events_held: int = 0

    def count(self, status: str) -> None:
        self.total += 1
        setattr(self, status, getattr(self, status) + 1)

    @property
    def percent_done(self) -> Decimal | None:
        """Done over the entries not cancelled, in %, one decimal; None when none counts."""
        counted = self.total - self.cancelled
        if not counted:
            return None
        return (Decimal(100 * self.done) / counted).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_dict(self) -> dict:
        percent = self.percent_done
        return {
            "total": self.total,
            "planned": self.planned,
            "scheduled": self.scheduled,
            "done": self.done,
            "cancelled": self.cancelled,
            "percent_done": float(percent) if percent is not None else None,
            "events_held": self.events_held,
        }


@dataclass
class Row:
    key: object  # an Axis, a Strategy, or a month number
    label: str
    figures: Figures = field(default_factory=Figures)
    children: list = field(default_factory=list)  # per strategy, in an axis row


@dataclass
class Execution:
    plan: object
    now: dt.datetime
    total: Figures
    axes: list[Row]
    strategies: list[Row]
    months: list[Row]
    entries: list  # the plan's entries, in order, each with .held (events held)

    def as_dict(self) -> dict:
        def row(r: Row, key: str) -> dict:
            out = {key: r.label, **r.figures.as_dict()}
            if key == "axis":
                out["strategies"] = [row(c, "strategy") for c in r.children]
            return out

        return {
            "uf": self.plan.state.uf,
            "year": self.plan.year,
            "act": self.plan.act,
            "total": self.total.as_dict(),
            "axes": [row(r, "axis") for r in self.axes],
            "strategies": [row(r, "strategy") for r in self.strategies],
            "months": [{"month": r.key, **r.figures.as_dict()} for r in self.months],
        }


def month_name(month: int) -> str:
    return str(MONTHS[month]).lower()


def held_events(plan, now):
    """Published events of the plan's entries that have ended by `now`."""
    return Event.objects.filter(
        plan_entry__plan=plan, status=EventStatus.PUBLISHED, end__lte=now
    ).order_by("start", "pk")


def execution(plan, now: dt.datetime | None = None) -> Execution:
    now = now or timezone.now()
    zone = ZoneInfo(plan.state.timezone)
    entries = list(plan.entries.select_related("axis", "strategy", "unit").order_by("order", "pk"))
    held: dict[int, list] = {}
    for event in held_events(plan, now):
        held.setdefault(event.plan_entry_id, []).append(event)
    total = Figures()
    axes: dict[int, Row] = {}
    axis_strategies: dict[tuple[int, int], Row] = {}
    strategies: dict[int, Row] = {}
    months: dict[int, Row] = {}
    for entry in entries:
        entry.held = held.get(entry.pk, [])
        axis = axes.setdefault(entry.axis_id, Row(entry.axis, entry.axis.name))
        strategy = strategies.setdefault(
            entry.strategy_id, Row(entry.strategy, entry.strategy.name)
        )
        pair = axis_strategies.get((entry.axis_id, entry.strategy_id))
        if pair is None:
            pair = Row(entry.strategy, entry.strategy.name)
            axis_strategies[(entry.axis_id, entry.strategy_id)] = pair
            axis.children.append(pair)
        for figures in (total, axis.figures, strategy.figures, pair.figures):
            figures.count(entry.status)
            figures.events_held += len(entry.held)
        for month in entry.months or ():
            row = months.setdefault(month, Row(month, month_name(month)))
            row.figures.count(entry.status)
        for event in entry.held:
            # Counted in the month it started, planned for that month or not.
            start = timezone.localtime(event.start, zone)
            if start.year == plan.year:
                row = months.setdefault(start.month, Row(start.month, month_name(start.month)))
                row.figures.events_held += 1

    def axis_order(row):
        return (row.key.order, row.key.name)

    def strategy_order(row):
        return (row.key.order, row.key.name)

    for row in axes.values():
        row.children.sort(key=strategy_order)
    return Execution(
        plan=plan,
        now=now,
        total=total,
        axes=sorted(axes.values(), key=axis_order),
        strategies=sorted(strategies.values(), key=strategy_order),
        months=[months[m] for m in sorted(months)],
        entries=entries,
    )
