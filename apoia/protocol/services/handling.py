"""The state's side of a request: triage, decision, assignment and handling, each verb asking
the rules table first (`protocol.rules.require`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.protocol import hooks, limits, notifications, rules, wording
from apoia.protocol.models import (
    ContactChannel,
    EventKind,
    RefusalReason,
    ServiceRequest,
    Status,
    TimelineEvent,
)
from apoia.protocol.rules import Verb, require
from apoia.protocol.services.deadlines import calendar_for
from apoia.protocol.services.timeline import _check_uploads, _event, _record, _save_attachments
from apoia.territory.calendar import (
    business_days_between,
    compute_deadline,
)
from apoia.territory.models import DeadlineUnit


def _assignee_outside_unit() -> str:
    return _("Escolha um técnico ou coordenador da unidade do pedido ou de suas subunidades.")


@transaction.atomic
def reroute(req: ServiceRequest, *, unit: OrgUnit, reason: str, by) -> ServiceRequest:
    """Send the request to another unit's queue of the same state; a reason is required."""
    require(by, req, Verb.REROUTE)
    errors = {}
    if not reason.strip():
        errors["reason"] = [_("Explique por que o pedido muda de unidade.")]
    if unit.pk == req.unit_id:
        errors["unit"] = [_("O pedido já está nesta unidade.")]
    elif not rules.reroute_targets(req).filter(pk=unit.pk).exists():
        errors["unit"] = [_("Escolha uma unidade do mesmo estado do pedido.")]
    errors |= limits.length_errors({"reason": (reason, limits.TEXT)})
    if errors:
        raise ValidationError(errors)
    previous = req.unit
    req.unit, req.assignee = unit, None
    req.save(update_fields=["unit", "assignee", "updated_at"])
    _event(
        req,
        EventKind.REROUTED,
        by=by,
        text=(
            _record(wording.rerouted_between(previous.name, unit.name))
            if previous
            else _record("Redirecionado para %(new)s. Motivo: %(reason)s")
        )
        % {"old": previous.name if previous else "", "new": unit.name, "reason": reason.strip()},
        old_unit=previous.pk if previous else None,
        new_unit=unit.pk,
    )
    transaction.on_commit(lambda: notifications.request_rerouted(req.pk))
    return req


@transaction.atomic
def decide(
    req: ServiceRequest,
    *,
    accepted: bool,
    by,
    justification: str = "",
    reason: str = "",
    redirect_unit: OrgUnit | None = None,
    redirect_service: Service | None = None,
    assignee=None,
) -> ServiceRequest:
    """Accept (optionally assigning a technician) or refuse with a written justification."""
    require(by, req, Verb.DECIDE)
    errors = {}
    if not accepted:
        if not justification.strip():
            errors["justification"] = [_("A recusa exige uma justificativa por escrito.")]
        if reason not in RefusalReason.values:
            errors["reason"] = [_("Escolha o motivo da recusa.")]
        if (
            redirect_unit is not None
            and not rules.redirect_units(req).filter(pk=redirect_unit.pk).exists()
        ):
            errors["redirect_unit"] = [_("Indique uma unidade do mesmo estado do pedido.")]
        if (
            redirect_service is not None
            and not rules.redirect_services(req).filter(pk=redirect_service.pk).exists()
        ):
            errors["redirect_service"] = [
                _("Indique um serviço publicado do mesmo estado, diferente deste.")
            ]
    elif assignee is not None and not rules.assignable_users(req).filter(pk=assignee.pk).exists():
        errors["assignee"] = [_assignee_outside_unit()]
    errors |= limits.length_errors({"justification": (justification, limits.TEXT)})
    if errors:
        raise ValidationError(errors)
    req.decided_at = timezone.now()
    req.decision_justification = justification.strip()
    if accepted:
        req.status = Status.ACCEPTED
        req.refusal_reason, req.redirect_unit, req.redirect_service = "", None, None
        req.save()
        _event(
            req,
            EventKind.ACCEPTED,
            by=by,
            text=justification.strip()
            or (
                _record("Manifestação acolhida.")
                if req.is_manifestation
                else _record("Pedido aceito.")
            ),
        )
        hooks.run_acceptance_handlers(req, by=by)
        transaction.on_commit(lambda: notifications.request_decided(req.pk))
        if assignee is not None:
            assign(req, technician=assignee, by=by)
    else:
        req.status = Status.REFUSED
        req.refusal_reason = reason
        req.redirect_unit, req.redirect_service = redirect_unit, redirect_service
        req.save()
        where = ", ".join(str(x) for x in (redirect_unit, redirect_service) if x)
        _event(
            req,
            EventKind.REFUSED,
            by=by,
            text=justification.strip(),
            reason=reason,
            redirect_unit=redirect_unit.pk if redirect_unit else None,
            redirect_service=redirect_service.slug if redirect_service else None,
            redirect=where,
        )
        transaction.on_commit(lambda: notifications.request_decided(req.pk))
    return req


