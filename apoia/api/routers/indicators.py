"""Indicators: /api/v1/indicators and /api/v1/rankings, over the indicators app's queries.

Public and read-only (open data), except that POST /rankings computes without saving.
"""

import csv
import io
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.errors import FieldError
from apoia.indicators import maps, queries
from apoia.indicators.criticality import critical_municipalities
from apoia.indicators.models import Indicator
from apoia.indicators.ranking import (
    RankingError,
    best_period,
    check_parameters,
    periods_by_indicator,
    rank,
)

router = Router(tags=["indicadores"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    direction: str
    periodicity: str
    axis: str
    decimals: int
    source: str
    source_url: str
    licence: str


class PeriodOut(Schema):
    period: int
    count: int
    by_uf: dict[str, int]


class IndicatorDetailOut(IndicatorOut):
    description: str
    min_value: float | None
    max_value: float | None
    national_reference: float | None
    value_count: int
    periods: list[PeriodOut]


class ValueOut(Schema):
    ibge: int
    municipality: str
    uf: str
    period: int
    value: float


class CriticalOut(Schema):
    ibge: int
    municipality: str
    value: float
    reasons: list[str]


class MapOut(Schema):
    indicator: str
    uf: str
    period: int | None
    mode: str
    caption: str
    legend: list[dict]
    items: list[dict]


class RankingIn(Schema):
    uf: str
    period: int | None = None  # none: the latest period with data for the chosen indicators
    method: str = "minmax"
    weights: dict[str, float]


class RankingRowOut(Schema):
    rank: int | None
    ibge: int
    municipality: str
    score: float | None
    contributions: dict[str, float]
    values: dict[str, float]
    missing: list[str]


class RankingOut(Schema):
    uf: str
    period: int
    method: str
    weights: dict[str, float]
    rows: list[RankingRowOut]


def _indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator, code=code, is_published=True)


def _uf(uf: str | None, *, required: bool = False) -> str | None:
    if not uf:
        if required:
            raise FieldError("uf", _("Campo obrigatório."))
        return None
    if queries.get_state(uf) is None:
        raise FieldError("uf", _("UF desconhecida: %(uf)s.") % {"uf": uf})
    return uf.upper()


def _period(indicator: Indicator, uf: str, period: int | None) -> int:
    if period is not None:
        return period
    latest = queries.latest_period(indicator, uf)
    if latest is None:
        raise FieldError("period", _("Sem valores deste indicador em %(uf)s.") % {"uf": uf})
    return latest


@router.get("/indicators", response=list[IndicatorOut], summary="Indicadores")
def list_indicators(request):
    """Os indicadores publicados, com unidade, sentido (maior/menor é melhor), fonte e licença."""
    return queries.published_indicators()


@router.get("/indicators/{code}", response=IndicatorDetailOut, summary="Um indicador")
def get_indicator(request, code: str):
    """A definição do indicador e, por período, quantos valores há (no total e por UF)."""
    indicator = _indicator(code)
    stats = queries.indicator_stats(indicator)
    indicator.periods = stats
    indicator.value_count = sum(row["count"] for row in stats)
    return indicator


def _csv_response(code: str, rows: list[dict], uf: str | None, period: int | None):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["codigo_ibge", "municipio", "uf", "periodo", "valor"])
    for row in rows:
        writer.writerow([row["ibge"], row["municipality"], row["uf"], row["period"], row["value"]])
    name = "_".join(str(part) for part in (code, uf, period) if part)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@router.get("/indicators/{code}/values", response=list[ValueOut], summary="Valores")
def list_values(
    request,
    code: str,
    uf: str | None = None,
    period: int | None = None,
    format: Literal["json", "csv"] = "json",
):
    """Os valores por município e período; `uf` e `period` filtram, `format=csv` baixa CSV."""
    indicator = _indicator(code)
    uf = _uf(uf)
    rows = queries.values_table(indicator, uf, period)
    if format == "csv":
        return _csv_response(indicator.code, rows, uf, period)
    return rows


@router.get("/indicators/{code}/values.csv", summary="Valores (CSV)")
def values_csv(request, code: str, uf: str | None = None, period: int | None = None):
    """Os mesmos valores em CSV (UTF-8, vírgula como separador, ponto decimal)."""
    indicator = _indicator(code)
    uf = _uf(uf)
    return _csv_response(indicator.code, queries.values_table(indicator, uf, period), uf, period)


@router.get(
    "/indicators/{code}/critical", response=list[CriticalOut], summary="Municípios críticos"
)
def list_critical(request, code: str, uf: str, period: int | None = None):
    """Municípios que as regras de criticidade ativas sinalizam, com os motivos.

    Sem `period`, o período mais recente com dados na UF.
    """
    indicator = _indicator(code)
    uf = _uf(uf, required=True)
    return critical_municipalities(indicator, uf, _period(indicator, uf, period))


@router.get("/indicators/{code}/map", response=MapOut, summary="Dados do mapa")
def map_values(
    request,
    code: str,
    uf: str,
    period: int | None = None,
    mode: Literal["values", "flags"] = "values",
):
    """Por município: valor, classe (0 = melhor quintil … 4 = pior; 1 = crítico no modo `flags`;
    null = sem dado) e cor; e a legenda."""
    indicator = _indicator(code)
    uf = _uf(uf, required=True)
    data = maps.map_data(indicator, uf, _period(indicator, uf, period), mode)
    items = sorted(data.pop("items").values(), key=lambda item: item["ibge"])
    data.pop("count_label", None)
    return {**data, "items": items}


@router.post("/rankings", response=RankingOut, summary="Calcular um ranking de prioridade")
def compute_ranking(request, payload: RankingIn):
    """Ranking de prioridade (posição 1 = maior necessidade); não salva nada.

    Sem `period`, o período mais recente em que os indicadores escolhidos têm dados.

    Cada indicador é normalizado no seu sentido (`minmax` ou `zscore`), o escore é a soma de
    peso × valor normalizado ÷ soma dos pesos dos indicadores que o município tem, e `missing`
    lista os indicadores sem dado (nunca contados como zero).
    """
    try:
        period = payload.period
        if period is None:
            indicators = check_parameters(payload.method, payload.weights)
            period = best_period(periods_by_indicator(_uf(payload.uf, required=True), indicators))
            if period is None:
                raise RankingError("period", _("Os indicadores escolhidos não têm valores."))
        rows = rank(payload.uf, period, payload.weights, payload.method)
    except RankingError as exc:
        raise FieldError(exc.field, exc.message) from exc
    return {
        "uf": payload.uf.upper(),
        "period": period,
        "method": payload.method,
        "weights": {code: w for code, w in payload.weights.items() if w},
        "rows": rows,
    }
