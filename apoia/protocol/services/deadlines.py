"""Due dates watched: the calendar of a request, its deadline state, closure days that move
due dates, and the daily reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apoia.protocol import hooks, notifications
from apoia.protocol.models import (
    EventKind,
    ServiceRequest,
    TimelineEvent,
)
from apoia.protocol.services.timeline import _event, _record
from apoia.territory.calendar import (
    BusinessCalendar,
    compute_deadline,
    next_business_day,
)
from apoia.territory.models import DeadlineUnit


def calendar_for(req: ServiceRequest) -> BusinessCalendar:
    municipality = req.municipality
    in_state = municipality is not None and municipality.state_id == req.state_id
    return BusinessCalendar(req.state.uf, municipality.ibge if in_state else None)


def due_soon_limit(uf: str, today: dt.date) -> dt.date:
    """Requests due on or before this date are "due soon" (≤ 2 business days from today)."""
    return compute_deadline(today, 2, DeadlineUnit.BUSINESS_DAYS, uf=uf).due


def deadline_state(req: ServiceRequest, today: dt.date, limit: dt.date) -> str:
    if not req.is_open:
        return ""
    if req.due_date < today:
        return "late"
    return "due_soon" if req.due_date <= limit else "on_time"


@transaction.atomic
def shift_due_dates_for_closure(day, *, by=None) -> int:
    """A newly adopted closure day or holiday that falls on open requests' due dates pushes
    them to the next business day, with the reason and who adopted it on each timeline.
    Runs inside the transaction that records the day (territory's signal), so both or neither
    are saved."""
    rows = ServiceRequest.objects.open().filter(due_date=day.date)
    if day.municipality_id:
        rows = rows.filter(municipality_id=day.municipality_id)
    else:
        rows = rows.filter(state_id=day.state_id)
    moved = 0
    for req in rows.select_related("state", "municipality", "service"):
        new_due = next_business_day(day.date, calendar_for(req))
        if new_due == req.due_date:
            continue
        old_due, req.due_date = req.due_date, new_due
        req.save(update_fields=["due_date", "updated_at"])
        _event(
            req,
            EventKind.DUE_MOVED,
            by=by,
            text=_record("%(date)s deixou de ser dia útil (%(name)s); o prazo passou para %(new)s.")
            % {
                "date": day.date.strftime("%d/%m/%Y"),
                "name": day.name,
                "new": new_due.strftime("%d/%m/%Y"),
            },
            old_due=old_due.isoformat(),
            new_due=new_due.isoformat(),
        )
        moved += 1
    return moved


@transaction.atomic
def restore_due_dates_for_removed_closure(day, *, by=None) -> int:
    """A closure day removed again gives back the due dates it had moved, unless something
    else (an extension, a pause) changed them since; the timeline says so and who removed it.
    Runs inside the transaction that deletes the day, like shift_due_dates_for_closure."""
    moves = (
        TimelineEvent.objects.filter(kind=EventKind.DUE_MOVED, data__old_due=day.date.isoformat())
        .select_related("request__state", "request__municipality", "request__service")
        .order_by("-at", "-pk")
    )
    restored, seen = 0, set()
    for event in moves:
        req = event.request
        if req.pk in seen:
            continue  # the day was adopted more than once: its latest move is the one to undo
        seen.add(req.pk)
        if not req.is_open or req.due_date.isoformat() != event.data.get("new_due"):
            continue
        if not calendar_for(req).is_business_day(day.date):
            continue  # still a holiday for this request, through another rule
        req.due_date = day.date
        req.save(update_fields=["due_date", "updated_at"])
        _event(
            req,
            EventKind.DUE_MOVED,
            by=by,
            text=_record(
                "%(date)s voltou a ser dia útil (%(name)s foi cancelado); "
                "o prazo volta a ser %(date)s."
            )
            % {"date": day.date.strftime("%d/%m/%Y"), "name": day.name},
            old_due=event.data.get("new_due"),
            new_due=day.date.isoformat(),
        )
        restored += 1
    return restored


def send_reminders(today: dt.date | None = None) -> int:
    """E-mail assignees and coordinators about due-soon and late requests, once a day each.

    Each request is claimed with a conditional UPDATE so two workers never remind twice, and
    its timeline gets an internal REMINDED event in the same transaction: staff see when the
    team was warned, and of which due date. The digest sections other apps register
    (`hooks.register_digest_section`) claim their own items and add them to the same e-mail;
    the count returned is the requests'.
    """
    today = today or timezone.localdate()
    claimed = []
    limits: dict[str, dt.date] = {}
    candidates = (
        ServiceRequest.objects.open()
        .filter(due_date__lte=today + dt.timedelta(days=7))
        .exclude(reminded_on=today)
        .select_related("state")
    )
    for req in candidates:
        uf = req.state.uf
        limits.setdefault(uf, due_soon_limit(uf, today))
        if req.due_date > limits[uf]:
            continue
        with transaction.atomic():
            won = (
                ServiceRequest.objects.filter(pk=req.pk)
                .exclude(reminded_on=today)
                .update(reminded_on=today)
            )
            if not won:
                continue
            late = req.due_date < today
            text = (
                _record("Lembrete de prazo enviado à equipe: o prazo venceu em %(due)s.")
                if late
                else _record("Lembrete de prazo enviado à equipe: o prazo vence em %(due)s.")
            )
            _event(
                req,
                EventKind.REMINDED,
                internal=True,
                text=text % {"due": req.due_date.strftime("%d/%m/%Y")},
                reminded_on=today.isoformat(),
                due=req.due_date.isoformat(),
                deadline_state="late" if late else "due_soon",
            )
        claimed.append(req.pk)
    # The other apps' items (programs' deliveries, follow-up tasks…) join the same e-mail.
    sections = hooks.collect_digest_sections(today)
    if claimed or sections:
        notifications.deadline_digest(claimed, today, sections)
    return len(claimed)
