"""Events: creating and editing them (the rules of item 2), publishing those whose type needs
no validation, and cancelling them with a reason (registrants are told by e-mail).

Times arrive aware; the pages build them from a date and times typed in the state's time zone
(`local_datetime`). Who may do what is asked of `queries`; these functions re-check it, so the
pages and the API cannot disagree. Theme validation by the NEEP is in services.validation."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.agenda import mail, queries
from apoia.agenda.models import (
    Axis,
    Event,
    EventStatus,
    EventValidation,
    Modality,
    PlanEntry,
    ValidationAction,
)
from apoia.territory.models import Municipality

# What an edit may change; `state` and `series` are fixed at creation.
EDITABLE = (
    "unit",
    "title",
    "type",
    "modality",
    "theme",
    "programme",
    "description",
    "start",
    "end",
    "workload_hours",
    "place",
    "url",
    "audience_roles",
    "axis",
    "plan_entry",
    "phase",
    "capacity",
    "registration_closes",
)
# Editing these on a published event whose type needs validation sends it back to the NEEP.
VALIDATED = ("theme", "programme")


class EventTransitionError(Exception):
    """The event's status does not allow the action (the API answers 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def local_datetime(state, day: dt.date, time: dt.time) -> dt.datetime:
    """A date and time typed in `state`'s time zone, as an aware moment."""
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(state.timezone))


