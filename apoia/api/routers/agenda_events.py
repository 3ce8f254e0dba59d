"""Agenda API: events. The same services and rules as the pages (apoia.agenda.services.events
and .validation).

Reading is public: only public events (published, and cancelled after publication) unless a
token's owner may see more (the staff of the state, the NEEP). Writing needs a staff token
(the NEEP's for approving and returning): an event out of the caller's sight answers 404, an
action the caller may not take 403, a status that does not allow it 409, a bad field 422 with
its path. Times are ISO 8601 with the offset of the event's state."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import Organization, OrgUnit
from apoia.accounts.services import authenticate_token
from apoia.agenda import queries, queries_participation
from apoia.agenda.models import Axis, Event, EventType, Modality, PlanEntry
from apoia.agenda.services import events as services
from apoia.agenda.services import participation, validation
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import Municipality, State

router = Router(tags=["agenda: eventos"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(services.EventTransitionError)
MAX_LIMIT = 200


class EventOut(Schema):
    id: int
    title: str
    type: str
    modality: str = Field(description="in_person, online ou hybrid.")
    start: dt.datetime
    end: dt.datetime
    workload_hours: float
    place: str
    url: str
    axis: str | None = Field(description="Identificador do eixo (slug).")
    series: int | None
    status: str
    uf: str
    registration_open: bool
    places_left: int | None = Field(description="Vagas livres; null quando não há limite.")


class PhaseOut(Schema):
    id: int
    program: str
    name: str


class AudienceOut(Schema):
    municipalities: list[int] = Field(description="Códigos IBGE; vazio = todo o estado.")
    roles: str


class ParticipantOut(Schema):
    id: int
    cnpj: str
    name: str
    municipality: int = Field(description="Código IBGE.")


class EventDetailOut(EventOut):
    theme: str
    programme: str
    description: str
    unit: str
    audience: AudienceOut
    plan_entry: int | None
    phase: PhaseOut | None
    capacity: int | None
    registration_closes: dt.datetime | None
    published_at: dt.datetime | None
    validated_at: dt.datetime | None
    cancel_reason: str
    minutes: str = Field(description="Ata (audiências públicas e fóruns).")
    organizations: list[ParticipantOut] = Field(
        description="Organizações que participaram (audiências públicas e fóruns)."
    )


class EventFilters(Schema):
    from_: dt.date | None = Field(None, alias="from", description="Eventos a partir desta data.")
    to: dt.date | None = Field(None, description="Eventos até esta data (inclusive).")
    type: EventType | None = None
    modality: Modality | None = None
    axis: str = Field("", description="Identificador do eixo (slug).")
    program: str = Field("", description="Identificador do programa (slug).")
    uf: str = Field("", max_length=2)
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"No máximo {MAX_LIMIT}.")
    offset: int = Field(0, ge=0)


class EventIn(Schema):
    uf: str = Field(max_length=2)
    unit: str = Field(description="Identificador (slug) da unidade responsável.")
    title: str = Field(max_length=250)
    type: EventType
    modality: Modality
    start: dt.datetime = Field(description="Sem fuso: lido no fuso do estado.")
    end: dt.datetime
    workload_hours: Decimal = Field(max_digits=5, decimal_places=1)
    theme: str = Field("", max_length=300)
    programme: str = Field("", max_length=8000)
    description: str = Field("", max_length=8000)
    place: str = Field("", max_length=300)
    url: str = Field("", max_length=500)
    audience_municipalities: list[int] = Field(default_factory=list, max_length=200)
    audience_roles: str = Field("", max_length=300)
    axis: str = Field("", description="Identificador (slug) do eixo do estado.")
    plan_entry: int | None = None
    phase: int | None = None
    capacity: int | None = Field(None, ge=1)
    registration_closes: dt.datetime | None = None


class CommentIn(Schema):
    comment: str = Field("", max_length=4000)


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


def _caller(request):
    """The token's owner when a token is sent (a bad one answers 401); else the session's."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        user = authenticate_token(header[7:].strip())
        if user is None:
            raise AuthenticationError
        return user
    return getattr(request, "user", None) or AnonymousUser()


def _local(event: Event, moment):
    return timezone.localtime(moment, ZoneInfo(event.state.timezone)) if moment else None


