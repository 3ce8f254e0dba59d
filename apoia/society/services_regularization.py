"""The regularization checklist of an organization as service functions: open it (by staff,
or when a request of the "Apoio à regularização de OSC" option is accepted), keep its items in
step with the requirements admins configure, and record each item's status and expiry."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apoia.society.models.regularization import (
    Checklist,
    ChecklistItem,
    ItemStatus,
    Requirement,
)
from apoia.society.queries import is_society_staff, may_manage_organization, represents

REFERENCE_MAX = 200
NOTE_MAX = 2000


def effective_status(item: ChecklistItem, today: dt.date) -> str:
    """The status to show: a valid item past its expiry date is expired."""
    if item.status == ItemStatus.VALID and item.expires_on and item.expires_on < today:
        return ItemStatus.EXPIRED
    return item.status


def days_to_expiry(item: ChecklistItem, today: dt.date) -> int | None:
    if not item.expires_on or effective_status(item, today) == ItemStatus.EXPIRED:
        return None
    return (item.expires_on - today).days


@transaction.atomic
def sync_items(checklist: Checklist) -> int:
    """Adds an item for each requirement in use that the checklist lacks; how many."""
    have = set(checklist.items.values_list("requirement_id", flat=True))
    missing = Requirement.objects.filter(active=True).exclude(pk__in=have)
    created = ChecklistItem.objects.bulk_create(
        [ChecklistItem(checklist=checklist, requirement=r) for r in missing],
        ignore_conflicts=True,
    )
    return len(created)


def _may_open(by, organization, request) -> bool:
    if may_manage_organization(by, organization):
        return True
    # The staff deciding a request of the state open the checklist it asks for.
    return request is not None and is_society_staff(by, request.state_id)


@transaction.atomic
def open_checklist(*, by, organization, request=None, opened_by=None) -> Checklist:
    """The organization's checklist, created with an item per requirement in use if it has
    none; `request` (a request of the regularization option) is linked to it."""
    if not _may_open(by, organization, request):
        raise PermissionDenied("Somente a equipe do estado abre o checklist de regularização.")
    checklist, _created = Checklist.objects.get_or_create(
        organization=organization, defaults={"opened_by": opened_by or by}
    )
    sync_items(checklist)
    if request is not None:
        checklist.requests.add(request)
    return checklist


@transaction.atomic
def update_item(
    *, by, item: ChecklistItem, status: str, expires_on=None, reference: str = "", note: str = ""
) -> ChecklistItem:
    """Staff set any status; a representative only marks the item as sent, saying where the
    document is. A valid item of a requirement with expiry needs its expiry date."""
    item = (
        ChecklistItem.objects.select_for_update()
        .select_related("requirement", "checklist__organization__municipality")
        .get(pk=item.pk)
    )
    organization = item.checklist.organization
    staff = may_manage_organization(by, organization)
    if not staff and not represents(by, organization):
        raise PermissionDenied("Você não acompanha o checklist desta organização.")
    reference = (reference or "").strip()
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if status not in ItemStatus.values:
        errors["status"] = ["Situação inválida."]
    elif not staff and status != ItemStatus.SENT:
        errors["status"] = [
            "A organização só marca documentos como enviados; a equipe do estado os valida."
        ]
    if not staff and status == ItemStatus.SENT and not reference:
        errors["reference"] = ["Informe onde está o documento (número, link ou processo)."]
    if len(reference) > REFERENCE_MAX:
        errors["reference"] = [f"Use no máximo {REFERENCE_MAX} caracteres."]
    if len(note) > NOTE_MAX:
        errors["note"] = [f"Use no máximo {NOTE_MAX} caracteres."]
    if expires_on and not item.requirement.has_expiry:
        errors["expires_on"] = ["Este documento não tem validade."]
    elif status == ItemStatus.VALID and item.requirement.has_expiry and not expires_on:
        errors["expires_on"] = ["Informe a validade do documento."]
    elif status == ItemStatus.VALID and expires_on and expires_on < timezone.localdate():
        errors["expires_on"] = ["Esta validade já passou; marque o documento como vencido."]
    if errors:
        raise ValidationError(errors)
    if expires_on != item.expires_on:
        item.expiry_alert_sent_on = None
    item.status = status
    item.expires_on = expires_on
    item.reference = reference
    item.note = note
    item.updated_by = by
    item.save()
    return item
