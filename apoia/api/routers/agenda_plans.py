"""Agenda API: the annual technical-support plans. Public: a plan is an act published in the
state's gazette. The planned-versus-done figures are those of the page, the PDF and the XLSX
(apoia.agenda.queries_plan.execution)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from apoia.agenda import queries
from apoia.agenda.queries_plan import execution
from apoia.api.errors import FieldError
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import State

router = Router(tags=["agenda: planos"])


class PlanEntryOut(Schema):
    axis: str = Field(description="Nome do eixo temático.")
    strategy: str = Field(description="Nome da estratégia de apoio técnico.")
    modality: str = Field(description="in_person, online ou hybrid.")
    title: str
    unit: str | None = Field(description="Sigla (ou nome) da unidade responsável.")
    months: list[int] = Field(description="Meses previstos (1–12).")
    status: str = Field(description="planned, scheduled, done ou cancelled.")
    cancel_reason: str


class SupportPlanOut(Schema):
    uf: str
    year: int
    title: str
    act: str = Field(description="Ato de aprovação, ex.: Resolução CIB/SUAS/MT nº 02/2022.")
    act_date: dt.date | None
    act_url: str
    entries: list[PlanEntryOut]


class FiguresOut(Schema):
    total: int
    planned: int
    scheduled: int
    done: int
    cancelled: int
    percent_done: float | None = Field(
        description="Realizadas sobre as não canceladas, em %; null sem ações contadas."
    )
    events_held: int = Field(description="Eventos publicados das ações que já terminaram.")


class StrategyFiguresOut(FiguresOut):
    strategy: str


class AxisFiguresOut(FiguresOut):
    axis: str
    strategies: list[StrategyFiguresOut]


class MonthFiguresOut(FiguresOut):
    month: int


class ExecutionOut(Schema):
    uf: str
    year: int
    act: str
    total: FiguresOut
    axes: list[AxisFiguresOut]
    strategies: list[StrategyFiguresOut]
    months: list[MonthFiguresOut]


class PlanFilters(Schema):
    uf: str = Field("", max_length=2, description="Sigla do estado (ex.: MT).")
    year: int | None = Field(None, ge=2000, le=2100)


def _unit(entry) -> str | None:
    if not entry.unit_id:
        return None
    return entry.unit.acronym or entry.unit.name


def _plan(plan) -> dict:
    entries = plan.entries.select_related("axis", "strategy", "unit").order_by("order", "pk")
    return {
        "uf": plan.state.uf,
        "year": plan.year,
        "title": plan.title,
        "act": plan.act,
        "act_date": plan.act_date,
        "act_url": plan.act_url,
        "entries": [
            {
                "axis": e.axis.name,
                "strategy": e.strategy.name,
                "modality": e.modality,
                "title": e.title,
                "unit": _unit(e),
                "months": list(e.months or ()),
                "status": e.status,
                "cancel_reason": e.cancel_reason,
            }
            for e in entries
        ],
    }


@router.get(
    "/support-plans",
    response={200: list[SupportPlanOut], 422: InvalidOut},
    summary="Planos de apoio técnico",
)
def list_plans(request, filters: Query[PlanFilters]):
    """Os planos anuais de apoio técnico, por estado e ano, com as suas ações."""
    qs = queries.plans_visible().order_by("state__uf", "-year")
    if filters.uf:
        uf = filters.uf.upper()
        if not State.objects.filter(uf=uf).exists():
            raise FieldError("uf", _("Estado desconhecido; use a sigla, ex.: MT."))
        qs = qs.filter(state__uf=uf)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return [_plan(plan) for plan in qs]


@router.get(
    "/support-plans/{uf}/{year}/execution",
    response={200: ExecutionOut, 404: ProblemOut, 422: InvalidOut},
    summary="Planejado e realizado de um plano",
)
def plan_execution(request, uf: str, year: int):
    """Ações por situação e eventos realizados: no total, por eixo (e estratégia dentro do
    eixo), por estratégia e por mês previsto."""
    return execution(queries.get_plan(uf, year)).as_dict()
