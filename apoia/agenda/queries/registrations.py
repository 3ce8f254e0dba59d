"""Registrations, attendance and certificates: who registers whom, the waiting list, the
online attendance window."""

from django.db.models import Q
from django.http import Http404

from apoia.agenda.models import Event, EventStatus
from apoia.agenda.queries.core import (
    audience,
    focal_point_municipalities,
    in_audience,
    may_manage_event,
    public_events,
    registration_open,
)
from apoia.territory.models import Municipality

#
# A registration's code is its capability: whoever holds it opens the registration page, cancels
# it, downloads its certificate and rates the event. Staff of the event's state see and run
# every registration of the event. The certificate check is public and shows only the name.

# Online attendance: the announced code is accepted from 15 min before the start to 30 min
# after the end.
ONLINE_CHECKIN_BEFORE_MINUTES = 15
ONLINE_CHECKIN_AFTER_MINUTES = 30


def registrable_municipalities(user, event: Event) -> list[Municipality]:
    """The municipalities in whose name `user` registers people for `event`: every one of the
    audience for the event's staff; the focal point's own in the audience; none otherwise."""
    if not user.is_authenticated:
        return []
    if may_manage_event(user, event):
        return list(audience(event).order_by("name"))
    return [m for m in focal_point_municipalities(user) if in_audience(event, m)]


def may_register_others(user, event: Event) -> bool:
    """Staff and focal points register a team; anyone else only themselves (not at all here)."""
    return bool(registrable_municipalities(user, event))


def registrations_of(user):
    """A person's registrations: those their account made and those with their e-mail."""
    from apoia.agenda.models import Registration

    if not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(Q(registered_by=user) | Q(email__iexact=user.email))


def get_registration(code):
    """The registration whose code this is (the code is the capability), else 404."""
    from apoia.agenda.codes import normalize_code
    from apoia.agenda.models import Registration

    found = (
        Registration.objects.select_related("event__state", "event__unit", "municipality")
        .filter(code=normalize_code(str(code))[:12])
        .first()
    )
    if found is None:
        raise Http404
    return found


def waiting_position(registration) -> int | None:
    """1 for the first of the waiting list; None when the registration is not waiting."""
    from apoia.agenda.models import RegistrationStatus

    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.event.registrations.filter(status=RegistrationStatus.WAITING).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def waiting_count(event: Event) -> int:
    from apoia.agenda.models import RegistrationStatus

    return event.registrations.filter(status=RegistrationStatus.WAITING).count()


def event_ended(event: Event, now) -> bool:
    return event.end <= now


def online_checkin_open(event: Event, now) -> bool:
    """Whether attendees may type the announced code now (an online or hybrid session with a
    code, from 15 minutes before its start to 30 minutes after its end)."""
    import datetime as dt

    if event.status != EventStatus.PUBLISHED or not event.shows_link or not event.attendance_code:
        return False
    opens = event.start - dt.timedelta(minutes=ONLINE_CHECKIN_BEFORE_MINUTES)
    closes = event.end + dt.timedelta(minutes=ONLINE_CHECKIN_AFTER_MINUTES)
    return opens <= now <= closes


def may_give_feedback(registration, now) -> bool:
    """An attendee rates the event once it has ended."""
    return registration.attended and event_ended(registration.event, now)


def attendance_by_municipality(event: Event) -> list[dict]:
    """Per municipality of `event`'s registrations (cancelled ones left out): its IBGE code,
    name, registered people (waiting list included) and attendees, by name."""
    from django.db.models import Count

    from apoia.agenda.models import RegistrationStatus

    rows = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .values("municipality_id", "municipality__name")
        .annotate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by("municipality__name")
    )
    return [
        {
            "ibge": row["municipality_id"],
            "name": row["municipality__name"],
            "registered": row["registered"],
            "waiting": row["waiting"],
            "attended": row["attended"],
        }
        for row in rows
    ]


def get_certificate(code):
    """The certificate of this verification code (revoked ones too), else 404."""
    from apoia.agenda.codes import normalize_code
    from apoia.agenda.models import Certificate

    found = (
        Certificate.objects.select_related("registration__event__state")
        .filter(code=normalize_code(str(code))[:20])
        .first()
    )
    if found is None:
        raise Http404
    return found


def open_for_registration(user, now, limit: int = 8) -> list[Event]:
    """The next public events whose registration is open and for which `user` may register
    someone (their "Minhas inscrições" offers them)."""
    if not user.is_authenticated:
        return []
    found = []
    upcoming = public_events().filter(start__gt=now).select_related("state").order_by("start")
    for event in upcoming[:60]:
        if registration_open(event, now) and registrable_municipalities(user, event):
            found.append(event)
            if len(found) == limit:
                break
    return found
