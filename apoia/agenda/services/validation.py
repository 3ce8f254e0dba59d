"""The NEEP's validation of event themes (Resolução CIB/SUAS/MT nº 02/2022, art. 8º, parágrafo
único): the staff send a draft (or a returned event) to the NEEP of its state, which approves
it (it is published) or returns it with a comment. Each step is an EventValidation row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import queries
from apoia.agenda.models import Event, EventStatus, EventValidation, ValidationAction
from apoia.agenda.services.events import EventTransitionError, after_publication


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("state").get(pk=event.pk)


@transaction.atomic
def submit_for_validation(event: Event, *, by, comment: str = "") -> Event:
    event = _locked(event)
    if not queries.may_manage_event(by, event):
        raise PermissionDenied(_("Só a equipe da agenda do estado envia eventos ao NEEP."))
    if not event.needs_validation:
        raise EventTransitionError(
            _("Este tipo de evento não passa pelo NEEP: publique-o diretamente.")
        )
    if event.status not in (EventStatus.DRAFT, EventStatus.RETURNED):
        raise EventTransitionError(_("Só um rascunho ou um evento devolvido vai ao NEEP."))
    if not event.theme.strip():
        raise ValidationError({"theme": [_("Informe o tema que o NEEP vai validar.")]})
    event.status = EventStatus.IN_VALIDATION
    event.save(update_fields=["status", "updated_at"])
    EventValidation.objects.create(
        event=event, action=ValidationAction.SUBMITTED, by=by, comment=(comment or "").strip()
    )
    return event


def _require_neep(event: Event, by) -> None:
    if not queries.may_validate_event(by, event):
        raise PermissionDenied(_("Só o NEEP do estado valida os temas dos seus eventos."))
    if event.status != EventStatus.IN_VALIDATION:
        raise EventTransitionError(_("Este evento não está aguardando a validação do NEEP."))


@transaction.atomic
def approve(event: Event, *, by, comment: str = "") -> Event:
    """Approves the theme: the event is published (published_at is set the first time only)."""
    event = _locked(event)
    _require_neep(event, by)
    now = timezone.now()
    event.status = EventStatus.PUBLISHED
    event.validated_by = by
    event.validated_at = now
    if event.published_at is None:
        event.published_at = now
    event.save(
        update_fields=["status", "validated_by", "validated_at", "published_at", "updated_at"]
    )
    EventValidation.objects.create(
        event=event, action=ValidationAction.APPROVED, by=by, comment=(comment or "").strip()
    )
    after_publication(event)
    return event


@transaction.atomic
def return_event(event: Event, *, by, comment: str) -> Event:
    """Returns the event to the staff with what to change; the comment is mandatory."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Diga o que precisa mudar para devolver.")]})
    event = _locked(event)
    _require_neep(event, by)
    event.status = EventStatus.RETURNED
    event.save(update_fields=["status", "updated_at"])
    EventValidation.objects.create(
        event=event, action=ValidationAction.RETURNED, by=by, comment=comment[:4000]
    )
    return event


def last_validation(event: Event) -> EventValidation | None:
    return event.validations.filter(action=ValidationAction.APPROVED).last()
