"""Agenda API: technical visits from indicators (art. 9º). Staff tokens only (the agenda staff
of the state; admins everywhere): anyone else gets 403 on the lists and 404 on an object.
The same services as the pages (apoia.agenda.services.visits): a proposal from a saved
priority list (`ranking`) or a criticality rule (`rule.indicator`), grouped into trips; each
proposed visit accepted (a published `visita_tecnica` event), dropped with a reason or moved;
the report after the visit, whose recommendations become follow-up tasks. 409 when the visit
was already decided or the report written, 422 with the field path (e.g.
"recommendations.0.due")."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit, User
from apoia.agenda import queries
from apoia.agenda.models import VisitPlan, VisitProposal
from apoia.agenda.services import visits as services
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import State

router = Router(tags=["agenda: visitas técnicas"], auth=TokenAuth())
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(services.ProposalClosed)


class VisitOut(Schema):
    id: int
    municipality: int = Field(description="Código IBGE.")
    name: str
    rank: int
    trip: int
    stop: int
    reasons: list[str]
    status: str = Field(description="proposed, accepted ou dropped.")
    drop_reason: str
    event: int | None


class TripOut(Schema):
    number: int
    km: float | None = Field(description="Ida e volta a partir da capital, em linha reta.")
    visits: list[VisitOut]


class PlanRowOut(Schema):
    id: int
    uf: str
    year: int
    title: str
    source: str
    ranking: int | None
    created_at: dt.datetime


class PlanOut(PlanRowOut):
    parameters: dict
    trips: list[TripOut]


class RuleIn(Schema):
    indicator: str = Field(description="Código do indicador com regras de criticidade ativas.")
    period: int | None = None


class PlanIn(Schema):
    uf: str = Field(max_length=2)
    year: int
    ranking: int | None = Field(None, description="Id de uma lista de prioridade salva.")
    rule: RuleIn | None = None
    count: int = 10
    max_stops: int = 4
    max_km: float | None = None
    title: str = Field("", max_length=200)


class AcceptIn(Schema):
    date: dt.date
    unit: str = Field(description="Identificador (slug) da unidade responsável.")
    start: dt.time = dt.time(8)
    end: dt.time = dt.time(17)
    technician: str = Field("", max_length=200, description="Nomes da equipe.")


class DropIn(Schema):
    reason: str = Field(max_length=2000)


class MoveIn(Schema):
    trip: int
    stop: int | None = None


class FindingIn(Schema):
    theme: str = Field(max_length=150)
    text: str = Field(max_length=4000)


class RecommendationIn(Schema):
    text: str = Field(max_length=4000)
    owner_user: str | None = Field(None, description="E-mail da pessoa responsável.")
    owner_unit: str | None = Field(None, description="Identificador (slug) da unidade.")
    due: dt.date | None = None


class ReportIn(Schema):
    people_met: str = Field(max_length=4000)
    summary: str = Field("", max_length=8000)
    findings: list[FindingIn] = []
    recommendations: list[RecommendationIn] = []


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    due: dt.date
    status: str


class ReportOut(Schema):
    id: int
    event: int
    people_met: str
    summary: str
    findings: list[FindingIn]
    tasks: list[TaskOut]


def _visit(p: VisitProposal) -> dict:
    return {
        "id": p.pk,
        "municipality": p.municipality_id,
        "name": p.municipality.name,
        "rank": p.rank,
        "trip": p.trip,
        "stop": p.stop,
        "reasons": p.reasons,
        "status": p.status,
        "drop_reason": p.drop_reason,
        "event": p.event_id,
    }


def _row(plan: VisitPlan) -> dict:
    return {
        "id": plan.pk,
        "uf": plan.state.uf,
        "year": plan.year,
        "title": plan.title,
        "source": plan.parameters.get("source", ""),
        "ranking": plan.ranking_id,
        "created_at": plan.created_at,
    }


def _plan(plan: VisitPlan) -> dict:
    kms = plan.parameters.get("trip_km", {})
    trips: list[dict] = []
    for p in plan.proposals.select_related("municipality").order_by("trip", "stop", "pk"):
        if not trips or trips[-1]["number"] != p.trip:
            trips.append({"number": p.trip, "km": kms.get(str(p.trip)), "visits": []})
        trips[-1]["visits"].append(_visit(p))
    return {**_row(plan), "parameters": plan.parameters, "trips": trips}


def _staff(request) -> None:
    if not queries.is_agenda_staff(request.auth):
        raise PermissionDenied(_("Só a equipe da agenda dos estados usa esta API."))


@router.get(
    "/visit-plans",
    response={200: list[PlanRowOut], 401: ProblemOut, 403: ProblemOut},
    summary="Propostas de visitas técnicas",
)
@answers
def list_plans(request, uf: str = "", year: int | None = None):
    _staff(request)
    qs = queries.visit_plans_visible_to(request.auth).order_by("-year", "-created_at")
    if uf:
        qs = qs.filter(state__uf=uf.upper()[:2])
    if year is not None:
        qs = qs.filter(year=year)
    return [_row(plan) for plan in qs[:200]]


@router.get(
    "/visit-plans/{pk}",
    response={200: PlanOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut},
    summary="Uma proposta: roteiros, municípios, motivos e situação",
)
@answers
def get_plan(request, pk: int):
    _staff(request)
    return _plan(queries.get_visit_plan_for(request.auth, pk))


@router.post(
    "/visit-plans",
    response={201: PlanOut, **ERRORS},
    summary="Propor visitas a partir de uma lista de prioridade ou de uma regra",
)
@answers
def create_plan(request, data: PlanIn):
    from apoia.indicators.models import Indicator, Ranking

    _staff(request)
    state = State.objects.filter(uf=data.uf.upper()).first()
    if state is None:
        raise FieldError("uf", _("UF desconhecida."))
    ranking = indicator = None
    if data.ranking is not None:
        ranking = Ranking.objects.filter(pk=data.ranking).first()
        if ranking is None:
            raise FieldError("ranking", _("Lista de prioridade não encontrada."))
    if data.rule is not None:
        indicator = Indicator.objects.filter(code=data.rule.indicator).first()
        if indicator is None:
            raise FieldError("rule.indicator", _("Indicador desconhecido."))
    plan = services.create_plan(
        state=state,
        year=data.year,
        by=request.auth,
        ranking=ranking,
        indicator=indicator,
        period=data.rule.period if data.rule else None,
        count=data.count,
        max_stops=data.max_stops,
        max_km=data.max_km,
        title=data.title,
    )
    return HttpStatus(201, _plan(plan))


@router.post(
    "/visit-proposals/{pk}/accept",
    response={200: VisitOut, **ERRORS},
    summary="Aceitar uma visita: vira um evento “visita técnica” publicado",
)
@answers
def accept(request, pk: int, data: AcceptIn):
    _staff(request)
    proposal = queries.get_visit_proposal_for(request.auth, pk)
    unit = OrgUnit.objects.filter(slug=data.unit).first()
    if unit is None:
        raise FieldError("unit", _("Unidade não encontrada."))
    done = services.accept(
        proposal,
        by=request.auth,
        day=data.date,
        unit=unit,
        start_time=data.start,
        end_time=data.end,
        technician=data.technician,
    )
    return _visit(done)


@router.post(
    "/visit-proposals/{pk}/drop",
    response={200: VisitOut, **ERRORS},
    summary="Descartar uma visita, com o motivo",
)
@answers
def drop(request, pk: int, data: DropIn):
    _staff(request)
    proposal = queries.get_visit_proposal_for(request.auth, pk)
    return _visit(services.drop(proposal, by=request.auth, reason=data.reason))


@router.post(
    "/visit-proposals/{pk}/move",
    response={200: VisitOut, **ERRORS},
    summary="Mover uma visita para outro roteiro ou outra posição",
)
@answers
def move(request, pk: int, data: MoveIn):
    _staff(request)
    proposal = queries.get_visit_proposal_for(request.auth, pk)
    return _visit(services.move(proposal, by=request.auth, trip=data.trip, stop=data.stop))


@router.post(
    "/visits/{event_id}/report",
    response={201: ReportOut, **ERRORS},
    summary="Relatório da visita; cada recomendação vira uma tarefa de acompanhamento",
)
@answers
def report(request, event_id: int, data: ReportIn):
    _staff(request)
    event = queries.get_visit_event_for(request.auth, event_id)
    recommendations = []
    for n, row in enumerate(data.recommendations):
        owner = {}
        if row.owner_user:
            owner["owner_user"] = User.objects.filter(email__iexact=row.owner_user).first()
            if owner["owner_user"] is None:
                raise FieldError(f"recommendations.{n}.owner_user", _("Pessoa não encontrada."))
        if row.owner_unit:
            owner["owner_unit"] = OrgUnit.objects.filter(slug=row.owner_unit).first()
            if owner["owner_unit"] is None:
                raise FieldError(f"recommendations.{n}.owner_unit", _("Unidade não encontrada."))
        recommendations.append({"text": row.text, "due": row.due, **owner})
    written = services.write_report(
        event,
        by=request.auth,
        people_met=data.people_met,
        summary=data.summary,
        findings=[f.dict() for f in data.findings],
        recommendations=recommendations,
    )
    return HttpStatus(
        201,
        {
            "id": written.pk,
            "event": event.pk,
            "people_met": written.people_met,
            "summary": written.summary,
            "findings": [{"theme": f.theme, "text": f.text} for f in written.findings.all()],
            "tasks": [
                {
                    "id": t.pk,
                    "title": t.title,
                    "owner": t.owner_label,
                    "due": t.due,
                    "status": t.status,
                }
                for t in services.tasks_of(written)
            ],
        },
    )
