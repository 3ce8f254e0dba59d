"""MROSC partnerships: public reading (`GET /partnerships?organization=&status=`,
`GET /partnerships/{id}`, the same data as /parcerias/) and the staff's lifecycle.

Writing needs a token of the staff of the partnership's state and runs the pages' services
(apoia.society.services_partnerships): an unknown id answers 404, a caller who does not manage
the partnership 403, an action the current status does not allow **409** (the same message the
page shows; the allowed ones are listed in `actions`), a bad field 422 naming it."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import BodyIn, InvalidOut, ProblemOut
from apoia.society import services_partnerships as services
from apoia.society.models.partnerships import (
    AccountabilityReport,
    Opinion,
    PartnershipStatus,
    ReportKind,
    SelectionMode,
    TermKind,
)
from apoia.society.queries_partnerships import (
    by_organization,
    may_create_partnership,
    may_manage_partnership,
    public_partnerships,
    selectable_organizations,
)

DETAIL_FIELDS = (
    "object",
    "selection_mode",
    "call_number",
    "call_published_on",
    "proposals_until",
    "result_published_on",
    "exemption_justification",
    "signed_on",
    "closed_on",
    "closing_note",
    "process_number",
)
REPORT_FIELDS = (
    "id",
    "kind",
    "period_label",
    "is_final",
    "due_on",
    "received_on",
    "opinion",
    "opinion_text",
    "opinion_on",
)

router = Router(tags=["sociedade civil: parcerias (MROSC)"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(services.TransitionNotAllowed)
NOT_MANAGER = "Você não gerencia parcerias deste estado."


class OrganizationRefOut(Schema):
    id: int
    cnpj: str
    name: str


class PartnershipOut(Schema):
    id: int
    title: str
    organization: OrganizationRefOut | None
    term_kind: str
    term_number: str
    status: str
    value: Decimal | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    unit: str
    reports_due: int
    reports_late: int


class GoalOut(Schema):
    order: int
    description: str
    indicator: str
    due_on: datetime.date | None


class AmendmentOut(Schema):
    number: int
    signed_on: datetime.date
    description: str
    new_ends_on: datetime.date | None
    new_value: Decimal | None


class ReportOut(Schema):
    id: int
    kind: str
    period_label: str
    is_final: bool
    due_on: datetime.date
    received_on: datetime.date | None
    opinion: str
    opinion_text: str
    opinion_on: datetime.date | None
    late: bool
    actions: list[str] = Field(description="receipt ou opinion, quando a situação permite.")


class PartnershipDetailOut(PartnershipOut):
    object: str
    selection_mode: str
    call_number: str
    call_published_on: datetime.date | None
    proposals_until: datetime.date | None
    result_published_on: datetime.date | None
    exemption_justification: str
    signed_on: datetime.date | None
    closed_on: datetime.date | None
    closing_note: str
    process_number: str
    goals: list[GoalOut]
    amendments: list[AmendmentOut]
    reports: list[ReportOut]
    actions: list[str] = Field(
        description="Ações que a situação permite: selection, term, amendment, report, "
        "closure, cancellation."
    )


class PartnershipFilters(Schema):
    organization: str = Field("", max_length=20, description="Id ou CNPJ da organização.")
    status: str = Field(
        "", max_length=20, description="Situação: " + ", ".join(PartnershipStatus.values)
    )


def _row(p, today):
    reports = list(p.reports.all())
    org = p.organization
    return {
        "id": p.pk,
        "title": p.title,
        "organization": {"id": org.pk, "cnpj": org.cnpj, "name": org.name} if org else None,
        "term_kind": p.term_kind,
        "term_number": p.term_number,
        "status": p.status,
        "value": p.value,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "unit": p.unit.slug,
        "reports_due": sum(1 for r in reports if not r.received_on and r.due_on >= today),
        "reports_late": sum(1 for r in reports if not r.received_on and r.due_on < today),
    }


@router.get("/partnerships", response=list[PartnershipOut], summary="Parcerias MROSC")
def list_partnerships(request, filters: Query[PartnershipFilters]):
    qs = public_partnerships().prefetch_related("reports")
    if filters.status:
        if filters.status not in PartnershipStatus.values:
            raise FieldError("status", "Situação desconhecida.")
        qs = qs.filter(status=filters.status)
    if filters.organization:
        try:
            qs = by_organization(qs, filters.organization)
        except ValueError as error:
            raise FieldError("organization", str(error)) from None
    today = timezone.localdate()
    return [_row(p, today) for p in qs]


@router.get(
    "/partnerships/{partnership_id}",
    response=PartnershipDetailOut,
    summary="Uma parceria, com metas, aditivos e prestações de contas",
)
def get_partnership(request, partnership_id: int):
    return _detail(get_object_or_404(public_partnerships(), pk=partnership_id))


def _report(r, today=None) -> dict:
    today = today or timezone.localdate()
    return {
        **{f: getattr(r, f) for f in REPORT_FIELDS},
        "late": not r.received_on and r.due_on < today,
        "actions": services.report_actions(r),
    }


def _detail(p) -> dict:
    p = public_partnerships().get(pk=p.pk)  # fresh, after a service changed it
    today = timezone.localdate()
    data = _row(p, today)
    data.update({f: getattr(p, f) for f in DETAIL_FIELDS})
    data["goals"] = list(p.goals.all())
    data["amendments"] = list(p.amendments.all())
    data["reports"] = [_report(r, today) for r in p.reports.all()]
    data["actions"] = services.allowed_actions(p)
    return data


def _managed(request, partnership_id: int):
    """The partnership to change: 404 if unknown (they are public), 403 if not the caller's."""
    p = get_object_or_404(public_partnerships(), pk=partnership_id)
    if not may_manage_partnership(request.auth, p):
        raise PermissionDenied(NOT_MANAGER)
    return p


