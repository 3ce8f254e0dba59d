"""The requester's side of a request: replies, rating, reopening and appeal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.protocol import limits, notifications
from apoia.protocol.models import (
    EventKind,
    ServiceRequest,
    Status,
    TimelineEvent,
)
from apoia.protocol.rules import Verb, require
from apoia.protocol.services.handling import _resume
from apoia.protocol.services.timeline import _check_uploads, _event, _record, _save_attachments


def _requester_actor(req: ServiceRequest, by):
    """Who the requester's own events record: nobody on an anonymous manifestation, whoever is
    signed in (the account would otherwise tell who the anonymous person is)."""
    return None if req.is_anonymous else by


@transaction.atomic
def requester_reply(
    req: ServiceRequest, *, text: str, attachments=(), by=None, holds_code: bool = False
) -> TimelineEvent:
    """The requester answers or adds documents from the tracking page; resumes a paused clock.

    `holds_code`: the caller proved the access code (else `by` must be the requester's account).
    """
    require(by, req, Verb.REPLY, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not text.strip() and not attachments:
        raise ValidationError({"text": [_("Escreva uma mensagem ou anexe um documento.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    errors = _check_uploads(attachments)
    if errors:
        raise ValidationError(errors)
    kind = EventKind.REQUESTER_MESSAGE if text.strip() else EventKind.DOCUMENT
    event = _event(req, kind, by=by, label=_record("Demandante"), text=text.strip())
    _save_attachments(req, attachments, event=event, by=by, from_requester=True)
    if req.status == Status.WAITING_REQUESTER:
        _resume(req, by=by)
    transaction.on_commit(lambda: notifications.requester_replied(event.pk))
    return event


@transaction.atomic
def rate(
    req: ServiceRequest, *, score: int, comment: str = "", by=None, holds_code: bool = False
) -> ServiceRequest:
    """The requester rates a concluded request from 1 to 5, once."""
    require(by, req, Verb.RATE, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": [_("A nota vai de 1 a 5.")]})
    limits.enforce({"comment": (comment, limits.COMMENT)})
    req.rating, req.rating_comment = score, comment.strip()
    req.save(update_fields=["rating", "rating_comment", "updated_at"])
    _event(
        req, EventKind.RATED, by=by, label=_record("Demandante"), text=comment.strip(), score=score
    )
    return req


@transaction.atomic
def reopen(
    req: ServiceRequest, *, reason: str, by=None, holds_code: bool = False
) -> ServiceRequest:
    """The requester asks to reopen within 10 days of the conclusion."""
    require(by, req, Verb.REOPEN, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not reason.strip():
        raise ValidationError({"reason": [_("Explique por que o pedido deve ser reaberto.")]})
    limits.enforce({"reason": (reason, limits.TEXT)})
    req.status = Status.IN_PROGRESS if req.assignee_id else Status.ACCEPTED
    req.reopened_count += 1
    req.concluded_at = None
    req.save()
    _event(req, EventKind.REOPENED, by=by, label=_record("Demandante"), text=reason.strip())
    transaction.on_commit(lambda: notifications.request_reopened(req.pk))
    return req


@transaction.atomic
def appeal(req: ServiceRequest, *, text: str, by=None, holds_code: bool = False) -> ServiceRequest:
    """The requester appeals a refusal once; the request goes back to the coordinator."""
    require(by, req, Verb.APPEAL, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not text.strip():
        raise ValidationError({"text": [_("Apresente as razões do recurso.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    req.status = Status.APPEALED
    req.appealed_at = timezone.now()
    req.save()
    _event(req, EventKind.APPEALED, by=by, label=_record("Demandante"), text=text.strip())
    transaction.on_commit(lambda: notifications.request_appealed(req.pk))
    return req
