"""The agenda's lines in the daily reminder e-mail (`apoia remind`, protocol.hooks digest):
the day before an event, each person with an account is reminded of the events they
registered for (by their account or their e-mail) and the staff of the event's unit of their
unit's events. Claimed once a day per item and person (followup's ReminderSent ledger)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, User
from apoia.agenda import queries
from apoia.agenda.models import Event, EventStatus, Registration, RegistrationStatus

KEY = "agenda_events"


def _tomorrow_events(today: dt.date) -> list[Event]:
    """Published events starting on the day after `today` in their own state's calendar."""
    tomorrow = today + dt.timedelta(days=1)
    # A day's margin each side of the UTC day: the exact date is read in each state's zone.
    since = dt.datetime.combine(today, dt.time(), dt.UTC)
    until = dt.datetime.combine(tomorrow + dt.timedelta(days=2), dt.time(), dt.UTC)
    rows = Event.objects.filter(
        status=EventStatus.PUBLISHED, start__gte=since, start__lt=until
    ).select_related("state")
    return [
        e
        for e in rows
        if timezone.localtime(e.start, ZoneInfo(e.state.timezone)).date() == tomorrow
    ]


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    from apoia.followup.services import claim_reminder

    events = _tomorrow_events(today)
    found: dict[int, dict[str, list[int]]] = {}
    if not events:
        return found
    ids = [e.pk for e in events]
    regs = list(Registration.objects.filter(event_id__in=ids, status=RegistrationStatus.REGISTERED))
    emails = {r.email.lower() for r in regs}
    accounts = {
        email.lower(): pk
        for email, pk in User.objects.filter(is_active=True)
        .filter(email__in=[r.email for r in regs] + list(emails))
        .values_list("email", "pk")
    }
    registered: dict[int, set[int]] = {}
    for reg in regs:
        # The person registered, and whoever registered them (a focal point for a team).
        people = {accounts.get(reg.email.lower()), reg.registered_by_id}
        for person in people - {None}:
            registered.setdefault(reg.event_id, set()).add(person)
    staff: dict[int, set[int]] = {}
    rows = Membership.objects.filter(
        Q(role__in=queries.STAFF_ROLES),
        org_unit_id__in={e.unit_id for e in events},
        user__is_active=True,
    ).values_list("org_unit_id", "user_id")
    for unit_id, user_id in rows:
        staff.setdefault(unit_id, set()).add(user_id)

    for event in sorted(events, key=lambda e: (e.start, e.pk)):
        for person in sorted(registered.get(event.pk, ())):
            if claim_reminder(event, person, today, f"{KEY}_registered"):
                found.setdefault(person, {}).setdefault("registered", []).append(event.pk)
        for person in sorted(staff.get(event.unit_id, ())):
            if person in registered.get(event.pk, ()):
                continue
            if claim_reminder(event, person, today, f"{KEY}_unit"):
                found.setdefault(person, {}).setdefault("unit", []).append(event.pk)
    return found


def line(event: Event) -> str:
    zone = ZoneInfo(event.state.timezone)
    start, end = timezone.localtime(event.start, zone), timezone.localtime(event.end, zone)
    where = " · ".join(
        part
        for part in (
            event.place if event.shows_place else "",
            event.url if event.shows_link else "",
        )
        if part
    )
    url = settings.SITE_URL + event.get_absolute_url()
    when = f"{start:%d/%m/%Y} {start:%H:%M}–{end:%H:%M}"
    return " — ".join(part for part in (event.title, when, where, url) if part)


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = [pk for key in ("registered", "unit") for pk in payload.get(key, ())]
    rows = {e.pk: e for e in Event.objects.filter(pk__in=ids).select_related("state")}

    def lines(key):
        return [line(rows[pk]) for pk in payload.get(key, ()) if pk in rows]

    return [
        (_("Amanhã: eventos em que você está inscrito(a)"), lines("registered")),
        (_("Amanhã: eventos da sua unidade"), lines("unit")),
    ]


def register() -> None:
    from apoia.protocol.hooks import DigestSection, register_digest_section

    register_digest_section(DigestSection(key=KEY, collect=collect, render=render))
