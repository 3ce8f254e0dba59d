"""Regularization checklists (token): `GET /checklists?organization=&expiring_within=`,
`GET /checklists/{id}`, `POST /checklists` (staff open one) and
`PATCH /checklists/{id}/items/{requirement_slug}` — the same services and rules as the web
pages (staff of the organization's state change any item; its representatives mark items as
sent; anyone else: 404)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import Organization
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.society import services_regularization as services
from apoia.society.models.regularization import ItemStatus
from apoia.society.queries import is_society_staff, represented_organization_ids
from apoia.society.queries_regularization import (
    current_items,
    filter_checklists,
    get_visible_checklist,
    may_edit_checklist,
    visible_checklists,
    with_counts,
)

router = Router(tags=["sociedade civil: regularização"], auth=TokenAuth())


class OrganizationRefOut(Schema):
    id: int
    cnpj: str
    name: str


class ChecklistOut(Schema):
    id: int
    organization: OrganizationRefOut
    opened_at: dt.datetime
    total: int
    valid: int
    pending: int
    next_expiry: dt.date | None
    url: str


class ItemOut(Schema):
    requirement_slug: str
    requirement_name: str
    group: str
    has_expiry: bool
    status: str = Field(..., description="missing, sent, valid ou expired (o gravado).")
    effective_status: str = Field(..., description="A situação mostrada: vencido se passou.")
    expires_on: dt.date | None
    reference: str
    note: str
    updated_at: dt.datetime


class ChecklistDetailOut(ChecklistOut):
    requests: list[str]
    items: list[ItemOut]


class ChecklistFilters(Schema):
    organization: int | None = Field(None, description="Id da organização.")
    expiring_within: int | None = Field(
        None, ge=0, le=365, description="Só os que têm documento vencendo em até N dias."
    )


class ChecklistIn(Schema):
    organization: int


class ItemIn(Schema):
    status: ItemStatus | None = None
    expires_on: dt.date | None = None
    reference: str | None = Field(None, max_length=services.REFERENCE_MAX)
    note: str | None = Field(None, max_length=services.NOTE_MAX)


def _require_party(user) -> None:
    if not (is_society_staff(user) or represented_organization_ids(user)):
        raise PermissionDenied


def _row(checklist) -> dict:
    o = checklist.organization
    return {
        "id": checklist.pk,
        "organization": {"id": o.pk, "cnpj": o.cnpj, "name": o.name},
        "opened_at": checklist.opened_at,
        "total": checklist.total,
        "valid": checklist.valid,
        "pending": checklist.pending,
        "next_expiry": checklist.next_expiry,
        "url": f"/organizacoes/{o.pk}/regularizacao/",
    }


def _item(i, today) -> dict:
    return {
        "requirement_slug": i.requirement.slug,
        "requirement_name": i.requirement.name,
        "group": i.requirement.group,
        "has_expiry": i.requirement.has_expiry,
        "status": i.status,
        "effective_status": services.effective_status(i, today),
        "expires_on": i.expires_on,
        "reference": i.reference,
        "note": i.note,
        "updated_at": i.updated_at,
    }


def _detail(user, pk) -> dict:
    today = timezone.localdate()
    checklist = get_visible_checklist(user, pk)
    services.sync_items(checklist)
    counted = with_counts(visible_checklists(user).filter(pk=checklist.pk), today).get()
    return {
        **_row(counted),
        "requests": [r.protocol for r in checklist.requests.all()],
        "items": [_item(i, today) for i in current_items(checklist)],
    }


def _field_error(error: ValidationError):
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return FieldError(field, messages[0])
    return FieldError("__all__", error.messages[0])


@router.get(
    "/checklists",
    response={200: list[ChecklistOut], 403: ProblemOut},
    summary="Checklists de regularização (equipe do estado; representantes: os seus)",
)
def list_checklists(request, filters: Query[ChecklistFilters]):
    try:
        _require_party(request.auth)
    except PermissionDenied:
        return HttpStatus(403, {"detail": _("Somente a equipe do estado e os representantes.")})
    today = timezone.localdate()
    qs = filter_checklists(
        visible_checklists(request.auth), today=today, expiring_within=filters.expiring_within
    )
    if filters.organization is not None:
        qs = qs.filter(organization_id=filters.organization)
    return [_row(c) for c in with_counts(qs, today).order_by("organization__name")]


@router.get(
    "/checklists/{checklist_id}",
    response={200: ChecklistDetailOut, 404: ProblemOut},
    summary="Um checklist de regularização, com seus itens",
)
def get_checklist(request, checklist_id: int):
    return _detail(request.auth, checklist_id)


@router.post(
    "/checklists",
    response={200: ChecklistDetailOut, 201: ChecklistDetailOut, 403: ProblemOut, 422: InvalidOut},
    summary="Abrir o checklist de uma organização (equipe do estado)",
)
def open_checklist(request, data: ChecklistIn):
    """201 com o checklist criado; 200 se a organização já tinha um."""
    organization = Organization.objects.filter(pk=data.organization).first()
    if organization is None:
        raise FieldError("organization", _("Organização não encontrada."))
    if not may_edit_checklist(request.auth, organization):
        return HttpStatus(
            403, {"detail": _("Somente a equipe do estado abre o checklist de regularização.")}
        )
    existed = hasattr(organization, "checklist")
    checklist = services.open_checklist(by=request.auth, organization=organization)
    return HttpStatus(200 if existed else 201, _detail(request.auth, checklist.pk))


@router.patch(
    "/checklists/{checklist_id}/items/{requirement_slug}",
    response={200: ItemOut, 403: ProblemOut, 404: ProblemOut, 422: InvalidOut},
    summary="Atualizar um item (equipe: qualquer situação; representante: enviado)",
)
def update_item(request, checklist_id: int, requirement_slug: str, data: ItemIn):
    """Campos omitidos ficam como estão. A organização só envia `status` "sent" (ou o omite),
    com `reference`; um item válido de documento com validade exige `expires_on`."""
    checklist = get_visible_checklist(request.auth, checklist_id)
    item = get_object_or_404(current_items(checklist), requirement__slug=requirement_slug)
    sent = data.model_dump(exclude_unset=True)
    staff = may_edit_checklist(request.auth, checklist.organization)
    default_status = item.status if staff else ItemStatus.SENT
    try:
        item = services.update_item(
            by=request.auth,
            item=item,
            status=sent.get("status") or default_status,
            expires_on=sent.get("expires_on", item.expires_on),
            reference=sent.get("reference", item.reference) or "",
            note=sent.get("note", item.note) or "",
        )
    except ValidationError as error:
        raise _field_error(error) from None
    except PermissionDenied as error:
        return HttpStatus(403, {"detail": str(error)})
    return _item(item, timezone.localdate())
