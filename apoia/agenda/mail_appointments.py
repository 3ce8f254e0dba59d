"""E-mails of the agenda: appointments (see apoia.agenda.mail). Each letter goes to both sides,
the person who booked and the technician of the slot, with the appointment as an .ics
(METHOD:PUBLISH; a cancellation carries STATUS:CANCELLED so calendar apps remove it)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import ical
from apoia.agenda.mail import AgendaMail, letter
from apoia.agenda.models import Appointment, AppointmentStatus, Modality, Slot


def entry_for_appointment(appointment: Appointment) -> ical.Entry:
    slot = appointment.slot
    in_person = appointment.modality == Modality.IN_PERSON
    url = f"{settings.SITE_URL}{appointment.get_absolute_url()}"
    link = "" if in_person else slot.url
    return ical.Entry(
        uid=ical.uid_for("appointment", appointment.pk),
        start=slot.start,
        end=slot.end,
        summary=_("Atendimento individualizado — %(theme)s (%(municipality)s)")
        % {"theme": slot.theme.name, "municipality": appointment.municipality.name},
        tz=slot.unit.state.timezone,
        location=slot.place if in_person else (link or slot.place),
        url=link or url,
        description="\n\n".join(
            part for part in (appointment.question, appointment.request.protocol, url) if part
        ),
        cancelled=appointment.status == AppointmentStatus.CANCELLED,
        # Calendar apps keep the entry with the highest SEQUENCE: seconds since the booking
        # grow with each change (a move, then a cancellation, which adds one more).
        sequence=max(0, int((timezone.now() - appointment.created_at).total_seconds()))
        + (1 if appointment.status == AppointmentStatus.CANCELLED else 0),
    )


def _ics(appointment: Appointment) -> list[tuple[str, bytes, str]]:
    body = ical.calendar_bytes(
        [entry_for_appointment(appointment)],
        name=_("Atendimento individualizado"),
        method="PUBLISH",
    )
    return [("atendimento.ics", body, "text/calendar")]


def _when(slot: Slot) -> dict:
    zone = slot.unit.state.timezone
    return {
        "day": timezone.localtime(slot.start, _zone(zone)).strftime("%d/%m/%Y"),
        "starts": timezone.localtime(slot.start, _zone(zone)).strftime("%H:%M"),
        "ends": timezone.localtime(slot.end, _zone(zone)).strftime("%H:%M"),
    }


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _load(pk: int) -> Appointment:
    return Appointment.objects.select_related(
        "slot__unit__state",
        "slot__theme",
        "slot__technician",
        "municipality",
        "booked_by",
        "request",
        "cancelled_by",
    ).get(pk=pk)


def _mail(appointment: Appointment, template: str, **extra) -> AgendaMail:
    context = {
        "appointment": appointment,
        "slot": appointment.slot,
        "where": appointment.slot.place
        if appointment.modality == Modality.IN_PERSON
        else appointment.slot.url,
        "url": f"{settings.SITE_URL}{appointment.get_absolute_url()}",
        **_when(appointment.slot),
        **extra,
    }
    return AgendaMail(
        [appointment.booked_by.email, appointment.slot.technician.email],
        template,
        context,
        _ics(appointment),
    )


@letter("appointment_booked")
def appointment_booked(ids: dict) -> AgendaMail:
    return _mail(_load(ids["id"]), "appointment_booked")


@letter("appointment_cancelled")
def appointment_cancelled(ids: dict) -> AgendaMail:
    return _mail(_load(ids["id"]), "appointment_cancelled")


@letter("appointment_rescheduled")
def appointment_rescheduled(ids: dict) -> AgendaMail:
    appointment = _load(ids["id"])
    previous = Slot.objects.select_related("unit__state").filter(pk=ids.get("previous")).first()
    before = _when(previous) if previous else {}
    return _mail(
        appointment,
        "appointment_rescheduled",
        before_day=before.get("day", ""),
        before_starts=before.get("starts", ""),
    )
