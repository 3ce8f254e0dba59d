"""Series of events: a recurrence rule (RFC 5545 RRULE, without DTSTART) built from simple
choices, whose occurrences become the episodes (Events with `series` and `occurrence`). An
episode is moved or cancelled alone; the others stay as they were."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apoia.agenda import mail
from apoia.agenda.models import Event, EventStatus, Series
from apoia.agenda.services import events as event_services
from apoia.agenda.services import validation

MAX_EPISODES = 60
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKLY, MONTHLY_WEEKDAY, MONTHLY_DAY = "weekly", "monthly_weekday", "monthly_day"


def build_rrule(
    *,
    frequency: str,
    interval: int = 1,
    weekday: str = "",
    ordinal: int | None = None,
    monthday: int | None = None,
    until: dt.date | None = None,
    count: int | None = None,
) -> str:
    """e.g. build_rrule(frequency="monthly_weekday", weekday="WE", ordinal=2,
    until=date(2026, 12, 31)) == "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231"."""
    errors: dict[str, list[str]] = {}
    parts = []
    if frequency == WEEKLY:
        parts.append("FREQ=WEEKLY")
    elif frequency in (MONTHLY_WEEKDAY, MONTHLY_DAY):
        parts.append("FREQ=MONTHLY")
    else:
        errors["frequency"] = [_("Escolha semanal ou mensal.")]
    if interval is None or interval < 1 or interval > 12:
        errors["interval"] = [_("Informe um intervalo de 1 a 12.")]
    elif interval > 1:
        parts.append(f"INTERVAL={interval}")
    if frequency in (WEEKLY, MONTHLY_WEEKDAY) and weekday not in WEEKDAYS:
        errors["weekday"] = [_("Escolha o dia da semana.")]
    if frequency == WEEKLY and weekday in WEEKDAYS:
        parts.append(f"BYDAY={weekday}")
    if frequency == MONTHLY_WEEKDAY:
        if ordinal not in (1, 2, 3, 4, -1):
            errors["ordinal"] = [_("Escolha qual semana do mês (1ª a 4ª, ou a última).")]
        elif weekday in WEEKDAYS:
            parts.append(f"BYDAY={ordinal:+d}{weekday}")
    if frequency == MONTHLY_DAY:
        if monthday is None or not 1 <= monthday <= 31:
            errors["monthday"] = [_("Informe um dia do mês de 1 a 31.")]
        else:
            parts.append(f"BYMONTHDAY={monthday}")
    if bool(until) == bool(count):
        errors["until"] = [_("Informe a data final ou o número de episódios (um dos dois).")]
    elif until:
        parts.append(f"UNTIL={until:%Y%m%d}")
    elif count < 1 or count > MAX_EPISODES:
        errors["count"] = [
            _("Informe de 1 a %(max)d episódios.") % {"max": MAX_EPISODES},
        ]
    else:
        parts.append(f"COUNT={count}")
    if errors:
        raise ValidationError(errors)
    return ";".join(parts)


def occurrences(rule: str, first_date: dt.date) -> list[dt.date]:
    """The dates of `rule` from `first_date` on (the first date counts only if it follows the
    rule). A rule without an end (UNTIL or COUNT), or with more than MAX_EPISODES, is refused."""
    rule = (rule or "").strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if "DTSTART" in rule:
        raise ValidationError({"rrule": [_("Informe a regra sem DTSTART (use a primeira data).")]})
    if "UNTIL=" not in rule and "COUNT=" not in rule:
        raise ValidationError({"rrule": [_("A regra precisa terminar (UNTIL ou COUNT).")]})
    start = dt.datetime.combine(first_date, dt.time())
    try:
        found = []
        for moment in rrulestr(rule, dtstart=start):
            found.append(moment.date())
            if len(found) > MAX_EPISODES:
                break
    except (ValueError, TypeError, IndexError, KeyError):
        raise ValidationError({"rrule": [_("Regra de recorrência inválida.")]}) from None
    if len(found) > MAX_EPISODES:
        raise ValidationError(
            {"rrule": [_("Uma série tem no máximo %(max)d episódios.") % {"max": MAX_EPISODES}]}
        )
    if not found:
        raise ValidationError({"rrule": [_("A regra não gera nenhuma data.")]})
    return found


def episode_title(series: Series, number: int) -> str:
    return _("%(series)s — episódio %(number)d") % {"series": series.title, "number": number}


@transaction.atomic
def create_series(
    *,
    by,
    state,
    unit,
    title: str,
    rrule: str,
    first_date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    modality: str,
    workload_hours,
    type: str = "webserie_episode",  # noqa: A002 - the model's field name
    description: str = "",
    theme: str = "",
    place: str = "",
    url: str = "",
    axis=None,
    phase=None,
    capacity=None,
    audience_roles: str = "",
) -> Series:
    """The series and its episodes, as drafts (send them to the NEEP or publish them)."""
    event_services._require_staff(by, state.pk)
    dates = occurrences(rrule, first_date)
    common = {
        "unit": unit,
        "type": type,
        "modality": modality,
        "workload_hours": workload_hours,
        "place": (place or "").strip(),
        "url": (url or "").strip(),
        "axis": axis,
        "phase": phase,
        "capacity": capacity,
        "theme": theme,
        "description": description,
        "audience_roles": audience_roles,
    }
    event_services.check_event(
        state,
        {
            **common,
            "title": title,
            "start": event_services.local_datetime(state, dates[0], start_time),
            "end": event_services.local_datetime(state, dates[0], end_time),
        },
    )
    series = Series.objects.create(
        state=state,
        unit=unit,
        title=title.strip(),
        description=(description or "").strip(),
        type=type,
        modality=modality,
        rrule=rrule.strip().upper().removeprefix("RRULE:"),
        first_date=first_date,
        start_time=start_time,
        end_time=end_time,
        workload_hours=workload_hours,
        place=common["place"],
        url=common["url"],
        axis=axis,
        phase=phase,
        capacity=capacity,
        created_by=by,
    )
    for number, day in enumerate(dates, start=1):
        event_services.create_event(
            by=by,
            state=state,
            series=series,
            occurrence=day,
            title=episode_title(series, number),
            start=event_services.local_datetime(state, day, start_time),
            end=event_services.local_datetime(state, day, end_time),
            **common,
        )
    return series


@transaction.atomic
def may_move_episode(event: Event) -> bool:
    """Whether the event's date may still change (not cancelled, not with the NEEP): the
    episode's page offers the move, and the move page opens, only then."""
    return event.status not in (EventStatus.CANCELLED, EventStatus.IN_VALIDATION)


def move_episode(event: Event, *, by, start: dt.datetime, end: dt.datetime) -> Event:
    """Moves one episode (or any event) to a new date and time; `occurrence` stays, so the
    series still knows which of its dates it stands for. Registrants are told."""
    moved = event_services.update_event(event, by=by, start=start, end=end)
    if (
        moved.status == EventStatus.PUBLISHED
        and moved.registrations.exclude(status="cancelled").exists()
    ):
        mail.schedule("event_moved", event=moved.pk)
    return moved


@transaction.atomic
def send_episodes(series: Series, *, by) -> int:
    """Sends every draft or returned episode on: to the NEEP, or published when its type needs
    no validation. Returns how many moved."""
    count = 0
    waiting = series.episodes.filter(status__in=[EventStatus.DRAFT, EventStatus.RETURNED])
    for episode in waiting.order_by("start"):
        if episode.needs_validation:
            validation.submit_for_validation(episode, by=by)
        else:
            event_services.publish(episode, by=by)
        count += 1
    return count
