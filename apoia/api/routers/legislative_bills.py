"""API of the legislative desk: bills (public facts and status history for everyone; opinion
requests and the consolidation for staff of the bill's state) and the desk's actions, through
the same services and rules (apoia.legislative.queries) as the pages."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit
from apoia.accounts.services import authenticate_token
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.legislative import queries, services_bills, services_opinions
from apoia.legislative.models import BillKind, BillStatus, House, OpinionRequest
from apoia.programs.models import Program
from apoia.territory.models import Municipality

router = Router(tags=["acompanhamento legislativo"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: InvalidOut}
answers = answers_refusals()
DEFAULT_DESK = "ms-segem-sal"


class BillOut(Schema):
    id: int
    house: str
    kind: str
    number: int
    year: int
    author: str
    summary: str
    link: str
    status: str
    uf: str
    municipality: int | None = Field(description="Código IBGE (câmara municipal).")


class StatusChangeOut(Schema):
    status: str
    happened_on: dt.date
    note: str


class OpinionRequestOut(Schema):
    id: int
    unit: str = Field(description="Identificador (slug) da unidade consultada.")
    question: str
    requested_on: dt.date
    business_days: int
    due_on: dt.date
    late: bool
    cancelled: bool
    position: str
    opinion: str
    answered_at: dt.datetime | None


class ConsolidationOut(Schema):
    position: str
    text: str
    consolidated_at: dt.datetime | None


class BillDetailOut(BillOut):
    desk: str
    status_history: list[StatusChangeOut]
    affected_units: list[str]
    affected_programs: list[str]
    opinion_requests: list[OpinionRequestOut] | None = Field(
        None, description="Só para a equipe do estado da proposição."
    )
    consolidation: ConsolidationOut | None = Field(
        None, description="Só para a equipe do estado da proposição."
    )


class BillFilters(Schema):
    status: str = Field("", max_length=20, description="Situação: " + ", ".join(BillStatus.values))
    house: str = Field("", max_length=20, description="Casa: " + ", ".join(House.values))
    year: int | None = Field(None, ge=1900, le=2100)
    q: str = Field("", max_length=100, description="Ementa, autoria ou número.")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class BillIn(Schema):
    desk: str = Field(DEFAULT_DESK, max_length=80, description="Unidade que acompanha (slug).")
    house: House
    kind: BillKind
    number: int = Field(..., ge=1)
    year: int = Field(..., ge=1900, le=2100)
    author: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=4000)
    link: str = Field("", max_length=200)
    municipality: int | None = Field(None, description="Código IBGE, para câmara municipal.")
    filed_on: dt.date | None = None
    affected_units: list[str] = Field(default_factory=list, max_length=50)
    affected_programs: list[str] = Field(default_factory=list, max_length=50)


class StatusIn(Schema):
    status: BillStatus
    happened_on: dt.date
    note: str = Field("", max_length=2000)


class RoutingIn(Schema):
    units: list[str] = Field(..., max_length=50, description="Unidades consultadas (slugs).")
    business_days: int
    business_days_by_unit: dict[str, int] = Field(
        default_factory=dict,
        description="Prazo próprio de algumas unidades: {slug: dias úteis}.",
    )
    question: str = Field("", max_length=10000)


class AnswerIn(Schema):
    position: str = Field(..., max_length=30)
    opinion: str = Field(..., max_length=10000)


class ConsolidationIn(Schema):
    position: str = Field(..., max_length=30)
    text: str = Field(..., max_length=10000)
    cancel_open: bool = False


def _caller(request):
    """The token's owner when a token is sent (a bad one answers 401); else the session's."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        user = authenticate_token(header[7:].strip())
        if user is None:
            raise AuthenticationError
        return user
    return getattr(request, "user", None) or AnonymousUser()


def _row(bill) -> dict:
    return {
        "id": bill.pk,
        "house": bill.house,
        "kind": bill.kind,
        "number": bill.number,
        "year": bill.year,
        "author": bill.author,
        "summary": bill.summary,
        "link": bill.link,
        "status": bill.status,
        "uf": bill.state.uf,
        "municipality": bill.municipality_id,
    }


def _request_row(req, today) -> dict:
    is_open = not req.answered_at and not req.cancelled_at
    return {
        "id": req.pk,
        "unit": req.unit.slug,
        "question": req.question,
        "requested_on": req.requested_on,
        "business_days": req.business_days,
        "due_on": req.due_on,
        "late": is_open and req.due_on < today,
        "cancelled": req.cancelled_at is not None,
        "position": req.position,
        "opinion": req.opinion,
        "answered_at": req.answered_at,
    }


def _detail(bill, user) -> dict:
    data = _row(bill)
    data |= {
        "desk": bill.desk.slug,
        "status_history": list(bill.status_changes.all()),
        "affected_units": [u.slug for u in bill.affected_units.all()],
        "affected_programs": [p.slug for p in bill.affected_programs.all()],
    }
    if queries.may_see_internal(user, bill):
        today = timezone.localdate()
        requests = bill.opinion_requests.select_related("unit")
        data["opinion_requests"] = [_request_row(r, today) for r in requests]
        data["consolidation"] = (
            {
                "position": bill.consolidated_position,
                "text": bill.consolidated_text,
                "consolidated_at": bill.consolidated_at,
            }
            if bill.consolidated_at
            else None
        )
    return data


