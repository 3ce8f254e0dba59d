"""One-to-one support appointments (Resolução CIB/SUAS/MT nº 02/2022, art. 6º, II).

A unit's technicians publish slots by theme; a municipality's focal point books one, and the
booking is FILED THROUGH THE CATALOG SERVICE `apoio-tecnico-individualizado-suas`
(`apoia.protocol.services.submit_request`), so it has a protocol number and lands in the queue
of the slot's unit.

Routing: the protocol routes by the service option's themes (apoia.protocol.routing.route).
The booking chooses the option whose themes include the slot's theme and that routes to the
slot's unit; else any option routing to that unit; else the option holding the theme (or the
first). If the routed unit still is not the slot's (a theme no option lists), the request is
moved to the slot's unit in the same transaction, with a "Redirecionado" line on its timeline.

No double-booking: the slot row is locked (SELECT … FOR UPDATE; on SQLite the write
transaction is taken at BEGIN IMMEDIATE) in ONE outer transaction that checks the slot is free
BEFORE filing the request; submit_request's own transaction then is a savepoint inside it, so
a losing booking files nothing (no orphan protocol request). The partial unique constraint
`appointment_one_live_per_slot` is the database's last word.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import mail, queries
from apoia.agenda.models import Appointment, AppointmentStatus, Modality, Slot
from apoia.protocol.routing import route

QUESTION_MIN = 10
QUESTION_MAX = 4000
REASON_MAX = 2000
MAX_SLOTS_PER_RUN = 48
DURATIONS = (15, 20, 30, 40, 45, 60, 90, 120, 180, 240)


class SlotTaken(Exception):
    """The slot was booked, withdrawn or has passed (409 in the API, a message on the web)."""

    def __init__(self, message: str | None = None):
        self.message = message or _("Este horário já foi reservado. Escolha outro horário.")
        super().__init__(self.message)


class AppointmentClosed(Exception):
    """The appointment is no longer booked (409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now():
    return timezone.now()


def _tz(unit) -> ZoneInfo:
    return ZoneInfo(unit.state.timezone)


def _check_place(modality: str, place: str, url: str, errors: dict) -> None:
    if modality not in Modality.values:
        errors["modality"] = [_("Escolha presencial, online ou híbrido.")]
        return
    if modality in (Modality.IN_PERSON, Modality.HYBRID) and not place.strip():
        errors["place"] = [_("Informe o local do atendimento presencial.")]
    if modality in (Modality.ONLINE, Modality.HYBRID) and not url.strip():
        errors["url"] = [_("Informe o link do atendimento online.")]
    if url.strip() and not url.strip().lower().startswith(("https://", "http://")):
        errors["url"] = [_("Informe um link que comece com https://.")]
    if len(place) > 300:
        errors["place"] = [_("Use no máximo 300 caracteres.")]
    if len(url) > 500:
        errors["url"] = [_("Use no máximo 500 caracteres.")]


def publish_slots(
    *,
    unit,
    theme,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    duration_minutes: int,
    modality: str,
    place: str = "",
    url: str = "",
    by,
    technician=None,
) -> list[Slot]:
    """One slot, or a run of back-to-back slots of `duration_minutes` from `start_time` to
    `end_time` on `day` (in the unit's state time zone), for one theme of the unit."""
    if not queries.may_manage_slots(by, unit):
        raise PermissionDenied(_("Só técnicos e coordenadores da unidade publicam horários."))
    technician = technician or by
    errors: dict[str, list[str]] = {}
    if technician != by and not queries.may_manage_slots(technician, unit):
        errors["technician"] = [_("Escolha um técnico ou coordenador da unidade.")]
    if theme is None or not unit.themes.filter(pk=theme.pk).exists():
        errors["theme"] = [_("Escolha um dos temas da unidade.")]
    _check_place(modality, place, url, errors)
    if duration_minutes not in DURATIONS:
        errors["duration_minutes"] = [
            _("Escolha uma duração de %(values)s minutos.")
            % {"values": ", ".join(str(d) for d in DURATIONS)}
        ]
    slots: list[tuple[dt.datetime, dt.datetime]] = []
    zone = _tz(unit)
    first = dt.datetime.combine(day, start_time, tzinfo=zone)
    last = dt.datetime.combine(day, end_time, tzinfo=zone)
    if last <= first:
        errors["end_time"] = [_("O término deve ser depois do início.")]
    elif first <= _now():
        errors["day"] = [_("Publique horários futuros.")]
    elif "duration_minutes" not in errors:
        step = dt.timedelta(minutes=duration_minutes)
        at = first
        while at + step <= last:
            slots.append((at, at + step))
            at += step
        if not slots:
            errors["end_time"] = [_("O intervalo é menor que a duração de um atendimento.")]
        elif len(slots) > MAX_SLOTS_PER_RUN:
            errors["end_time"] = [
                _("No máximo %(count)d horários de uma vez.") % {"count": MAX_SLOTS_PER_RUN}
            ]
    if not errors and slots:
        overlapping = Slot.objects.filter(
            technician=technician,
            withdrawn_at__isnull=True,
            start__lt=slots[-1][1],
            end__gt=slots[0][0],
        ).first()
        if overlapping is not None:
            errors["start_time"] = [
                _("Já há um horário de %(start)s a %(end)s neste intervalo.")
                % {
                    "start": timezone.localtime(overlapping.start, zone).strftime("%H:%M"),
                    "end": timezone.localtime(overlapping.end, zone).strftime("%H:%M"),
                }
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return [
            Slot.objects.create(
                unit=unit,
                technician=technician,
                theme=theme,
                start=start,
                end=end,
                modality=modality,
                place=place.strip() if modality != Modality.ONLINE else "",
                url=url.strip() if modality != Modality.IN_PERSON else "",
            )
            for start, end in slots
        ]


def live_appointment(slot: Slot) -> Appointment | None:
    return slot.appointments.exclude(status=AppointmentStatus.CANCELLED).first()


@transaction.atomic
def withdraw_slot(slot: Slot, *, by) -> Slot:
    """A free slot leaves the list; a booked one must be cancelled first (409)."""
    if not queries.may_manage_slots(by, slot.unit):
        raise PermissionDenied(_("Só técnicos e coordenadores da unidade retiram horários."))
    locked = Slot.objects.select_for_update().get(pk=slot.pk)
    if locked.withdrawn_at is not None:
        raise SlotTaken(_("Este horário já foi retirado."))
    if live_appointment(locked) is not None:
        raise SlotTaken(_("Este horário está reservado: cancele o atendimento antes de retirá-lo."))
    locked.withdrawn_at = _now()
    locked.save(update_fields=["withdrawn_at"])
    return locked


def _option_for(service, slot: Slot):
    """The service option that sends the request to the slot's unit (module docstring)."""
    options = list(service.options.prefetch_related("themes").order_by("order", "pk"))
    if not options:
        return None

    def has_theme(option):
        return any(t.pk == slot.theme_id for t in option.themes.all())

    routes = {option.pk: route(service, option) for option in options}
    for wanted in (
        lambda o: has_theme(o) and routes[o.pk] == slot.unit,
        lambda o: routes[o.pk] == slot.unit,
        has_theme,
    ):
        for option in options:
            if wanted(option):
                return option
    return options[0]


def _move_to_unit(req, unit) -> None:
    """The request to the slot's unit, when no option routed it there (module docstring)."""
    from apoia.protocol.models import EventKind
    from apoia.protocol.services.timeline import _event

    previous = req.unit
    req.unit = unit
    req.save(update_fields=["unit"])
    _event(
        req,
        EventKind.REROUTED,
        text=_("Encaminhado a %(unit)s, unidade do horário de atendimento reservado.")
        % {"unit": unit.name},
        old_unit=previous.pk if previous else None,
        new_unit=unit.pk,
    )


def _check_booking(slot: Slot, question: str, modality: str) -> tuple[str, dict]:
    errors: dict[str, list[str]] = {}
    question = (question or "").strip()
    if len(question) < QUESTION_MIN:
        errors["question"] = [
            _("Descreva a dúvida ou o assunto com pelo menos %(count)d caracteres.")
            % {"count": QUESTION_MIN}
        ]
    elif len(question) > QUESTION_MAX:
        errors["question"] = [_("Use no máximo %(count)d caracteres.") % {"count": QUESTION_MAX}]
    if slot.modality == Modality.HYBRID:
        if modality not in (Modality.IN_PERSON, Modality.ONLINE):
            errors["modality"] = [
                _("Este horário é híbrido: escolha presencial (na sede) ou online.")
            ]
    elif modality and modality != slot.modality:
        errors["modality"] = [
            _("Este horário é só %(modality)s.") % {"modality": slot.get_modality_display()}
        ]
    else:
        modality = slot.modality
    return modality, errors


def _slot_refusal(slot: Slot, now) -> str | None:
    if slot.withdrawn_at is not None:
        return _("Este horário foi retirado pela unidade. Escolha outro horário.")
    if slot.start <= now:
        return _("Este horário já passou. Escolha outro horário.")
    if live_appointment(slot) is not None:
        return _("Este horário já foi reservado. Escolha outro horário.")
    return None


def _description(slot: Slot, modality: str, question: str) -> str:
    zone = _tz(slot.unit)
    return _(
        "Atendimento individualizado (art. 6º, II) sobre %(theme)s, com %(unit)s, em "
        "%(date)s, das %(start)s às %(end)s (%(modality)s).\nDúvida ou assunto: %(question)s"
    ) % {
        "theme": slot.theme.name,
        "unit": slot.unit.name,
        "date": timezone.localtime(slot.start, zone).strftime("%d/%m/%Y"),
        "start": timezone.localtime(slot.start, zone).strftime("%H:%M"),
        "end": timezone.localtime(slot.end, zone).strftime("%H:%M"),
        "modality": Modality(modality).label,
        "question": question,
    }


def book(
    slot: Slot,
    *,
    by,
    question: str,
    modality: str = "",
    municipality=None,
    channel: str = "web",
) -> Appointment:
    """Book `slot` for a municipality of the focal point `by`, filing the protocol request.
    SlotTaken when someone else got it first (or it was withdrawn or has passed)."""
    from apoia.protocol.services import submit_request

    service = queries.appointment_service()
    if service is None:
        raise ValidationError(
            {"slot": [_("O serviço de apoio técnico individualizado não está disponível.")]}
        )
    allowed = queries.booking_municipalities(by, service)
    if not allowed:
        raise PermissionDenied(
            _("Só pontos focais dos municípios de %(state)s agendam este atendimento.")
            % {"state": service.state.name}
        )
    if municipality is None:
        if len(allowed) > 1:
            raise ValidationError(
                {"municipality": [_("Escolha em nome de qual município agendar.")]}
            )
        municipality = allowed[0]
    elif municipality.pk not in {m.pk for m in allowed}:
        raise PermissionDenied(_("Você não é ponto focal deste município."))
    modality, errors = _check_booking(slot, question, modality)
    if slot.unit.state_id != service.state_id:
        errors["slot"] = [_("Este horário não é de uma unidade do estado do serviço.")]
    if errors:
        raise ValidationError(errors)
    question = question.strip()
    zone = _tz(slot.unit)
    try:
        with transaction.atomic():
            locked = (
                Slot.objects.select_for_update(of=("self",))
                .select_related("unit__state", "theme")
                .get(pk=slot.pk)
            )
            if refusal := _slot_refusal(locked, _now()):
                raise SlotTaken(refusal)
            made: list[Appointment] = []

            def keep(req):
                if req.unit_id != locked.unit_id:
                    _move_to_unit(req, locked.unit)
                appointment = Appointment.objects.create(
                    slot=locked,
                    municipality=municipality,
                    booked_by=by,
                    question=question,
                    modality=modality,
                    request=req,
                )
                made.append(appointment)
                mail.schedule("appointment_booked", id=appointment.pk)

            submit_request(
                service=service,
                option=_option_for(service, locked),
                description=_description(locked, modality, question),
                subject=_("Atendimento individualizado — %(theme)s") % {"theme": locked.theme.name},
                suggested_dates=timezone.localtime(locked.start, zone).strftime("%d/%m/%Y %H:%M"),
                municipality=municipality,
                by=by,
                channel=channel,
                on_filed=keep,
            )
            return made[0]
    except IntegrityError as exc:
        if "appointment_one_live_per_slot" in str(exc) or "agenda_appointment.slot_id" in str(exc):
            raise SlotTaken() from None
        raise


def _locked_appointment(appointment: Appointment, by) -> Appointment:
    if not queries.may_change_appointment(by, appointment):
        raise PermissionDenied(_("Só o município e a unidade do atendimento o alteram."))
    locked = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__unit__state", "slot__theme")
        .get(pk=appointment.pk)
    )
    if locked.status != AppointmentStatus.BOOKED:
        raise AppointmentClosed(
            _("Este atendimento já está %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def cancel(appointment: Appointment, *, by, reason: str) -> Appointment:
    """Either side cancels, with a reason; the slot is free again and both are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Informe o motivo do cancelamento.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": [_("Use no máximo %(count)d caracteres.") % {"count": REASON_MAX}]}
        )
    locked = _locked_appointment(appointment, by)
    locked.status = AppointmentStatus.CANCELLED
    locked.cancelled_at = _now()
    locked.cancelled_by = by
    locked.cancel_reason = reason
    locked.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    _tell_request(
        locked,
        by,
        _("Atendimento de %(when)s cancelado. Motivo: %(reason)s")
        % {"when": _when(locked.slot), "reason": reason},
    )
    mail.schedule("appointment_cancelled", id=locked.pk)
    return locked


def _when(slot: Slot) -> str:
    return timezone.localtime(slot.start, _tz(slot.unit)).strftime("%d/%m/%Y %H:%M")


def _tell_request(appointment: Appointment, by, text: str) -> None:
    """The booking's request says what happened to it, to the unit and to the municipality;
    the unit concludes it as usual."""
    from apoia.protocol.services import record_from_app

    record_from_app(
        appointment.request,
        text=text,
        by=by,
        from_requester=not (by.is_admin or queries.may_manage_slots(by, appointment.slot.unit)),
    )


def reschedule_targets(appointment: Appointment):
    """The free future slots of the same unit an appointment may move to."""
    return (
        queries.available_slots(_now())
        .filter(unit_id=appointment.slot.unit_id)
        .exclude(pk=appointment.slot_id)
    )


@transaction.atomic
def reschedule(appointment: Appointment, *, to: Slot, by, modality: str = "") -> Appointment:
    """Move the appointment to another free slot of the same unit: the old slot is freed, the
    new one locked, both sides told. SlotTaken when the new slot is no longer free."""
    if to.unit_id != appointment.slot.unit_id:
        raise ValidationError({"slot": [_("Escolha um horário da mesma unidade.")]})
    if to.pk == appointment.slot_id:
        raise ValidationError({"slot": [_("O atendimento já está neste horário.")]})
    # Both slots in id order, so two moves crossing each other cannot deadlock.
    list(
        Slot.objects.select_for_update(of=("self",))
        .filter(pk__in=[appointment.slot_id, to.pk])
        .order_by("pk")
    )
    locked = _locked_appointment(appointment, by)
    target = Slot.objects.select_related("unit__state", "theme").get(pk=to.pk)
    if refusal := _slot_refusal(target, _now()):
        raise SlotTaken(refusal)
    if target.modality == Modality.HYBRID:
        chosen = modality or locked.modality
        if chosen not in (Modality.IN_PERSON, Modality.ONLINE):
            chosen = Modality.IN_PERSON
    else:
        chosen = target.modality
    previous = locked.slot_id
    locked.slot = target
    locked.modality = chosen
    locked.save(update_fields=["slot", "modality"])
    _tell_request(
        locked,
        by,
        _("Atendimento remarcado de %(before)s para %(after)s.")
        % {"before": _when(Slot.objects.get(pk=previous)), "after": _when(target)},
    )
    mail.schedule("appointment_rescheduled", id=locked.pk, previous=previous)
    return locked


def shows_place(appointment: Appointment) -> bool:
    return appointment.modality in (Modality.IN_PERSON, Modality.HYBRID)
