"""iCalendar (RFC 5545) documents, written with the `icalendar` package: the public and
private feeds, and the .ics attached to confirmations.

Every entry has a stable UID (the same event keeps it across feeds and updates), DTSTART and
DTEND with the time zone of the event's state (a VTIMEZONE is added for each), a SUMMARY, a
LOCATION and/or URL, and STATUS:CANCELLED when it was cancelled, so calendar apps remove it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

PRODID = "-//Apoia//Agenda de apoio técnico//PT-BR"


@dataclass
class Entry:
    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    tz: str
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0
    last_modified: dt.datetime | None = None


def uid_for(kind: str, pk: int) -> str:
    """e.g. "event-42@apoia" (the host part is the site's, so two deployments never clash)."""
    host = urlsplit(settings.SITE_URL).hostname or "apoia"
    return f"{kind}-{pk}@{host}"


def calendar_bytes(entries: list[Entry], *, name: str, method: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    zones = sorted({entry.tz for entry in entries})
    for zone in zones:
        cal.add_component(Timezone.from_tzinfo(ZoneInfo(zone)))
    stamp = timezone.now()
    for entry in entries:
        zone = ZoneInfo(entry.tz)
        item = Event()
        item.add("uid", entry.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", entry.start.astimezone(zone))
        item.add("dtend", entry.end.astimezone(zone))
        item.add("summary", entry.summary)
        if entry.location:
            item.add("location", entry.location)
        if entry.url:
            item.add("url", entry.url)
        if entry.description:
            item.add("description", entry.description)
        item.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        item.add("sequence", entry.sequence)
        if entry.last_modified:
            item.add("last-modified", entry.last_modified)
        cal.add_component(item)
    return cal.to_ical()


def entry_for_event(event) -> Entry:
    """An event as a calendar entry: its place and/or link, as its modality says."""
    from apoia.agenda.models import EventStatus

    location = event.place if event.shows_place else ""
    url = event.url if event.shows_link else ""
    if not location and url:
        location = url
    description = "\n\n".join(
        part
        for part in (
            event.theme,
            event.description,
            f"{settings.SITE_URL}{event.get_absolute_url()}",
        )
        if part
    )
    return Entry(
        uid=uid_for("event", event.pk),
        start=event.start,
        end=event.end,
        summary=event.title,
        tz=event.state.timezone,
        location=location,
        url=url or f"{settings.SITE_URL}{event.get_absolute_url()}",
        description=description,
        cancelled=event.status == EventStatus.CANCELLED,
        last_modified=event.updated_at,
    )