def local(event: Event, moment: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(moment or event.start, ZoneInfo(event.state.timezone))


# --- what a state offers to its events ----------------------------------------------------


def phases_of_state(state):
    """Phases of the state's programs (agenda reads programs' rows, never imports its code)."""
    Phase = apps.get_model("programs", "Phase")
    return Phase.objects.filter(program__state=state).select_related("program")


def plan_entries_of_state(state):
    return PlanEntry.objects.filter(plan__state=state).select_related("plan")


def axes_of_state(state):
    return Axis.objects.filter(state=state)


def units_of_state(state):
    return OrgUnit.objects.filter(state=state)


def municipalities_of_state(state):
    return Municipality.objects.filter(state=state)


# --- the rules ----------------------------------------------------------------------------


def check_event(state, data: dict) -> None:
    """The rules of an event's fields; raises ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (data.get("title") or "").strip():
        add("title", _("Informe o título."))
    modality = data.get("modality")
    place, url = (data.get("place") or "").strip(), (data.get("url") or "").strip()
    if modality not in Modality.values:
        add("modality", _("Escolha presencial, online ou híbrido."))
    elif modality == Modality.HYBRID:
        if not place:
            add("place", _("Um evento híbrido precisa do local."))
        if not url:
            add("url", _("Um evento híbrido precisa do link da transmissão."))
    elif modality == Modality.ONLINE and not url:
        add("url", _("Um evento online precisa do link."))
    elif modality == Modality.IN_PERSON and not place:
        add("place", _("Um evento presencial precisa do local."))
    start, end = data.get("start"), data.get("end")
    if start and end and end <= start:
        add("end", _("O término deve ser depois do início."))
    workload = data.get("workload_hours")
    if workload is None or Decimal(workload) <= 0:
        add("workload_hours", _("A carga horária deve ser maior que zero."))
    closes = data.get("registration_closes")
    if closes and start and closes > start:
        add("registration_closes", _("As inscrições devem fechar até o início do evento."))
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        add("capacity", _("Informe pelo menos uma vaga, ou deixe em branco (sem limite)."))
    belongs = (
        ("unit", "state_id", _("Escolha uma unidade do estado do evento.")),
        ("axis", "state_id", _("Escolha um eixo do estado do evento.")),
    )
    for field, attr, message in belongs:
        value = data.get(field)
        if value is not None and getattr(value, attr) != state.pk:
            add(field, message)
    if data.get("unit") is None:
        add("unit", _("Informe a unidade responsável."))
    entry = data.get("plan_entry")
    if entry is not None and entry.plan.state_id != state.pk:
        add("plan_entry", _("Escolha uma ação de um plano do estado do evento."))
    phase = data.get("phase")
    if phase is not None and phase.program.state_id != state.pk:
        add("phase", _("Escolha uma fase de um programa do estado do evento."))
    for municipality in data.get("audience_municipalities") or ():
        if municipality.state_id != state.pk:
            add("audience_municipalities", _("Convide apenas municípios do estado do evento."))
            break
    if errors:
        raise ValidationError(errors)


def _require_staff(user, state_id: int) -> None:
    if not queries.is_agenda_staff(user, state_id):
        raise PermissionDenied(_("Só a equipe da agenda do estado cuida dos seus eventos."))


@transaction.atomic
def create_event(*, by, state, audience_municipalities=(), series=None, occurrence=None, **data):
    """A new event, as a draft (publish it, or send it to the NEEP, afterwards)."""
    _require_staff(by, state.pk)
    data = {field: data.get(field) for field in EDITABLE if field in data}
    for text in ("theme", "programme", "description", "place", "url", "audience_roles"):
        data[text] = (data.get(text) or "").strip()
    data["title"] = (data.get("title") or "").strip()
    check_event(state, {**data, "audience_municipalities": audience_municipalities})
    event = Event.objects.create(
        state=state,
        series=series,
        occurrence=occurrence,
        status=EventStatus.DRAFT,
        created_by=by,
        **data,
    )
    if audience_municipalities:
        event.audience_municipalities.set(audience_municipalities)
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("state").get(pk=event.pk)


@transaction.atomic
def update_event(event: Event, *, by, audience_municipalities=None, **data) -> Event:
    """Edits `event`. A published event that needs validation whose theme or programme changes
    goes back to the NEEP: it leaves the public agenda until approved again."""
    event = _locked(event)
    _require_staff(by, event.state_id)
    if event.status == EventStatus.CANCELLED:
        raise EventTransitionError(_("Um evento cancelado não pode ser alterado."))
    if event.status == EventStatus.IN_VALIDATION:
        raise EventTransitionError(
            _("O evento está em validação no NEEP; aguarde a decisão para alterá-lo.")
        )
    before = {field: getattr(event, field) for field in EDITABLE}
    changes = {field: data[field] for field in EDITABLE if field in data}
    for text in ("title", "theme", "programme", "description", "place", "url", "audience_roles"):
        if text in changes:
            changes[text] = (changes[text] or "").strip()
    merged = {**before, **changes}
    invited = (
        list(event.audience_municipalities.all())
        if audience_municipalities is None
        else list(audience_municipalities)
    )
    check_event(event.state, {**merged, "audience_municipalities": invited})
    registered = event.registrations.filter(status="registered").count()
    if merged.get("capacity") is not None and merged["capacity"] < registered:
        raise ValidationError(
            {
                "capacity": [
                    _(
                        "%(count)d pessoas já têm vaga: a capacidade não pode ficar abaixo "
                        "disso (cancele inscrições antes)."
                    )
                    % {"count": registered}
                ]
            }
        )
    for field, value in changes.items():
        setattr(event, field, value)
    back_to_neep = (
        event.status == EventStatus.PUBLISHED
        and event.needs_validation
        and (
            any(before[f] != merged[f] for f in VALIDATED)
            or not Event(type=before["type"]).needs_validation
        )
    )
    if back_to_neep:
        event.status = EventStatus.IN_VALIDATION
        event.validated_by = None
        event.validated_at = None
        EventValidation.objects.create(
            event=event,
            action=ValidationAction.SUBMITTED,
            by=by,
            comment=_("Tema ou programação alterados depois da publicação."),
        )
    event.save()
    if audience_municipalities is not None:
        event.audience_municipalities.set(invited)
    if "capacity" in changes and before["capacity"] != merged["capacity"]:
        # More places serve the waiting list at once, in order, as a cancellation would.
        from apoia.agenda.services.registrations import promote_waiting

        promote_waiting(event, timezone.now())
    return event


def after_publication(event: Event) -> None:
    """Tells the plan its entry has a published event (when the plan code offers it)."""
    try:
        plan_services = importlib.import_module("apoia.agenda.services.plan")
    except ImportError:
        return
    note = getattr(plan_services, "note_event_published", None)
    if note is not None:
        note(event)


@transaction.atomic
def publish(event: Event, *, by) -> Event:
    """Publishes a draft whose type needs no theme validation (visits, monitoring meetings)."""
    event = _locked(event)
    _require_staff(by, event.state_id)
    if event.needs_validation:
        raise EventTransitionError(
            _("Este tipo de evento só é publicado depois da validação do tema pelo NEEP.")
        )
    if event.status not in (EventStatus.DRAFT, EventStatus.RETURNED):
        raise EventTransitionError(_("Só um rascunho pode ser publicado."))
    event.status = EventStatus.PUBLISHED
    if event.published_at is None:
        event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    after_publication(event)
    return event


@transaction.atomic
def cancel_event(event: Event, *, by, reason: str) -> Event:
    """Cancels `event` with a reason. A published one stays on the agenda and in the feeds as
    cancelled; its registrants are written to."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Informe o motivo do cancelamento.")]})
    event = _locked(event)
    _require_staff(by, event.state_id)
    if event.status == EventStatus.CANCELLED:
        raise EventTransitionError(_("Este evento já foi cancelado."))
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason[:2000]
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    if event.registrations.exclude(status="cancelled").exists():
        mail.schedule("event_cancelled", event=event.pk)
    return event
