"""The Carta de Serviços: /api/v1/services. Same queries as the public pages."""

import datetime as dt

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from apoia.catalog.models import ServiceKind
from apoia.catalog.queries import filter_services, get_service_for, visible_to
from apoia.territory.models import DeadlineUnit

router = Router(tags=["carta de serviços"])

# Schema names are global in the OpenAPI document, hence the Service/Catalog prefixes.


class CatalogThemeOut(Schema):
    slug: str
    name: str


class ServiceDeadlineOut(Schema):
    amount: int
    unit: DeadlineUnit


class ServiceStepOut(Schema):
    order: int
    title: str
    description: str


class ServiceOptionOut(Schema):
    slug: str
    name: str
    description: str


class ServiceContactsOut(Schema):
    email: str
    phone: str
    other: str


class ServiceUnitOut(Schema):
    slug: str
    name: str
    email: str
    phones: str


def _absolute_url(service, context) -> str:
    return context["request"].build_absolute_uri(reverse("catalog:detail", args=[service.slug]))


class ServiceListItemOut(Schema):
    slug: str
    name: str
    kind: ServiceKind
    summary: str
    audiences: list[str]
    themes: list[CatalogThemeOut]
    deadline: ServiceDeadlineOut
    deadline_text: str
    url: str

    @staticmethod
    def resolve_audiences(obj):
        return [audience.name for audience in obj.audiences.all()]

    @staticmethod
    def resolve_themes(obj):
        return list(obj.themes.all())

    @staticmethod
    def resolve_deadline(obj):
        return {"amount": obj.deadline_amount, "unit": obj.deadline_unit}

    @staticmethod
    def resolve_url(obj, context):
        return _absolute_url(obj, context)


class ServiceDetailOut(ServiceListItemOut):
    description: str
    requirements: str
    cost: str
    steps: list[ServiceStepOut]
    options: list[ServiceOptionOut]
    contacts: ServiceContactsOut
    responsible_unit: ServiceUnitOut | None
    allows_public_submission: bool
    allows_anonymous: bool
    legal_basis: str
    channels: str
    state: str
    is_published: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())

    @staticmethod
    def resolve_options(obj):
        return list(obj.options.all())

    @staticmethod
    def resolve_contacts(obj):
        return {"email": obj.contact_email, "phone": obj.contact_phone, "other": obj.contact_info}

    @staticmethod
    def resolve_state(obj):
        return obj.state.uf


class ServiceFilters(Schema):
    q: str = Field("", description="Palavras no nome, resumo ou descrição (sem acentos).")
    audience: str = Field("", description="Identificador do público-alvo.")
    theme: str = Field("", description="Identificador do tema.")
    uf: str = Field("", description="Sigla do estado dono da Carta de Serviços.")


@router.get("/services", response=list[ServiceListItemOut], summary="Serviços")
def list_services(request, filters: Query[ServiceFilters]):
    """Serviços da Carta de Serviços; `q` busca no nome, resumo e descrição, sem acentos."""
    return filter_services(visible_to(request.user), **filters.dict())


@router.get("/services/{slug}", response=ServiceDetailOut, summary="Um serviço")
def get_service(request, slug: str):
    return get_service_for(request.user, slug)