def _units(slugs, field: str, state_id=None) -> list[OrgUnit]:
    """The units of `slugs`, in order; an unknown one answers 422 naming `field.<index>`."""
    found = {u.slug: u for u in OrgUnit.objects.filter(slug__in=slugs)}
    for index, slug in enumerate(slugs):
        if slug not in found or (state_id is not None and found[slug].state_id != state_id):
            raise FieldError(
                f"{field}.{index}", _("Unidade desconhecida: %(slug)s.") % {"slug": slug}
            )
    return [found[slug] for slug in slugs]


def _programs(slugs) -> list[Program]:
    found = {p.slug: p for p in Program.objects.filter(slug__in=slugs)}
    for index, slug in enumerate(slugs):
        if slug not in found:
            raise FieldError(
                f"affected_programs.{index}", _("Programa desconhecido: %(slug)s.") % {"slug": slug}
            )
    return [found[slug] for slug in slugs]


@router.get("/bills", response={200: list[BillOut], 422: InvalidOut}, summary="Proposições")
def list_bills(request, filters: Query[BillFilters]):
    if filters.status and filters.status not in BillStatus.values:
        raise FieldError("status", _("Situação desconhecida."))
    if filters.house and filters.house not in House.values:
        raise FieldError("house", _("Casa legislativa desconhecida."))
    qs = queries.filter_bills(
        status=filters.status,
        house=filters.house,
        year=str(filters.year or ""),
        q=filters.q.strip(),
    )
    return [_row(b) for b in qs[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/bills/{bill_id}",
    response={200: BillDetailOut, 401: ProblemOut, 404: ProblemOut},
    summary="Uma proposição, com andamento (e, para a equipe do estado, os pareceres)",
)
def get_bill(request, bill_id: int):
    bill = get_object_or_404(queries.public_bills(), pk=bill_id)
    return _detail(bill, _caller(request))


@router.post(
    "/bills",
    auth=TokenAuth(),
    response={201: BillDetailOut, **ERRORS},
    summary="Cadastrar uma proposição (equipe da unidade que a acompanha)",
)
@answers
def create_bill(request, data: BillIn):
    desk = OrgUnit.objects.filter(slug=data.desk).first()
    if desk is None:
        raise FieldError("desk", _("Unidade desconhecida: %(slug)s.") % {"slug": data.desk})
    municipality = None
    if data.municipality is not None:
        municipality = Municipality.objects.filter(pk=data.municipality).first()
        if municipality is None:
            raise FieldError("municipality", _("Município não encontrado (código IBGE)."))
    fields = data.dict(exclude={"desk", "municipality", "affected_units", "affected_programs"})
    bill = services_bills.create_bill(
        by=request.auth,
        desk=desk,
        municipality=municipality,
        affected_units=_units(data.affected_units, "affected_units"),
        affected_programs=_programs(data.affected_programs),
        **fields,
    )
    return HttpStatus(201, _detail(queries.get_public_bill(bill.pk), request.auth))


@router.post(
    "/bills/{bill_id}/status",
    auth=TokenAuth(),
    response={201: BillDetailOut, **ERRORS},
    summary="Registrar um andamento (a unidade que acompanha)",
)
@answers
def record_status(request, bill_id: int, data: StatusIn):
    bill = get_object_or_404(queries.public_bills(), pk=bill_id)
    services_bills.record_status(by=request.auth, bill=bill, **data.dict())
    return HttpStatus(201, _detail(queries.get_public_bill(bill.pk), request.auth))


@router.post(
    "/bills/{bill_id}/routing",
    auth=TokenAuth(),
    response={201: list[OpinionRequestOut], **ERRORS},
    summary="Pedir parecer a várias unidades de uma vez, com prazo em dias úteis",
)
@answers
def route_bill(request, bill_id: int, data: RoutingIn):
    bill = get_object_or_404(queries.public_bills(), pk=bill_id)
    units = _units(data.units, "units")
    by_slug = {u.slug: u for u in units}
    for slug in data.business_days_by_unit:
        if slug not in by_slug:
            raise FieldError(
                f"business_days_by_unit.{slug}",
                _("Unidade fora da lista de unidades consultadas: %(slug)s.") % {"slug": slug},
            )
    created = services_opinions.route_bill(
        by=request.auth,
        bill=bill,
        units=units,
        business_days=data.business_days,
        business_days_by_unit={by_slug[s]: n for s, n in data.business_days_by_unit.items()},
        question=data.question,
    )
    today = timezone.localdate()
    return HttpStatus(201, [_request_row(r, today) for r in created])


@router.post(
    "/opinion-requests/{request_id}/answer",
    auth=TokenAuth(),
    response={200: OpinionRequestOut, **ERRORS},
    summary="Responder a um pedido de parecer (a unidade consultada)",
)
@answers
def answer(request, request_id: int, data: AnswerIn):
    req = OpinionRequest.objects.select_related("bill", "unit").filter(pk=request_id).first()
    if req is None or not queries.may_see_internal(request.auth, req.bill):
        return HttpStatus(404, {"detail": _("Pedido de parecer não encontrado.")})
    req = services_opinions.answer_opinion(by=request.auth, opinion_request=req, **data.dict())
    return _request_row(req, timezone.localdate())


@router.post(
    "/bills/{bill_id}/consolidation",
    auth=TokenAuth(),
    response={200: BillDetailOut, **ERRORS},
    summary="Consolidar a posição do Estado (a unidade que acompanha)",
)
@answers
def consolidate(request, bill_id: int, data: ConsolidationIn):
    bill = get_object_or_404(queries.public_bills(), pk=bill_id)
    services_opinions.consolidate(by=request.auth, bill=bill, **data.dict())
    return _detail(queries.get_public_bill(bill.pk), request.auth)