@transaction.atomic
def assign(req: ServiceRequest, *, technician, by) -> ServiceRequest:
    """Make a technician responsible; they must contact the requester within the set deadline."""
    require(by, req, Verb.ASSIGN)
    if not rules.assignable_users(req).filter(pk=technician.pk).exists():
        raise ValidationError({"assignee": [_assignee_outside_unit()]})
    req.assignee = technician
    if req.status == Status.ACCEPTED:
        req.status = Status.IN_PROGRESS
    if req.first_contact_at is None:
        req.first_contact_due = compute_deadline(
            timezone.now(),
            req.service.first_contact_business_days,
            DeadlineUnit.BUSINESS_DAYS,
            uf=req.state.uf,
            calendar=calendar_for(req),
        ).due
    req.save()
    _event(
        req,
        EventKind.ASSIGNED,
        by=by,
        text=(
            _record("Ouvidor(a) responsável: %(name)s.")
            if req.is_manifestation
            else _record("Técnico responsável: %(name)s.")
        )
        % {"name": technician.full_name},
        assignee=technician.pk,
        first_contact_due=req.first_contact_due.isoformat() if req.first_contact_due else None,
    )
    transaction.on_commit(lambda: notifications.request_assigned(req.pk))
    return req


@transaction.atomic
def record_contact(
    req: ServiceRequest, *, channel: str, summary: str, by, internal: bool = False
) -> TimelineEvent:
    """The technician records a phone call, e-mail, meeting or visit with the requester."""
    require(by, req, Verb.CONTACT)
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": [_("Escolha como foi o contato.")]})
    if not summary.strip():
        raise ValidationError({"summary": [_("Resuma o contato.")]})
    limits.enforce({"summary": (summary, limits.TEXT)})
    if req.first_contact_at is None:
        req.first_contact_at = timezone.now()
        req.save(update_fields=["first_contact_at", "updated_at"])
    return _event(
        req,
        EventKind.CONTACT,
        by=by,
        text=summary.strip(),
        internal=internal,
        channel=channel,
    )


