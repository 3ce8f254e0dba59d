"""Councils, for those who manage them (the state's staff and the council's own
secretariat): `POST /councils/{id}/seats`, `POST /councils/seats/{id}/mandates`,
`PATCH /councils/mandates/{id}` and `POST /councils/{id}/resolutions`. (`POST /councils` is
beside `GET /councils` in society_councils: one path is one route.) The same services as
the forms of /conselhos/: 403 for who may not, 422 naming the field."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.api.routers.society_councils import OrganizationRefOut, organization_or_error
from apoia.society import queries_councils as queries
from apoia.society import services_councils as services
from apoia.society import services_councils_meetings as meeting_services
from apoia.society.models.councils import Mandate, Seat

router = Router(tags=["sociedade civil: conselhos"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: InvalidOut}


class SeatIn(Schema):
    segment: str = Field(description="government ou civil_society.")
    label: str
    organization: int | None = Field(None, description="Só para cadeiras da sociedade civil.")
    order: int | None = None


class SeatCreatedOut(Schema):
    id: int
    segment: str
    label: str
    organization: OrganizationRefOut | None


class MandateIn(Schema):
    role: str = Field(description="titular ou alternate.")
    person_name: str
    starts_on: dt.date
    ends_on: dt.date
    person_email: str = ""
    act: str = ""


class MandateOut(Schema):
    id: int
    seat: int
    role: str
    person_name: str
    starts_on: dt.date
    ends_on: dt.date
    act: str


def _mandate(mandate) -> dict:
    return {
        "id": mandate.pk,
        "seat": mandate.seat_id,
        "role": mandate.role,
        "person_name": mandate.person_name,
        "starts_on": mandate.starts_on,
        "ends_on": mandate.ends_on,
        "act": mandate.act,
    }


class ResolutionIn(Schema):
    number: int
    issued_on: dt.date
    summary: str
    year: int | None = None
    link: str = ""
    meeting: int | None = Field(None, description="Id da reunião que a aprovou.")


class ResolutionOut(Schema):
    id: int
    number: int
    year: int
    issued_on: dt.date
    summary: str
    link: str
    meeting: int | None


@router.post(
    "/councils/{council_id}/seats",
    auth=TokenAuth(),
    response={201: SeatCreatedOut, **ERRORS},
    summary="Criar uma cadeira do conselho",
)
@answers_refusals()
def create_seat(request, council_id: int, data: SeatIn):
    council = get_object_or_404(queries.public_councils(), pk=council_id)
    seat = services.add_seat(
        by=request.auth,
        council=council,
        segment=data.segment,
        label=data.label,
        organization=organization_or_error(data.organization),
        order=data.order,
    )
    org = seat.organization
    return HttpStatus(
        201,
        {
            "id": seat.pk,
            "segment": seat.segment,
            "label": seat.label,
            "organization": {"id": org.pk, "name": org.name, "cnpj": org.cnpj} if org else None,
        },
    )


@router.post(
    "/councils/seats/{seat_id}/mandates",
    auth=TokenAuth(),
    response={201: MandateOut, **ERRORS},
    summary="Registrar o mandato de um(a) titular ou suplente",
)
@answers_refusals()
def create_mandate(request, seat_id: int, data: MandateIn):
    seat = get_object_or_404(Seat.objects.select_related("council"), pk=seat_id)
    mandate = services.add_mandate(
        by=request.auth,
        seat=seat,
        role=data.role,
        person_name=data.person_name,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        person_email=data.person_email,
        act=data.act,
    )
    return HttpStatus(201, _mandate(mandate))


class MandatePatchIn(Schema):
    role: str | None = None
    person_name: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    person_email: str | None = None
    act: str | None = None


@router.patch(
    "/councils/mandates/{mandate_id}",
    auth=TokenAuth(),
    response={200: MandateOut, **ERRORS},
    summary="Corrigir um mandato (os campos omitidos ficam como estão)",
)
@answers_refusals()
def edit_mandate(request, mandate_id: int, data: MandatePatchIn):
    mandate = get_object_or_404(Mandate.objects.select_related("seat"), pk=mandate_id)
    given = data.dict(exclude_unset=True)
    fields = {
        name: given.get(name, getattr(mandate, name))
        for name in ("role", "person_name", "starts_on", "ends_on", "person_email", "act")
    }
    mandate = services.edit_mandate(by=request.auth, mandate=mandate, **fields)
    return _mandate(mandate)


@router.post(
    "/councils/{council_id}/resolutions",
    auth=TokenAuth(),
    response={201: ResolutionOut, **ERRORS},
    summary="Registrar uma resolução do conselho",
)
@answers_refusals()
def create_resolution(request, council_id: int, data: ResolutionIn):
    council = get_object_or_404(queries.public_councils(), pk=council_id)
    meeting = None
    if data.meeting is not None:
        meeting = council.meetings.filter(pk=data.meeting).first()
        if meeting is None:
            raise FieldError("meeting", _("A reunião não é deste conselho."))
    resolution = meeting_services.add_resolution(
        by=request.auth,
        council=council,
        number=data.number,
        year=data.year,
        issued_on=data.issued_on,
        summary=data.summary,
        link=data.link,
        meeting=meeting,
    )
    return HttpStatus(
        201,
        {
            "id": resolution.pk,
            "number": resolution.number,
            "year": resolution.year,
            "issued_on": resolution.issued_on,
            "summary": resolution.summary,
            "link": resolution.link,
            "meeting": resolution.meeting_id,
        },
    )
