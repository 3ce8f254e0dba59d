"""API of the organization registry: the public list and detail (never leaders' personal
data) and creation by staff of the organization's state."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import Organization, OrganizationKind, normalize_document
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.society import queries, services_registry
from apoia.society.queries_registry import areas_of, filter_registry
from apoia.territory.models import Municipality

router = Router(tags=["sociedade civil: organizações"])


class OrganizationListOut(Schema):
    cnpj: str | None
    name: str
    kind: str
    municipality: str
    municipality_code: int
    uf: str
    areas: list[str]


class LeaderOut(Schema):
    name: str
    position: str
    mandate_start: dt.date | None
    mandate_end: dt.date | None


class OrganizationDetailOut(OrganizationListOut):
    legal_nature: str
    address: str
    founded_on: dt.date | None
    website: str
    email: str
    phone: str
    leaders: list[LeaderOut]


class OrganizationFilters(Schema):
    municipality: int | None = Field(None, description="Código IBGE do município.")
    kind: OrganizationKind | None = None
    q: str = Field("", max_length=100, description="Nome ou CNPJ; acentos ignorados.")
    uf: str = Field("", pattern="^([A-Za-z]{2})?$")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrganizationKind
    cnpj: str = Field("", max_length=18)
    municipality: int = Field(..., description="Código IBGE do município.")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    legal_nature: str = Field("", max_length=120)
    address: str = Field("", max_length=300)
    founded_on: dt.date | None = None
    website: str = Field("", max_length=200)


def _summary(o: Organization) -> dict:
    return {
        "cnpj": o.cnpj or None,
        "name": o.name,
        "kind": o.kind,
        "municipality": o.municipality.name,
        "municipality_code": o.municipality.ibge,
        "uf": o.municipality.state.uf,
        "areas": areas_of(o),
    }


def _detail(o: Organization) -> dict:
    record = getattr(o, "record", None)
    return {
        **_summary(o),
        "legal_nature": record.legal_nature if record else "",
        "address": record.address if record else "",
        "founded_on": record.founded_on if record else None,
        "website": record.website if record else "",
        "email": o.email,
        "phone": o.phone,
        "leaders": [
            {
                "name": leader.name,
                "position": leader.position,
                "mandate_start": leader.mandate_start,
                "mandate_end": leader.mandate_end,
            }
            for leader in o.leaders.all()
        ],
    }


@router.get("/organizations", response=list[OrganizationListOut], summary="Organizações")
def list_organizations(request, filters: Query[OrganizationFilters]):
    found = filter_registry(
        uf=filters.uf,
        municipality=str(filters.municipality or ""),
        kind=filters.kind or "",
        q=filters.q,
    )
    return [_summary(o) for o in found[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/organizations/{cnpj}",
    response={200: OrganizationDetailOut, 404: ProblemOut},
    summary="Uma organização, pelo CNPJ",
)
def get_organization(request, cnpj: str):
    digits = normalize_document(cnpj)
    o = queries.public_organizations().filter(cnpj=digits).first() if digits else None
    if o is None:
        return HttpStatus(404, {"detail": _("Organização não encontrada.")})
    return _detail(o)


@router.post(
    "/organizations",
    auth=TokenAuth(),
    response={201: OrganizationDetailOut, 403: ProblemOut, 409: ProblemOut, 422: InvalidOut},
    summary="Cadastrar uma organização (equipe do estado)",
)
def create_organization(request, data: OrganizationIn):
    municipality = Municipality.objects.filter(pk=data.municipality).first()
    if municipality is None:
        raise FieldError("municipality", _("Município não encontrado (código IBGE)."))
    if not queries.is_society_staff(request.auth, municipality.state_id):
        return HttpStatus(403, {"detail": _("Você não gerencia as organizações deste estado.")})
    digits = normalize_document(data.cnpj)
    if digits and Organization.objects.filter(cnpj=digits).exists():
        return HttpStatus(409, {"detail": _("Já existe uma organização com este CNPJ.")})
    fields = data.dict(exclude={"municipality"})
    try:
        o = services_registry.create_organization(
            by=request.auth, municipality=municipality, **fields
        )
    except ValidationError as error:
        pairs = (
            [(f, m) for f, ms in error.message_dict.items() for m in ms]
            if hasattr(error, "error_dict")
            else [("__all__", m) for m in error.messages]
        )
        field, message = pairs[0]
        raise FieldError(field, message) from None
    o = queries.public_organizations().get(pk=o.pk)
    return HttpStatus(201, _detail(o))