def _managed_report(request, report_id: int):
    r = get_object_or_404(
        AccountabilityReport.objects.select_related("partnership__unit"), pk=report_id
    )
    if not may_manage_partnership(request.auth, r.partnership):
        raise PermissionDenied(NOT_MANAGER)
    return r


class PartnershipIn(BodyIn):
    unit: str = Field(description="Identificador (slug) da unidade responsável.")
    title: str = Field(max_length=200)
    object: str = Field(max_length=4000)
    selection_mode: SelectionMode
    term_kind: TermKind
    call_number: str = Field("", max_length=60, description="Só no chamamento público.")
    call_published_on: datetime.date | None = None
    proposals_until: datetime.date | None = None
    exemption_justification: str = Field(
        "", max_length=4000, description="Obrigatória na dispensa ou inexigibilidade."
    )
    process_number: str = Field("", max_length=60)


class SelectionIn(BodyIn):
    organization: int = Field(description="Id da organização no cadastro (do mesmo estado).")
    result_published_on: datetime.date


class TermIn(BodyIn):
    term_number: str = Field(max_length=60)
    signed_on: datetime.date
    value: Decimal = Field(max_digits=14, decimal_places=2, description="Em reais: 180000.00")
    starts_on: datetime.date
    ends_on: datetime.date
    goals: list[str] = Field(max_length=100, description="As metas do plano de trabalho.")


class AmendmentIn(BodyIn):
    signed_on: datetime.date
    description: str = Field(max_length=4000)
    new_ends_on: datetime.date | None = None
    new_value: Decimal | None = Field(None, max_digits=14, decimal_places=2)


class ReportIn(BodyIn):
    kind: ReportKind
    period_label: str = Field(max_length=100)
    due_on: datetime.date
    is_final: bool = False


class ReportDetailOut(ReportOut):
    partnership: int


class ReceiptIn(BodyIn):
    received_on: datetime.date


class OpinionIn(BodyIn):
    opinion: Opinion
    opinion_text: str = Field(max_length=8000)
    opinion_on: datetime.date


class ClosureIn(BodyIn):
    closed_on: datetime.date
    closing_note: str = Field("", max_length=4000)


class CancellationIn(BodyIn):
    closed_on: datetime.date
    reason: str = Field(max_length=4000)


@router.post(
    "/partnerships",
    auth=TokenAuth(),
    response={201: PartnershipDetailOut, **ERRORS},
    summary="Cadastrar uma parceria: chamamento público ou dispensa/inexigibilidade",
)
@answers
def create_partnership(request, data: PartnershipIn):
    """Com `public_call`, o edital e suas datas; nos demais modos, a justificativa. Depois:
    `selection`, `term`, `amendments`, `reports`, `closure` ou `cancellation`, conforme
    `actions`. Respostas: 403 para quem não gerencia a parceria, 404 para id desconhecido, 409
    quando a situação atual não permite a ação (a mesma mensagem da página), 422 nomeando o
    campo."""
    unit = OrgUnit.objects.filter(slug=data.unit).first()
    if unit is None:
        raise FieldError("unit", _("Unidade não encontrada."))
    if not may_create_partnership(request.auth, unit):
        return HttpStatus(403, {"detail": _("Você não cadastra parcerias nesta unidade.")})
    fields = data.dict(exclude={"unit"})
    p = services.create_partnership(by=request.auth, unit=unit, **fields)
    return HttpStatus(201, _detail(p))


