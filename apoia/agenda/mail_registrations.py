"""E-mails of the agenda: registrations (see apoia.agenda.mail). The confirmation (a place or
the waiting list) and the promotion from the waiting list carry the event as an .ics; the
certificate letter carries the link to the registration page where the PDF is."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import ical, queries
from apoia.agenda.mail import AgendaMail, letter
from apoia.agenda.models import Certificate, Registration, RegistrationStatus


def _load(pk: int) -> Registration:
    return Registration.objects.select_related(
        "event__state", "event__unit", "municipality", "registered_by"
    ).get(pk=pk)


def _ics(registration: Registration) -> list[tuple[str, bytes, str]]:
    event = registration.event
    body = ical.calendar_bytes(
        [ical.entry_for_event(event)], name=_("Agenda de apoio técnico"), method="PUBLISH"
    )
    return [("evento.ics", body, "text/calendar")]


def _context(registration: Registration, **extra) -> dict:
    event = registration.event
    zone = ZoneInfo(event.state.timezone)
    return {
        "registration": registration,
        "event": event,
        "day": timezone.localtime(event.start, zone).strftime("%d/%m/%Y"),
        "starts": timezone.localtime(event.start, zone).strftime("%H:%M"),
        "ends": timezone.localtime(event.end, zone).strftime("%H:%M"),
        "where": " · ".join(
            part
            for part in (
                event.place if event.shows_place else "",
                event.url if event.shows_link else "",
            )
            if part
        ),
        "url": f"{settings.SITE_URL}{reverse('agenda:registration', args=[registration.code])}",
        "position": queries.waiting_position(registration),
        **extra,
    }


def _recipients(registration: Registration) -> list[str]:
    recipients = [registration.email]
    if registration.registered_by and registration.registered_by.email:
        recipients.append(registration.registered_by.email)
    return recipients


@letter("registration_confirmed")
def registration_confirmed(ids: dict) -> AgendaMail | None:
    registration = _load(ids["id"])
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    return AgendaMail(
        _recipients(registration),
        "registration_confirmed",
        _context(registration),
        _ics(registration),
    )


@letter("registration_promoted")
def registration_promoted(ids: dict) -> AgendaMail | None:
    registration = _load(ids["id"])
    if registration.status != RegistrationStatus.REGISTERED:
        return None
    return AgendaMail(
        _recipients(registration),
        "registration_promoted",
        _context(registration),
        _ics(registration),
    )


@letter("registration_certificate")
def registration_certificate(ids: dict) -> AgendaMail | None:
    certificate = Certificate.objects.select_related("registration").get(pk=ids["id"])
    if certificate.is_revoked:
        return None
    registration = _load(certificate.registration_id)
    verify = f"{settings.SITE_URL}{certificate.get_absolute_url()}"
    return AgendaMail(
        [registration.email],
        "registration_certificate",
        _context(registration, certificate=certificate, verify_url=verify),
    )
