"""E-mails of the agenda: events (see apoia.agenda.mail). A cancelled or moved event is told to
everyone registered or waiting, with the updated calendar entry attached."""

from django.conf import settings

from apoia.agenda import ical
from apoia.agenda.mail import AgendaMail, letter
from apoia.agenda.models import Event, RegistrationStatus


def _context(event: Event) -> dict:
    from apoia.agenda.services.events import local

    return {
        "event": event,
        "day": local(event).strftime("%d/%m/%Y"),
        "starts": local(event).strftime("%H:%M"),
        "ends": local(event, event.end).strftime("%H:%M"),
        "url": f"{settings.SITE_URL}{event.get_absolute_url()}",
    }


def _registrants(event: Event) -> list[str]:
    return list(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list(
            "email", flat=True
        )
    )


def _ics(event: Event) -> list[tuple[str, bytes, str]]:
    body = ical.calendar_bytes([ical.entry_for_event(event)], name=event.title, method="PUBLISH")
    return [("evento.ics", body, "text/calendar")]


@letter("event_cancelled")
def event_cancelled(ids: dict) -> AgendaMail | None:
    event = Event.objects.select_related("state", "unit").get(pk=ids["event"])
    return AgendaMail(_registrants(event), "event_cancelled", _context(event), _ics(event))


@letter("event_moved")
def event_moved(ids: dict) -> AgendaMail | None:
    event = Event.objects.select_related("state", "unit").get(pk=ids["event"])
    return AgendaMail(_registrants(event), "event_moved", _context(event), _ics(event))