@router.post(
    "/partnerships/{partnership_id}/selection",
    auth=TokenAuth(),
    response={200: PartnershipDetailOut, **ERRORS},
    summary="Registrar a organização selecionada e a data do resultado",
)
@answers
def register_selection(request, partnership_id: int, data: SelectionIn):
    p = _managed(request, partnership_id)
    organization = selectable_organizations(p).filter(pk=data.organization).first()
    if organization is None:
        raise FieldError("organization", _("Organização não encontrada no estado da parceria."))
    return _detail(
        services.register_selection(
            by=request.auth,
            partnership=p,
            organization=organization,
            result_published_on=data.result_published_on,
        )
    )


@router.post(
    "/partnerships/{partnership_id}/term",
    auth=TokenAuth(),
    response={200: PartnershipDetailOut, **ERRORS},
    summary="Registrar o termo assinado, com valor, vigência e metas",
)
@answers
def sign_term(request, partnership_id: int, data: TermIn):
    p = _managed(request, partnership_id)
    return _detail(services.sign_term(by=request.auth, partnership=p, **data.dict()))


@router.post(
    "/partnerships/{partnership_id}/amendments",
    auth=TokenAuth(),
    response={201: AmendmentOut, **ERRORS},
    summary="Registrar um aditivo (nova vigência ou novo valor)",
)
@answers
def add_amendment(request, partnership_id: int, data: AmendmentIn):
    p = _managed(request, partnership_id)
    return HttpStatus(201, services.add_amendment(by=request.auth, partnership=p, **data.dict()))


@router.post(
    "/partnerships/{partnership_id}/reports",
    auth=TokenAuth(),
    response={201: ReportDetailOut, **ERRORS},
    summary="Pedir uma prestação de contas (execução do objeto ou financeira)",
)
@answers
def add_report(request, partnership_id: int, data: ReportIn):
    p = _managed(request, partnership_id)
    r = services.add_report_due(by=request.auth, partnership=p, **data.dict())
    return HttpStatus(201, {**_report(r), "partnership": p.pk})


@router.post(
    "/partnerships/reports/{report_id}/receipt",
    auth=TokenAuth(),
    response={200: ReportDetailOut, **ERRORS},
    summary="Registrar o recebimento de um relatório",
)
@answers
def register_receipt(request, report_id: int, data: ReceiptIn):
    r = services.register_receipt(
        by=request.auth, report=_managed_report(request, report_id), **data.dict()
    )
    return {**_report(r), "partnership": r.partnership_id}


@router.post(
    "/partnerships/reports/{report_id}/opinion",
    auth=TokenAuth(),
    response={200: ReportDetailOut, **ERRORS},
    summary="Dar o parecer técnico de um relatório recebido",
)
@answers
def give_opinion(request, report_id: int, data: OpinionIn):
    r = services.give_opinion(
        by=request.auth, report=_managed_report(request, report_id), **data.dict()
    )
    return {**_report(r), "partnership": r.partnership_id}


@router.post(
    "/partnerships/{partnership_id}/closure",
    auth=TokenAuth(),
    response={200: PartnershipDetailOut, **ERRORS},
    summary="Encerrar a parceria (relatórios finais com parecer)",
)
@answers
def close_partnership(request, partnership_id: int, data: ClosureIn):
    p = _managed(request, partnership_id)
    return _detail(services.close_partnership(by=request.auth, partnership=p, **data.dict()))


@router.post(
    "/partnerships/{partnership_id}/cancellation",
    auth=TokenAuth(),
    response={200: PartnershipDetailOut, **ERRORS},
    summary="Cancelar a parceria, com o motivo",
)
@answers
def cancel_partnership(request, partnership_id: int, data: CancellationIn):
    p = _managed(request, partnership_id)
    return _detail(services.cancel_partnership(by=request.auth, partnership=p, **data.dict()))