def _row(event: Event, now) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "type": event.type,
        "modality": event.modality,
        "start": _local(event, event.start),
        "end": _local(event, event.end),
        "workload_hours": float(event.workload_hours),
        "place": event.place if event.shows_place else "",
        "url": event.url if event.shows_link else "",
        "axis": event.axis.slug if event.axis_id else None,
        "series": event.series_id,
        "status": event.status,
        "uf": event.state.uf,
        "registration_open": queries.registration_open(event, now),
        "places_left": queries.places_left(event),
    }


def _detail(event: Event) -> dict:
    event = Event.objects.select_related("state", "unit", "axis", "phase__program").get(pk=event.pk)
    phase = event.phase
    return {
        **_row(event, timezone.now()),
        "theme": event.theme,
        "programme": event.programme,
        "description": event.description,
        "unit": event.unit.slug,
        "audience": {
            "municipalities": sorted(event.audience_municipalities.values_list("pk", flat=True)),
            "roles": event.audience_roles,
        },
        "plan_entry": event.plan_entry_id,
        "phase": {"id": phase.pk, "program": phase.program.slug, "name": phase.name}
        if phase
        else None,
        "capacity": event.capacity,
        "registration_closes": _local(event, event.registration_closes),
        "published_at": _local(event, event.published_at),
        "validated_at": _local(event, event.validated_at),
        "cancel_reason": event.cancel_reason,
        "minutes": event.minutes,
        "organizations": [
            {"id": o.pk, "cnpj": o.cnpj, "name": o.name, "municipality": o.municipality_id}
            for o in queries_participation.participating_organizations(event)
        ]
        if participation.records_participation(event)
        else [],
    }


@router.get(
    "/events",
    response={200: list[EventOut], 422: InvalidOut},
    summary="Eventos públicos da agenda",
)
def list_events(request, filters: Query[EventFilters]):
    """Eventos publicados (e os cancelados depois de publicados, com `status: cancelled`), em
    ordem de início. `from`/`to` são datas (AAAA-MM-DD) no fuso de cada estado; a página tem
    `limit` eventos (até 200) a partir de `offset`."""
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise FieldError("to", _("A data final deve ser igual ou posterior à inicial."))
    qs = queries.public_events().select_related("state", "axis")
    if filters.uf:
        qs = qs.filter(state__uf=filters.uf.upper())
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.modality:
        qs = qs.filter(modality=filters.modality)
    if filters.axis:
        qs = qs.filter(axis__slug=filters.axis)
    if filters.program:
        qs = qs.filter(phase__program__slug=filters.program)
    # A day's margin each side, then the exact local date: states differ in their zones.
    if filters.from_:
        since = dt.datetime.combine(filters.from_ - dt.timedelta(days=1), dt.time(), dt.UTC)
        qs = qs.filter(start__gte=since)
    if filters.to:
        until = dt.datetime.combine(filters.to + dt.timedelta(days=2), dt.time(), dt.UTC)
        qs = qs.filter(start__lt=until)
    now = timezone.now()
    qs = qs.order_by("start", "pk")
    if not (filters.from_ or filters.to):
        page = qs[filters.offset : filters.offset + filters.limit]
        return [_row(event, now) for event in page]
    rows = []
    for event in qs:
        day = _local(event, event.start).date()
        if (filters.from_ and day < filters.from_) or (filters.to and day > filters.to):
            continue
        rows.append(event)
    page = rows[filters.offset : filters.offset + filters.limit]
    return [_row(event, now) for event in page]


@router.get(
    "/events/{pk}",
    response={200: EventDetailOut, 401: ProblemOut, 404: ProblemOut},
    summary="Um evento",
)
def get_event(request, pk: int):
    """Um evento público; rascunhos e eventos em validação só com o token de quem os vê
    (equipe do estado, NEEP)."""
    return _detail(queries.get_event_for(_caller(request), pk))


