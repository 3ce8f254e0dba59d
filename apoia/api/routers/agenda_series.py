"""Agenda API: series of events (e.g. a monthly web series until December). The same services
as the staff pages (apoia.agenda.services.series): creating a series generates its episodes
from an RFC 5545 recurrence rule, as drafts; `send` passes them all to the NEEP (or publishes
those whose type needs no validation); one episode is moved alone with `/events/{id}/move`
and cancelled alone with `/events/{id}/cancel`."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit
from apoia.agenda import queries
from apoia.agenda.models import Axis, EventType, Modality, Series
from apoia.agenda.services import events as event_services
from apoia.agenda.services import series as services
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.agenda_events import EventDetailOut, _detail, _one
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import State

router = Router(tags=["agenda: séries"], auth=TokenAuth())
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(event_services.EventTransitionError)


class SeriesIn(Schema):
    uf: str = Field(max_length=2)
    unit: str = Field(description="Identificador (slug) da unidade responsável.")
    title: str = Field(max_length=200)
    rrule: str = Field(
        max_length=300,
        description="Regra RFC 5545 sem DTSTART, que termina (UNTIL ou COUNT), por exemplo "
        "`FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231`.",
    )
    first_date: dt.date
    start_time: dt.time = Field(description="No fuso do estado.")
    end_time: dt.time
    type: EventType = EventType.WEBSERIE_EPISODE
    modality: Modality = Modality.ONLINE
    workload_hours: Decimal = Field(Decimal("2"), max_digits=5, decimal_places=1)
    description: str = Field("", max_length=8000)
    theme: str = Field("", max_length=300)
    place: str = Field("", max_length=300)
    url: str = Field("", max_length=500)
    axis: str = Field("", description="Identificador (slug) do eixo do estado.")
    phase: int | None = None
    capacity: int | None = Field(None, ge=1)
    audience_roles: str = Field("", max_length=300)


class EpisodeOut(Schema):
    id: int
    title: str
    start: dt.datetime
    end: dt.datetime
    occurrence: dt.date | None
    status: str


class SeriesOut(Schema):
    id: int
    uf: str
    title: str
    rrule: str
    first_date: dt.date
    episodes: list[EpisodeOut]


class MoveIn(Schema):
    start: dt.datetime = Field(description="Sem fuso: lido no fuso do estado do evento.")
    end: dt.datetime


def _series_out(series: Series) -> dict:
    zone = ZoneInfo(series.state.timezone)
    return {
        "id": series.pk,
        "uf": series.state.uf,
        "title": series.title,
        "rrule": series.rrule,
        "first_date": series.first_date,
        "episodes": [
            {
                "id": e.pk,
                "title": e.title,
                "start": e.start.astimezone(zone),
                "end": e.end.astimezone(zone),
                "occurrence": e.occurrence,
                "status": e.status,
            }
            for e in series.episodes.order_by("start", "pk")
        ],
    }


def _managed_series(user, pk: int) -> Series:
    series = get_object_or_404(Series.objects.select_related("state"), pk=pk)
    if not queries.is_agenda_staff(user, series.state_id):
        raise Http404
    return series


@router.post(
    "/series",
    response={201: SeriesOut, **ERRORS},
    summary="Criar uma série e seus episódios (rascunhos) a partir da regra de recorrência",
)
@answers
def create_series(request, data: SeriesIn):
    state = _one(State, "uf", _("Estado não encontrado."), uf=data.uf.upper())
    unit = _one(OrgUnit, "unit", _("Unidade não encontrada."), slug=data.unit)
    axis = (
        _one(Axis, "axis", _("Eixo não encontrado neste estado."), slug=data.axis, state=state)
        if data.axis
        else None
    )
    Phase = apps.get_model("programs", "Phase")
    phase = _one(Phase, "phase", _("Fase não encontrada."), pk=data.phase) if data.phase else None
    if data.end_time <= data.start_time:
        raise FieldError("end_time", _("O término deve ser depois do início."))
    series = services.create_series(
        by=request.auth,
        state=state,
        unit=unit,
        title=data.title,
        rrule=data.rrule,
        first_date=data.first_date,
        start_time=data.start_time,
        end_time=data.end_time,
        modality=data.modality,
        workload_hours=data.workload_hours,
        type=data.type,
        description=data.description,
        theme=data.theme,
        place=data.place,
        url=data.url,
        axis=axis,
        phase=phase,
        capacity=data.capacity,
        audience_roles=data.audience_roles,
    )
    return HttpStatus(201, _series_out(series))


@router.get(
    "/series/{pk}", response={200: SeriesOut, **ERRORS}, summary="Uma série e seus episódios"
)
def get_series(request, pk: int):
    """A série com todos os episódios, para a equipe da agenda do estado (404 para os demais;
    o público vê os episódios publicados em `/events`)."""
    return _series_out(_managed_series(request.auth, pk))


@router.post(
    "/series/{pk}/send",
    response={200: SeriesOut, **ERRORS},
    summary="Enviar os episódios em rascunho ao NEEP (ou publicá-los, se não precisam)",
)
@answers
def send_series(request, pk: int):
    series = _managed_series(request.auth, pk)
    services.send_episodes(series, by=request.auth)
    return _series_out(series)


@router.post(
    "/events/{pk}/move",
    response={200: EventDetailOut, **ERRORS},
    summary="Mudar a data e o horário de um evento ou de um só episódio",
)
@answers
def move_event(request, pk: int, data: MoveIn):
    """Os demais episódios da série não mudam; o episódio guarda a data que tinha na série
    (`occurrence`). Inscritos são avisados por e-mail."""
    from apoia.api.routers.agenda_events import _as_local

    event = queries.get_event_for(request.auth, pk)
    if not queries.may_manage_event(request.auth, event):
        raise Http404
    moved = services.move_episode(
        event,
        by=request.auth,
        start=_as_local(data.start, event.state),
        end=_as_local(data.end, event.state),
    )
    return _detail(moved)
