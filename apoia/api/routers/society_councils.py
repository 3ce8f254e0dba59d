"""Councils, public: `GET /councils?uf=&municipality=&policy_area=&q=` and
`GET /councils/{id}` (seats with titular and alternate, meetings with their quorum,
resolutions; never a councillor's e-mail); `POST /councils` (the state's staff) and
`POST /councils/{id}/meetings` for those who manage the council (seats, mandates and
resolutions: society_councils_manage). The same queries and services as /conselhos/."""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import Organization
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals, error_body
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.society import queries_councils as queries
from apoia.society import services_councils as services
from apoia.society import services_councils_meetings as meeting_services
from apoia.society.models.councils import CouncilMeeting
from apoia.territory.models import Municipality, State

router = Router(tags=["sociedade civil: conselhos"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: InvalidOut}
# A service's field → the field of the request body.
BODY_FIELDS = {"mandate_ids": "attending_mandates", "approved_on": "minutes_approved_on"}


class SeatCountOut(Schema):
    government: int
    civil_society: int


class CouncilBase(Schema):
    id: int
    name: str
    acronym: str
    uf: str
    municipality: str | None
    municipality_code: int | None = Field(description="Código IBGE; vazio (null) se estadual.")
    policy_area: str
    legal_basis: str
    requires_parity: bool
    parity: bool = Field(description="Tantas cadeiras do governo quanto da sociedade civil.")


class CouncilOut(CouncilBase):
    seats: SeatCountOut = Field(description="Quantas cadeiras de cada segmento.")


class OrganizationRefOut(Schema):
    id: int
    name: str
    cnpj: str


class HolderOut(Schema):
    id: int = Field(description="Id do mandato (para attending_mandates).")
    name: str
    starts_on: dt.date
    ends_on: dt.date


class SeatOut(Schema):
    id: int
    segment: str
    label: str
    organization: OrganizationRefOut | None
    titular: HolderOut | None
    alternate: HolderOut | None


class QuorumOut(Schema):
    seats_total: int
    seats_present: int
    required: int = Field(description="Maioria absoluta: mais da metade das cadeiras.")
    reached: bool


class MeetingOut(Schema):
    id: int
    date: dt.date
    starts_at: dt.datetime
    kind: str
    place: str
    quorum: QuorumOut
    has_minutes: bool
    minutes_approved_on: dt.date | None


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    attending_mandates: list[int]


class ResolutionOut(Schema):
    id: int
    number: int
    year: int
    issued_on: dt.date
    summary: str
    link: str
    meeting: int | None


class CouncilDetailOut(CouncilBase):
    seat_counts: SeatCountOut = Field(description="Quantas cadeiras de cada segmento.")
    seats: list[SeatOut] = Field(description="As cadeiras, com titular e suplente em vigor hoje.")
    meetings: list[MeetingOut]
    resolutions: list[ResolutionOut]


class CouncilIn(Schema):
    name: str
    uf: str = Field(description="UF do estado do conselho.")
    municipality: int | None = Field(None, description="Código IBGE; vazio para estadual.")
    legal_basis: str
    policy_area: str
    acronym: str = ""
    requires_parity: bool = True
    organization: int | None = Field(None, description="Id do cadastro do conselho no registro.")


class CouncilFilters(Schema):
    uf: str = Field("", max_length=2)
    municipality: str = Field("", max_length=7, description="Código IBGE do município.")
    policy_area: str = Field("", max_length=120)
    q: str = Field("", max_length=100, description="Nome ou sigla (sem diferenciar acentos).")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class MeetingIn(Schema):
    starts_at: dt.datetime
    kind: CouncilMeeting.Kind = CouncilMeeting.Kind.ORDINARY
    agenda: str = Field(..., max_length=4000)
    place: str = Field("", max_length=200)
    attending_mandates: list[int] = Field(default_factory=list, max_length=200)
    minutes: str = Field("", max_length=20000)
    minutes_approved_on: dt.date | None = None


def _row(council) -> dict:
    parity = services.parity(council)
    m = council.municipality
    return {
        "id": council.pk,
        "name": council.name,
        "acronym": council.acronym,
        "uf": council.state.uf,
        "municipality": m.name if m else None,
        "municipality_code": m.ibge if m else None,
        "policy_area": council.policy_area,
        "legal_basis": council.legal_basis,
        "requires_parity": council.requires_parity,
        "seats": {"government": parity.government, "civil_society": parity.civil_society},
        "parity": parity.balanced,
    }


def _holder(mandate) -> dict | None:
    if mandate is None:
        return None
    return {
        "id": mandate.pk,
        "name": mandate.person_name,
        "starts_on": mandate.starts_on,
        "ends_on": mandate.ends_on,
    }


def _meeting(meeting, detail=False) -> dict:
    q = services.meeting_quorum(meeting)
    data = {
        "id": meeting.pk,
        "date": services.meeting_day(meeting),
        "starts_at": meeting.starts_at,
        "kind": meeting.kind,
        "place": meeting.place,
        "quorum": {
            "seats_total": q.seats_total,
            "seats_present": q.seats_present,
            "required": q.required,
            "reached": q.reached,
        },
        "has_minutes": bool(meeting.minutes),
        "minutes_approved_on": meeting.minutes_approved_on,
    }
    if detail:
        data["agenda"] = meeting.agenda
        data["minutes"] = meeting.minutes
        data["attending_mandates"] = sorted(
            meeting.attendances.values_list("mandate_id", flat=True)
        )
    return data


def _seat(h) -> dict:
    org = h.seat.organization
    return {
        "id": h.seat.pk,
        "segment": h.seat.segment,
        "label": h.seat.label,
        "organization": {"id": org.pk, "name": org.name, "cnpj": org.cnpj} if org else None,
        "titular": _holder(h.titular),
        "alternate": _holder(h.alternate),
    }


@router.get("/councils", response={200: list[CouncilOut], 422: InvalidOut}, summary="Conselhos")
def list_councils(request, filters: Query[CouncilFilters]):
    if filters.municipality and not filters.municipality.isdigit():
        raise FieldError("municipality", _("Informe o código IBGE do município."))
    found = queries.filter_councils(
        uf=filters.uf,
        municipality=filters.municipality,
        policy_area=filters.policy_area,
        q=filters.q,
    )
    return [_row(c) for c in found[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/councils/{council_id}",
    response={200: CouncilDetailOut, 404: ProblemOut},
    summary="Um conselho: cadeiras com titular e suplente, reuniões com quórum, resoluções",
)
def get_council(request, council_id: int):
    council = get_object_or_404(queries.public_councils(), pk=council_id)
    seats = council.seats.select_related("organization").prefetch_related("mandates")
    row = _row(council)
    return {
        **row,
        "seat_counts": row["seats"],
        "seats": [_seat(h) for h in services.seat_holders(seats, timezone.localdate())],
        "meetings": [_meeting(m) for m in council.meetings.all()],
        "resolutions": [
            {
                "id": r.pk,
                "number": r.number,
                "year": r.year,
                "issued_on": r.issued_on,
                "summary": r.summary,
                "link": r.link,
                "meeting": r.meeting_id,
            }
            for r in council.resolutions.all()
        ],
    }


def _refusal(exc: DjangoValidationError) -> JsonResponse:
    pairs = (
        [
            (BODY_FIELDS.get(field, field), message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        if hasattr(exc, "error_dict")
        else [("__all__", m) for m in exc.messages]
    )
    return JsonResponse(error_body(pairs), status=422)


@router.post(
    "/councils/{council_id}/meetings",
    auth=TokenAuth(),
    response={201: MeetingDetailOut, **ERRORS},
    summary="Registrar uma reunião, com presenças e ata (quem gerencia o conselho)",
)
def create_meeting(request, council_id: int, data: MeetingIn):
    council = get_object_or_404(queries.public_councils(), pk=council_id)
    if not queries.may_manage_council(request.auth, council):
        raise HttpError(403, _("Você não gerencia este conselho."))
    starts_at = data.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    problems = meeting_services.attendance_errors(
        council, timezone.localdate(starts_at), data.attending_mandates
    )
    if problems:
        return JsonResponse(
            error_body([(f"attending_mandates.{i}", m) for i, m in problems.items()]),
            status=422,
        )
    try:
        meeting = meeting_services.record_meeting(
            by=request.auth,
            council=council,
            kind=data.kind,
            starts_at=starts_at,
            agenda=data.agenda,
            place=data.place,
            mandate_ids=data.attending_mandates,
            minutes=data.minutes,
            minutes_approved_on=data.minutes_approved_on,
        )
    except DjangoValidationError as exc:
        return _refusal(exc)
    return HttpStatus(201, _meeting(meeting, detail=True))


def organization_or_error(pk: int | None, field: str = "organization"):
    """The registry organization a body names, or a 422 naming `field`."""
    if pk is None:
        return None
    found = Organization.objects.filter(pk=pk).first()
    if found is None:
        raise FieldError(field, _("Organização não encontrada no registro."))
    return found


@router.post(
    "/councils",
    auth=TokenAuth(),
    response={201: CouncilOut, **ERRORS},
    summary="Cadastrar um conselho (equipe do estado)",
)
@answers_refusals()
def create_council(request, data: CouncilIn):
    state = State.objects.filter(uf=data.uf.strip().upper()).first()
    if state is None:
        raise FieldError("uf", _("UF desconhecida."))
    municipality = None
    if data.municipality is not None:
        municipality = Municipality.objects.filter(pk=data.municipality).first()
        if municipality is None or municipality.state_id != state.pk:
            raise FieldError("municipality", _("Município não encontrado neste estado."))
    council = services.create_council(
        by=request.auth,
        name=data.name,
        state=state,
        municipality=municipality,
        legal_basis=data.legal_basis,
        policy_area=data.policy_area,
        acronym=data.acronym,
        requires_parity=data.requires_parity,
        organization=organization_or_error(data.organization),
    )
    return HttpStatus(201, _row(council))
