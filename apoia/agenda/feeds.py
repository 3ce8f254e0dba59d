"""The agenda's iCalendar feeds: public per state, per program (events whose phase belongs to
it) and per unit, and each person's private feed behind a secret token they can regenerate.

Feeds list the public events (published, and cancelled after publication as CANCELLED, so
calendar apps remove them) from a year back on."""

from __future__ import annotations

import datetime as dt
import secrets

from django.apps import apps
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apoia.accounts.models import OrgUnit
from apoia.agenda import ical, queries
from apoia.agenda.models import CalendarFeed
from apoia.territory.models import State

CONTENT_TYPE = "text/calendar; charset=utf-8"
HISTORY = dt.timedelta(days=365)


def _recent(qs):
    since = timezone.now() - HISTORY
    return qs.filter(end__gte=since).select_related("state").order_by("start", "pk")


def response(events, *, name: str, filename: str) -> HttpResponse:
    body = ical.calendar_bytes([ical.entry_for_event(e) for e in events], name=name)
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = f'inline; filename="{filename}"'
    return answer


def state_feed(uf: str) -> HttpResponse:
    state = get_object_or_404(State, uf=uf.upper())
    events = _recent(queries.public_events().filter(state=state))
    return response(events, name=f"Agenda de apoio técnico — {state.name}", filename=f"{uf}.ics")


def program_feed(slug: str) -> HttpResponse:
    Program = apps.get_model("programs", "Program")
    program = get_object_or_404(Program, slug=slug)
    events = _recent(queries.public_events().filter(phase__program=program))
    return response(events, name=f"Agenda — {program.name}", filename=f"{slug}.ics")


def unit_feed(slug: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, slug=slug)
    events = _recent(queries.public_events().filter(unit=unit))
    return response(events, name=f"Agenda — {unit.name}", filename=f"{slug}.ics")


def private_feed(token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active or not token:
        raise Http404
    events = _recent(queries.private_feed_events(feed.user))
    return response(events, name="Minha agenda — Apoia", filename="minha-agenda.ics")


def feed_for(user) -> CalendarFeed:
    """The person's private feed, created the first time it is asked for."""
    found = CalendarFeed.objects.filter(user=user).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    except IntegrityError:  # created at the same time by another request
        return CalendarFeed.objects.get(user=user)


@transaction.atomic
def regenerate(user) -> CalendarFeed:
    """A new secret: the old URL answers 404 from now on."""
    feed = feed_for(user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed
