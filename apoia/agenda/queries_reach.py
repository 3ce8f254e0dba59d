"""The reach of a state's technical support in a year (item 10), and the agenda's part of a
municipality's profile (item 12). One function per figure, a few queries each, none per row.

- Held versus planned: planned are the entries of the state's plan of that year plus the
  published (not cancelled) events of the year; held are those events that already ended. An
  event counts under its axis (or its plan entry's), under its plan entry's strategy (none when
  not linked) and under its month in the state's time zone; an entry under each of its months.
- Participation per municipality: registrations (not cancelled), attendances, distinct events
  attended, appointments (not cancelled) and technical visits (published `visita_tecnica`
  events whose audience names the municipality), of events, slots and visits of the year.
- Never reached: a municipality without an attendance, an appointment that took place or a
  visit that took place this year.
- Satisfaction: the attendees' ratings (1 to 5) per event, the overall average and the latest
  comments (text and event, never a name).

Who sees what: the dashboard is the state's agenda staff's (admins: every state); in a
profile, the counts are public, an appointment's rows (with its protocol number) are for
those who may open it, and the link to a visit's report is for the state's agenda staff.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from apoia.agenda import queries
from apoia.agenda.models import (
    Appointment,
    AppointmentStatus,
    Event,
    EventStatus,
    EventType,
    Feedback,
    PlanEntry,
    Registration,
    RegistrationStatus,
)
from apoia.lib.collation import reading_key
from apoia.territory.models import Municipality, State

REACHED = "#1351b4"
NEVER_REACHED = "#e52207"
LATEST_COMMENTS = 10
PARTICIPATION_COLUMNS = ("registrations", "attendances", "events", "appointments", "visits")
SORTS = ("name", *PARTICIPATION_COLUMNS)


# --- scope ----------------------------------------------------------------------------------


def reach_states(user) -> list[State]:
    """The states whose reach the user sees (their agenda's), the site's own state first."""
    states = list(queries.staff_states(user).filter(municipalities__isnull=False).distinct())
    states.sort(key=lambda s: (s.uf != settings.APOIA_STATE, s.uf))
    return states


def reach_state_for(user, uf: str | None) -> State:
    """The state asked for (by UF) or the user's first; 404 for anyone who is not the agenda
    staff of that state."""
    states = reach_states(user)
    if not states:
        raise Http404
    if not uf:
        return states[0]
    found = next((s for s in states if s.uf == str(uf).upper()), None)
    if found is None:
        raise Http404
    return found


def year_bounds(state: State, year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January of `year` to 1 January of the next, in the state's time zone."""
    zone = ZoneInfo(state.timezone)
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _events_of_year(state: State, year: int):
    start, end = year_bounds(state, year)
    return Event.objects.filter(state=state, start__gte=start, start__lt=end)


def format_rating(total, count) -> str:
    """The average of `count` ratings summing `total`, one decimal, Brazilian: "4,3"."""
    if not count:
        return "—"
    average = (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(average).replace(".", ",")


# --- held versus planned --------------------------------------------------------------------


def _tally(rows: dict, key, label, field: str) -> None:
    row = rows.setdefault(key, {"key": key, "label": label, "planned": 0, "held": 0})
    row[field] += 1


def _ordered(rows: dict, order: dict) -> list[dict]:
    return sorted(
        rows.values(), key=lambda r: (r["key"] is None, order.get(r["key"], 0), r["label"])
    )


def held_versus_planned(state: State, year: int, now: dt.datetime) -> dict:
    """{"by_axis", "by_strategy", "by_month": [{"key", "label", "planned", "held"}],
    "totals": {"planned", "held"}}. Two queries (the plan's entries, the year's events).

    Planned: each entry of the year's plan once (in its months), plus each published event
    that no entry of that plan accounts for — off the plan, or a second event of one entry
    (an entry "Visitas técnicas" run as five visits plans five). Held: the published events
    that ended, in the month they happened."""
    zone = ZoneInfo(state.timezone)
    by_axis: dict = {}
    by_strategy: dict = {}
    by_month = {m: {"key": m, "label": str(MONTHS[m]), "planned": 0, "held": 0} for m in MONTHS}
    axis_order: dict = {}
    strategy_order: dict = {}
    no_axis, no_strategy = _("Sem eixo"), _("Sem estratégia (evento fora do plano)")
    entries = PlanEntry.objects.filter(plan__state=state, plan__year=year).values(
        "id", "axis_id", "axis__name", "axis__order", "strategy_id", "strategy__name",
        "strategy__order", "months",
    )  # fmt: skip
    # The first event of each entry of this plan is what the entry planned.
    accounted: set[int] = set()
    entry_ids: set[int] = set()
    totals = {"planned": 0, "held": 0}
    for entry in entries:
        entry_ids.add(entry["id"])
        totals["planned"] += 1
        axis_order[entry["axis_id"]] = entry["axis__order"]
        strategy_order[entry["strategy_id"]] = entry["strategy__order"]
        _tally(by_axis, entry["axis_id"], entry["axis__name"], "planned")
        _tally(by_strategy, entry["strategy_id"], entry["strategy__name"], "planned")
        for month in entry["months"] or []:
            if month in by_month:
                by_month[month]["planned"] += 1
    events = (
        _events_of_year(state, year)
        .filter(status=EventStatus.PUBLISHED)
        .annotate(
            axis_key=Coalesce("axis_id", "plan_entry__axis_id"),
            axis_label=Coalesce("axis__name", "plan_entry__axis__name"),
            axis_rank=Coalesce("axis__order", "plan_entry__axis__order"),
            strategy_key=F("plan_entry__strategy_id"),
            strategy_label=F("plan_entry__strategy__name"),
            strategy_rank=F("plan_entry__strategy__order"),
        )
        .order_by("start", "pk")
        .values(
            "start",
            "end",
            "plan_entry_id",
            "axis_key",
            "axis_label",
            "axis_rank",
            "strategy_key",
            "strategy_label",
            "strategy_rank",
        )  # fmt: skip
    )
    for event in events:
        held = event["end"] <= now
        month = event["start"].astimezone(zone).month
        axis_order.setdefault(event["axis_key"], event["axis_rank"] or 0)
        strategy_order.setdefault(event["strategy_key"], event["strategy_rank"] or 0)
        entry = event["plan_entry_id"]
        in_plan = entry in entry_ids and entry not in accounted
        if in_plan:
            accounted.add(entry)
        fields = (() if in_plan else ("planned",)) + (("held",) if held else ())
        for field in fields:
            totals[field] += 1
            _tally(by_axis, event["axis_key"], event["axis_label"] or no_axis, field)
            _tally(
                by_strategy, event["strategy_key"], event["strategy_label"] or no_strategy, field
            )
            by_month[month][field] += 1
    return {
        "by_axis": _ordered(by_axis, axis_order),
        "by_strategy": _ordered(by_strategy, strategy_order),
        "by_month": list(by_month.values()),
        "totals": totals,
    }


# --- participation per municipality ---------------------------------------------------------


def participation(state: State, year: int, now: dt.datetime, sort: str = "name") -> list[dict]:
    """Every municipality of the state: {"ibge", "name", "registrations", "attendances",
    "events", "appointments", "visits", "reached"}. Four queries; `sort` is a column of
    SORTS, "-" first for the reverse order (the names always break ties)."""
    start, end = year_bounds(state, year)
    rows = {
        ibge: {
            "ibge": ibge,
            "name": name,
            **dict.fromkeys(PARTICIPATION_COLUMNS, 0),
            "appointments_held": 0,
            "visits_held": 0,
        }
        for ibge, name in Municipality.objects.filter(state=state)
        .order_by()
        .values_list("ibge", "name")
    }
    registrations = (
        Registration.objects.filter(event__state=state, event__start__gte=start)
        .filter(event__start__lt=end)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(event__status=EventStatus.CANCELLED)
        .values("municipality_id")
        .order_by()
        .annotate(
            n=Count("pk"),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
            events=Count("event_id", distinct=True, filter=Q(checked_in_at__isnull=False)),
        )
    )
    for row in registrations:
        if row["municipality_id"] in rows:
            rows[row["municipality_id"]].update(
                registrations=row["n"], attendances=row["attended"], events=row["events"]
            )
    appointments = (
        Appointment.objects.filter(municipality__state=state, slot__start__gte=start)
        .filter(slot__start__lt=end)
        .exclude(status=AppointmentStatus.CANCELLED)
        .values("municipality_id")
        .order_by()
        .annotate(n=Count("pk"), held=Count("pk", filter=Q(slot__end__lte=now)))
    )
    for row in appointments:
        if row["municipality_id"] in rows:
            rows[row["municipality_id"]].update(
                appointments=row["n"], appointments_held=row["held"]
            )
    Audience = Event.audience_municipalities.through
    visits = (
        Audience.objects.filter(
            event__state=state,
            event__type=EventType.VISITA_TECNICA,
            event__status=EventStatus.PUBLISHED,
            event__start__gte=start,
            event__start__lt=end,
        )
        .values("municipality_id")
        .order_by()
        .annotate(n=Count("event_id"), held=Count("event_id", filter=Q(event__end__lte=now)))
    )
    for row in visits:
        if row["municipality_id"] in rows:
            rows[row["municipality_id"]].update(visits=row["n"], visits_held=row["held"])
    for row in rows.values():
        row["reached"] = bool(row["attendances"] or row["appointments_held"] or row["visits_held"])
    return sort_participation(list(rows.values()), sort)


def clean_sort(sort: str | None) -> str:
    sort = str(sort or "")
    return sort if sort.lstrip("-") in SORTS else "name"


def sort_participation(rows: list[dict], sort: str) -> list[dict]:
    sort = clean_sort(sort)
    column, reverse_ = sort.lstrip("-"), sort.startswith("-")
    rows = sorted(rows, key=lambda r: reading_key(r["name"]))
    if column == "name":
        return rows[::-1] if reverse_ else rows
    return sorted(rows, key=lambda r: r[column], reverse=reverse_)


def participation_table(rows: list[dict]) -> tuple[list[str], list[list]]:
    """The headers and rows of the CSV/XLSX download of the participation."""
    headers = [
        _("Código IBGE"),
        _("Município"),
        _("Inscrições"),
        _("Presenças"),
        _("Eventos com presença"),
        _("Atendimentos individualizados"),
        _("Visitas técnicas"),
        _("Alcançado no ano"),
    ]
    return headers, [
        [
            r["ibge"],
            r["name"],
            r["registrations"],
            r["attendances"],
            r["events"],
            r["appointments"],
            r["visits"],
            r["reached"],
        ]
        for r in rows
    ]


# --- never reached --------------------------------------------------------------------------


def never_reached(rows: list[dict]) -> list[dict]:
    """The municipalities of `participation` rows that nothing reached, by name."""
    return sorted((r for r in rows if not r["reached"]), key=lambda r: reading_key(r["name"]))


def reach_map(state: State, rows: list[dict]) -> dict | None:
    """The state's SVG map in two classes, reached and never reached (the shipped IBGE mesh of
    apoia.indicators.maps); None when the mesh does not cover the state."""
    from apoia.indicators import maps

    geometry = maps.state_geometry(state.uf)
    if not geometry["paths"]:
        return None
    reached = {r["ibge"] for r in rows if r["reached"]}
    shapes = []
    for ibge, (name, d) in geometry["paths"].items():
        hit = ibge in reached
        title = (_("%(name)s: alcançado") if hit else _("%(name)s: nunca alcançado no ano")) % {
            "name": name
        }
        shapes.append(
            {
                "ibge": ibge,
                "d": d,
                "colour": REACHED if hit else NEVER_REACHED,
                "title": title,
                "reached": hit,
            }
        )
    never = sum(1 for r in rows if not r["reached"])
    legend = [
        {"colour": REACHED, "label": _("alcançado"), "count": len(rows) - never},
        {"colour": NEVER_REACHED, "label": _("nunca alcançado no ano"), "count": never},
    ]
    return {"geometry": geometry, "shapes": shapes, "legend": legend}


# --- satisfaction ---------------------------------------------------------------------------


def satisfaction(state: State, year: int) -> dict:
    """{"events": [{"id", "title", "start", "average", "average_display", "count"}],
    "average", "average_display", "count", "comments": [{"text", "event_id", "event",
    "at"}]}. Three queries; no name of who rated."""
    start, end = year_bounds(state, year)
    feedback = Feedback.objects.filter(
        registration__event__state=state,
        registration__event__start__gte=start,
        registration__event__start__lt=end,
    )
    per_event = (
        feedback.values(
            "registration__event_id", "registration__event__title", "registration__event__start"
        )
        .order_by()
        .annotate(total=Sum("rating"), n=Count("pk"))
    )
    events = sorted(
        (
            {
                "id": row["registration__event_id"],
                "title": row["registration__event__title"],
                "start": row["registration__event__start"],
                "average": float(format_rating(row["total"], row["n"]).replace(",", ".")),
                "average_display": format_rating(row["total"], row["n"]),
                "count": row["n"],
            }
            for row in per_event
        ),
        key=lambda r: (r["start"], r["id"]),
    )
    overall = feedback.aggregate(total=Sum("rating"), n=Count("pk"))
    display = format_rating(overall["total"] or 0, overall["n"])
    comments = [
        {
            "text": row["comment"],
            "event_id": row["registration__event_id"],
            "event": row["registration__event__title"],
            "at": row["created_at"],
        }
        for row in feedback.exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("comment", "registration__event_id", "registration__event__title", "created_at")[
            :LATEST_COMMENTS
        ]
    ]
    return {
        "events": events,
        "average": float(display.replace(",", ".")) if overall["n"] else None,
        "average_display": display,
        "count": overall["n"],
        "comments": comments,
    }


# --- the municipality profile ---------------------------------------------------------------

PROFILE_EVENTS = 20


def attended_events(municipality: Municipality, limit: int = PROFILE_EVENTS) -> list[dict]:
    """The public events its people attended, the latest first: {"id", "title", "start",
    "timezone", "attendees", "url"}; counts only, never a name. One query."""
    rows = (
        Registration.objects.filter(municipality=municipality, checked_in_at__isnull=False)
        .filter(event__in=queries.public_events())
        .values("event_id", "event__title", "event__start", "event__state__timezone")
        .order_by()
        .annotate(attendees=Count("pk"))
        .order_by("-event__start", "-event_id")[:limit]
    )
    return [
        {
            "id": r["event_id"],
            "title": r["event__title"],
            "start": r["event__start"],
            "timezone": r["event__state__timezone"],
            "attendees": r["attendees"],
            "url": reverse("agenda:event", args=[r["event_id"]]),
        }
        for r in rows
    ]


def appointment_counts(municipality: Municipality) -> dict:
    """How many appointments it booked, by status (public: no question, no protocol)."""
    return Appointment.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        booked=Count("pk", filter=Q(status=AppointmentStatus.BOOKED)),
        done=Count("pk", filter=Q(status=AppointmentStatus.DONE)),
        cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
    )


def profile_appointments(user, municipality: Municipality, limit: int = PROFILE_EVENTS):
    """The municipality's appointments `user` may open (its focal points, the slot unit's
    staff, admins; nobody else), the latest first, with their protocol numbers."""
    return list(
        queries.appointments_visible_to(user)
        .filter(municipality=municipality)
        .order_by("-slot__start", "-pk")[:limit]
    )


def municipality_visits(user, municipality: Municipality, now: dt.datetime) -> list[dict]:
    """Its technical visits (published or cancelled after publication), the latest first:
    {"event", "status", "status_label", "report_url"}; the report's link only for the state's
    agenda staff, once the visit has started."""
    from apoia.agenda.models import VisitReport

    events = list(
        queries.public_events()
        .filter(type=EventType.VISITA_TECNICA, audience_municipalities=municipality)
        .select_related("state")
        .order_by("-start", "-pk")[:PROFILE_EVENTS]
    )
    reported = set(VisitReport.objects.filter(event__in=events).values_list("event_id", flat=True))
    found = []
    for event in events:
        if event.status == EventStatus.CANCELLED:
            status, label = "cancelled", _("Cancelada")
        elif event.end <= now:
            status, label = "done", _("Realizada")
        else:
            status, label = "scheduled", _("Agendada")
        report_url = None
        staff = queries.is_agenda_staff(user, event.state_id)
        if staff and status != "cancelled" and event.start <= now:
            report_url = reverse("agenda:visit_report", args=[event.pk])
        found.append(
            {
                "event": event,
                "status": status,
                "status_label": label,
                "reported": event.pk in reported,
                "report_url": report_url,
            }
        )
    return found