@transaction.atomic
def post_message(
    req: ServiceRequest, *, text: str, by, internal: bool = False, attachments=()
) -> TimelineEvent:
    """Staff write to the requester (or an internal note); files may go with it."""
    require(by, req, Verb.NOTE if internal else Verb.MESSAGE)
    if not text.strip():
        raise ValidationError({"text": [_("Escreva a mensagem.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    errors = _check_uploads(attachments)
    if errors:
        raise ValidationError(errors)
    event = _event(
        req, EventKind.NOTE if internal else EventKind.MESSAGE, by=by, text=text, internal=internal
    )
    _save_attachments(req, attachments, event=event, by=by, internal=internal)
    if not internal:
        transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return event


@transaction.atomic
def wait_for_requester(req: ServiceRequest, *, message: str, by) -> ServiceRequest:
    """Ask the requester for something; the clock stops if the service says so."""
    require(by, req, Verb.WAIT)
    if not message.strip():
        raise ValidationError({"message": [_("Diga o que o demandante precisa enviar.")]})
    limits.enforce({"message": (message, limits.TEXT)})
    req.status = Status.WAITING_REQUESTER
    if req.service.pauses_clock_when_waiting:
        req.paused_since = timezone.localdate()
    req.save()
    event = _event(
        req,
        EventKind.WAITING,
        by=by,
        text=message.strip(),
        paused=req.paused_since is not None,
    )
    transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return req


def _resume(req: ServiceRequest, *, by=None) -> None:
    """Back to work; a clock paused while waiting moves the due date by the business days
    waited. The event's data says so (old_due, new_due, paused_days): pages read that, not the
    text."""
    moved, data = "", {}
    if req.paused_since is not None:
        cal = calendar_for(req)
        paused = business_days_between(req.paused_since, timezone.localdate(), cal)
        if paused:
            old_due = req.due_date
            req.due_date = compute_deadline(
                req.due_date, paused, DeadlineUnit.BUSINESS_DAYS, uf=req.state.uf, calendar=cal
            ).due
            moved = _record(
                "O prazo avançou %(days)s dia(s) útil(eis) em que o pedido aguardou o "
                "demandante: de %(old)s para %(new)s."
            ) % {
                "days": paused,
                "old": old_due.strftime("%d/%m/%Y"),
                "new": req.due_date.strftime("%d/%m/%Y"),
            }
            data = {
                "old_due": old_due.isoformat(),
                "new_due": req.due_date.isoformat(),
                "paused_days": paused,
            }
        req.paused_since = None
    req.status = Status.IN_PROGRESS if req.assignee_id else Status.ACCEPTED
    req.save()
    _event(req, EventKind.RESUMED, by=by, text=moved or _record("Atendimento retomado."), **data)


@transaction.atomic
def resume(req: ServiceRequest, *, by) -> ServiceRequest:
    require(by, req, Verb.RESUME)
    _resume(req, by=by)
    return req


@transaction.atomic
def extend_deadline(req: ServiceRequest, *, justification: str, by) -> ServiceRequest:
    """Extend once, with a justification, by what the service allows (ombudsman, LAI)."""
    require(by, req, Verb.EXTEND)
    amount = req.service.extension_amount
    if not justification.strip():
        raise ValidationError({"justification": [_("A prorrogação exige justificativa.")]})
    limits.enforce({"justification": (justification, limits.TEXT)})
    old_due = req.due_date
    req.due_date = compute_deadline(
        req.due_date, amount, req.service.deadline_unit, uf=req.state.uf, calendar=calendar_for(req)
    ).due
    req.extended = True
    req.save()
    event = _event(
        req,
        EventKind.EXTENDED,
        by=by,
        text=_record("Prazo prorrogado de %(old)s para %(new)s. Justificativa: %(why)s")
        % {
            "old": old_due.strftime("%d/%m/%Y"),
            "new": req.due_date.strftime("%d/%m/%Y"),
            "why": justification.strip(),
        },
        old_due=old_due.isoformat(),
        new_due=req.due_date.isoformat(),
    )
    transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return req


@transaction.atomic
def conclude(req: ServiceRequest, *, outcome: str, by) -> ServiceRequest:
    """Close the request with a summary of what was done."""
    require(by, req, Verb.CONCLUDE)
    if not outcome.strip():
        raise ValidationError({"outcome": [_("Resuma o resultado do atendimento.")]})
    limits.enforce({"outcome": (outcome, limits.TEXT)})
    req.status = Status.CONCLUDED
    req.concluded_at = timezone.now()
    req.outcome = outcome.strip()
    req.paused_since = None
    req.save()
    _event(req, EventKind.CONCLUDED, by=by, text=req.outcome)
    transaction.on_commit(lambda: notifications.request_concluded(req.pk))
    return req
