"""Agenda API: the reach of a state's technical support in a year (item 10), the same figures
as the dashboard /agenda/gestao/alcance/ (apoia.agenda.queries_reach). Staff tokens only (the
agenda staff of the state; admins everywhere): 401 without a token, 403 for a token that is
no agenda staff's, 404 for a state outside the caller's, 422 naming `uf` or `year`."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from apoia.agenda import queries, queries_reach
from apoia.agenda.forms_reach import YEAR_MAX, YEAR_MIN
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import State

router = Router(tags=["agenda: alcance"], auth=TokenAuth())
answers = answers_refusals()


class BreakdownOut(Schema):
    key: int | None = Field(description="Id do eixo ou da estratégia, ou o mês (1–12).")
    label: str
    planned: int
    held: int


class TotalsOut(Schema):
    planned: int
    held: int


class PlannedOut(Schema):
    totals: TotalsOut
    by_axis: list[BreakdownOut]
    by_strategy: list[BreakdownOut]
    by_month: list[BreakdownOut]


class MunicipalityOut(Schema):
    ibge: int
    name: str
    registrations: int
    attendances: int
    events: int = Field(description="Eventos distintos com presença.")
    appointments: int
    visits: int
    reached: bool


class PlaceOut(Schema):
    ibge: int
    name: str


class NeverReachedOut(Schema):
    count: int
    municipalities: list[PlaceOut]


class EventRatingOut(Schema):
    id: int
    title: str
    start: dt.datetime
    average: float = Field(description="Média de 1 a 5, com uma casa decimal.")
    count: int


class CommentOut(Schema):
    text: str
    event: int
    event_title: str
    at: dt.datetime


class SatisfactionOut(Schema):
    average: float | None
    count: int
    events: list[EventRatingOut]
    comments: list[CommentOut]


class ReachOut(Schema):
    uf: str
    year: int
    planned: PlannedOut
    participation: list[MunicipalityOut]
    never_reached: NeverReachedOut
    satisfaction: SatisfactionOut


@router.get(
    "/agenda/reach",
    response={200: ReachOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: InvalidOut},
    summary="Alcance do apoio técnico de um estado em um ano",
)
@answers
def reach(
    request,
    uf: str = Query("", max_length=2, description="UF; padrão: o primeiro estado do chamador."),
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="Padrão: o ano atual."),
):
    if not queries.is_agenda_staff(request.auth):
        raise PermissionDenied(_("Só a equipe da agenda dos estados usa esta API."))
    if uf and not State.objects.filter(uf=uf.upper()).exists():
        raise FieldError("uf", _("UF desconhecida."))
    state = queries_reach.reach_state_for(request.auth, uf)
    now = timezone.now()
    if year is None:
        year = now.astimezone(ZoneInfo(state.timezone)).year
    rows = queries_reach.participation(state, year, now)
    never = queries_reach.never_reached(rows)
    feeling = queries_reach.satisfaction(state, year)
    return {
        "uf": state.uf,
        "year": year,
        "planned": queries_reach.held_versus_planned(state, year, now),
        "participation": rows,
        "never_reached": {
            "count": len(never),
            "municipalities": [{"ibge": r["ibge"], "name": r["name"]} for r in never],
        },
        "satisfaction": {
            "average": feeling["average"],
            "count": feeling["count"],
            "events": feeling["events"],
            "comments": [
                {
                    "text": c["text"],
                    "event": c["event_id"],
                    "event_title": c["event"],
                    "at": c["at"],
                }
                for c in feeling["comments"]
            ],
        },
    }