def _one(model, field: str, message: str, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise FieldError(field, message)
    return found


def _as_local(value: dt.datetime | None, state) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return value.replace(tzinfo=ZoneInfo(state.timezone))


@router.post(
    "/events",
    auth=TokenAuth(),
    response={201: EventDetailOut, **ERRORS},
    summary="Criar um evento (rascunho)",
)
@answers
def create_event(request, data: EventIn):
    """Cria o evento em rascunho. Depois: `submit` (ao NEEP) — ou, nos tipos que não passam
    pelo NEEP (visita técnica, reunião de monitoramento), a publicação pela página."""
    state = _one(State, "uf", _("Estado não encontrado."), uf=data.uf.upper())
    unit = _one(OrgUnit, "unit", _("Unidade não encontrada."), slug=data.unit)
    axis = (
        _one(Axis, "axis", _("Eixo não encontrado neste estado."), slug=data.axis, state=state)
        if data.axis
        else None
    )
    entry = (
        _one(PlanEntry, "plan_entry", _("Ação do plano não encontrada."), pk=data.plan_entry)
        if data.plan_entry
        else None
    )
    Phase = apps.get_model("programs", "Phase")
    phase = _one(Phase, "phase", _("Fase não encontrada."), pk=data.phase) if data.phase else None
    invited = list(Municipality.objects.filter(pk__in=data.audience_municipalities))
    if len(invited) != len(set(data.audience_municipalities)):
        raise FieldError("audience_municipalities", _("Município não encontrado (código IBGE)."))
    event = services.create_event(
        by=request.auth,
        state=state,
        unit=unit,
        title=data.title,
        type=data.type,
        modality=data.modality,
        start=_as_local(data.start, state),
        end=_as_local(data.end, state),
        workload_hours=data.workload_hours,
        theme=data.theme,
        programme=data.programme,
        description=data.description,
        place=data.place,
        url=data.url,
        audience_municipalities=invited,
        audience_roles=data.audience_roles,
        axis=axis,
        plan_entry=entry,
        phase=phase,
        capacity=data.capacity,
        registration_closes=_as_local(data.registration_closes, state),
    )
    return HttpStatus(201, _detail(event))


@router.post(
    "/events/{pk}/submit",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Enviar o tema ao NEEP",
)
@answers
def submit(request, pk: int):
    event = queries.get_event_for(request.auth, pk)
    return _detail(validation.submit_for_validation(event, by=request.auth))


@router.post(
    "/events/{pk}/publish",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Publicar um evento que não passa pelo NEEP (visita técnica, reunião de monitoramento)",
)
@answers
def publish(request, pk: int):
    """Os demais tipos são publicados só pela aprovação do NEEP (409)."""
    event = queries.get_event_for(request.auth, pk)
    return _detail(services.publish(event, by=request.auth))


@router.post(
    "/events/{pk}/approve",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Aprovar o tema (NEEP): o evento é publicado",
)
@answers
def approve(request, pk: int):
    event = queries.get_event_for(request.auth, pk)
    return _detail(validation.approve(event, by=request.auth))


@router.post(
    "/events/{pk}/return",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Devolver o evento à equipe, com comentário (NEEP)",
)
@answers
def return_event(request, pk: int, data: CommentIn):
    event = queries.get_event_for(request.auth, pk)
    return _detail(validation.return_event(event, by=request.auth, comment=data.comment))


@router.post(
    "/events/{pk}/cancel",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Cancelar o evento, com o motivo",
)
@answers
def cancel(request, pk: int, data: ReasonIn):
    event = queries.get_event_for(request.auth, pk)
    return _detail(services.cancel_event(event, by=request.auth, reason=data.reason))


class ParticipationIn(Schema):
    minutes: str = Field("", max_length=20000)
    organizations: list[int] = Field(
        default_factory=list, description="Ids das organizações do cadastro que participaram."
    )


@router.post(
    "/events/{pk}/participation",
    auth=TokenAuth(),
    response={200: EventDetailOut, **ERRORS},
    summary="Registrar a ata e as organizações participantes (audiência pública, fórum)",
)
@answers
def record_participation(request, pk: int, data: ParticipationIn):
    event = queries.get_event_for(request.auth, pk)
    wanted = set(data.organizations)
    found = list(Organization.objects.select_related("municipality").filter(pk__in=wanted))
    missing = wanted - {o.pk for o in found}
    if missing:
        raise FieldError(
            "organizations", _("Organização não encontrada: %(id)s.") % {"id": min(missing)}
        )
    return _detail(
        participation.record_participation(
            event, by=request.auth, minutes=data.minutes, organizations=found
        )
    )
