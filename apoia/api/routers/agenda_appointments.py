"""Agenda API: one-to-one support appointments (art. 6º, II). The same services and rules as
the pages (apoia.agenda.services.appointments).

The list of available slots is PUBLIC, like its page: it shows a unit's free times and themes,
nothing about who booked. Booking needs the token of a municipal focal point of the service's
state (Mato Grosso) and files a protocol request; a slot someone else got first answers 409,
an unknown slot 404, a bad field 422 with its path. An appointment answers only to its
municipality's focal points and to the unit's staff (404 to anyone else); either side cancels
(with a reason) or reschedules it to another free slot of the same unit."""

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.agenda import queries
from apoia.agenda.models import Appointment, Slot
from apoia.agenda.services import appointments as services
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import Municipality

router = Router(tags=["agenda: atendimento individualizado"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(services.SlotTaken, services.AppointmentClosed)


class SlotOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    theme: str = Field(description="Identificador (slug) do tema.")
    theme_name: str
    modality: str = Field(description="in_person, online ou hybrid (o município escolhe).")
    unit: str = Field(description="Identificador (slug) da unidade.")
    unit_name: str
    place: str
    technician: str


class AppointmentIn(Schema):
    slot: int
    question: str = Field(max_length=4000)
    modality: Literal["in_person", "online", "hybrid", ""] = Field(
        "", description="Obrigatória quando o horário é híbrido: in_person ou online."
    )
    municipality: int | None = Field(
        None, description="Código IBGE; obrigatório a quem é ponto focal de mais de um município."
    )


class CancelIn(Schema):
    reason: str = Field(max_length=2000)


class RescheduleIn(Schema):
    slot: int
    modality: Literal["in_person", "online", ""] = ""


class AppointmentOut(Schema):
    id: int
    protocol: str
    status: str
    slot: int
    start: dt.datetime
    end: dt.datetime
    theme: str
    unit: str
    modality: str
    municipality: int
    question: str
    cancel_reason: str
    url: str


def _slot(slot: Slot) -> dict:
    return {
        "id": slot.pk,
        "start": slot.start,
        "end": slot.end,
        "theme": slot.theme.slug,
        "theme_name": slot.theme.name,
        "modality": slot.modality,
        "unit": slot.unit.slug,
        "unit_name": slot.unit.name,
        "place": slot.place if slot.modality != "online" else "",
        "technician": slot.technician.full_name,
    }


def _out(appointment: Appointment) -> dict:
    slot = appointment.slot
    return {
        "id": appointment.pk,
        "protocol": appointment.request.protocol,
        "status": appointment.status,
        "slot": slot.pk,
        "start": slot.start,
        "end": slot.end,
        "theme": slot.theme.slug,
        "unit": slot.unit.slug,
        "modality": appointment.modality,
        "municipality": appointment.municipality_id,
        "question": appointment.question,
        "cancel_reason": appointment.cancel_reason,
        "url": appointment.get_absolute_url(),
    }


def _reload(appointment: Appointment) -> Appointment:
    return queries.appointments_visible_to(appointment.booked_by).get(pk=appointment.pk)


@router.get(
    "/appointments/slots",
    response={200: list[SlotOut], 422: InvalidOut},
    summary="Horários de atendimento individualizado disponíveis",
)
def list_slots(request, theme: str = "", unit: str = ""):
    """Horários futuros, não retirados e sem agendamento, pela data. Filtros: `theme` e `unit`
    (identificadores, como em /api/v1/…; tema desconhecido responde 422)."""
    qs = queries.available_slots(timezone.now()).order_by("start", "pk")
    if theme:
        from apoia.accounts.models import Theme

        if not Theme.objects.filter(slug=theme[:80]).exists():
            raise FieldError("theme", _("Tema desconhecido."))
        qs = qs.filter(theme__slug=theme[:80])
    if unit:
        qs = qs.filter(unit__slug=unit[:80])
    return [_slot(s) for s in qs[:500]]


@router.post(
    "/appointments",
    auth=TokenAuth(),
    response={201: AppointmentOut, **ERRORS},
    summary="Agendar um atendimento (abre um pedido com número de protocolo)",
)
@answers
def book(request, data: AppointmentIn):
    slot = Slot.objects.select_related("unit__state", "theme").filter(pk=data.slot).first()
    if slot is None:
        return HttpStatus(404, {"detail": _("Horário não encontrado.")})
    municipality = None
    if data.municipality is not None:
        municipality = Municipality.objects.filter(pk=data.municipality).first()
        if municipality is None:
            raise FieldError("municipality", _("Município não encontrado (informe o código IBGE)."))
    appointment = services.book(
        slot,
        by=request.auth,
        question=data.question,
        modality="" if data.modality == "hybrid" else data.modality,
        municipality=municipality,
        channel="api",
    )
    return HttpStatus(201, _out(_reload(appointment)))


@router.get(
    "/appointments/{pk}",
    auth=TokenAuth(),
    response={200: AppointmentOut, 401: ProblemOut, 404: ProblemOut},
    summary="Um atendimento agendado",
)
def get_appointment(request, pk: int):
    return _out(queries.get_appointment_for(request.auth, pk))


def _cancel(request, pk: int, data: CancelIn):
    appointment = queries.get_appointment_for(request.auth, pk)
    return _out(services.cancel(appointment, by=request.auth, reason=data.reason))


@router.delete(
    "/appointments/{pk}",
    auth=TokenAuth(),
    response={200: AppointmentOut, **ERRORS},
    summary="Cancelar um atendimento (com o motivo); o horário volta a ficar livre",
)
@answers
def cancel_by_delete(request, pk: int, data: CancelIn):
    return _cancel(request, pk, data)


@router.post(
    "/appointments/{pk}/cancel",
    auth=TokenAuth(),
    response={200: AppointmentOut, **ERRORS},
    summary="Cancelar um atendimento (o mesmo que DELETE)",
)
@answers
def cancel(request, pk: int, data: CancelIn):
    return _cancel(request, pk, data)


@router.post(
    "/appointments/{pk}/reschedule",
    auth=TokenAuth(),
    response={200: AppointmentOut, **ERRORS},
    summary="Remarcar para outro horário livre da mesma unidade",
)
@answers
def reschedule(request, pk: int, data: RescheduleIn):
    appointment = queries.get_appointment_for(request.auth, pk)
    target = Slot.objects.filter(pk=data.slot).first()
    if target is None:
        raise FieldError("slot", _("Horário não encontrado."))
    moved = services.reschedule(appointment, to=target, by=request.auth, modality=data.modality)
    return _out(moved)
