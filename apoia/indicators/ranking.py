"""Priority ranking: combine several indicators into one need score per municipality.

Per indicator, the state's values are normalized in the indicator's direction so that a HIGHER
normalized value means WORSE (more need):

- minmax: (v − min)/(max − min) for lower_better, (max − v)/(max − min) for higher_better;
  0 for everyone when all values are equal. Range 0..1.
- zscore: (v − mean)/sd for lower_better, (mean − v)/sd for higher_better, with the POPULATION
  standard deviation of the state's values (`statistics.pstdev`); 0 when sd is 0.

Only the municipalities that have a value enter an indicator's min, max, mean and sd.

score = Σ weight·normalized / Σ weight, both sums over the indicators the municipality HAS.
A missing value is therefore neither a zero nor a penalty: the municipality is scored on the
rest, and the row lists the missing codes in `missing` so the reader knows. A municipality with
no value for any chosen indicator has no score and no rank; it comes last.

Rank 1 = highest score = most need. Scores are compared rounded to 9 decimals (so floating-point
noise never beats the documented tie-break) and ties go to the lower IBGE code.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.indicators.models import Direction, Indicator, IndicatorValue, Ranking
from apoia.territory.models import Municipality, State

METHODS = ("minmax", "zscore")
ROUND = 6  # decimals kept in the rows (scores and contributions)


class RankingError(ValueError):
    """Invalid ranking parameters; `field` names the offending one (e.g. "weights.xyz")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def normalize(values: dict[int, float], direction: str, method: str) -> dict[int, float]:
    """ibge → normalized need (higher = worse) for one indicator's values in one state."""
    if not values:
        return {}
    sign = -1.0 if direction == Direction.HIGHER_IS_BETTER else 1.0
    if method == "minmax":
        low, high = min(values.values()), max(values.values())
        spread = high - low
        if spread == 0:
            return dict.fromkeys(values, 0.0)
        if sign > 0:
            return {ibge: (v - low) / spread for ibge, v in values.items()}
        return {ibge: (high - v) / spread for ibge, v in values.items()}
    mean = statistics.fmean(values.values())
    sd = statistics.pstdev(values.values(), mu=mean)
    if sd == 0:
        return dict.fromkeys(values, 0.0)
    return {ibge: sign * (v - mean) / sd for ibge, v in values.items()}


def check_parameters(method: str, weights: dict) -> dict[str, Indicator]:
    """The indicators of the non-zero weights, or RankingError naming the bad field."""
    if method not in METHODS:
        raise RankingError("method", _("Método inválido; use “minmax” ou “zscore”."))
    if not isinstance(weights, dict):
        raise RankingError("weights", _("Informe os pesos como {código: peso}."))
    used = {}
    for code, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise RankingError(f"weights.{code}", _("O peso deve ser um número."))
        if weight < 0:
            raise RankingError(f"weights.{code}", _("O peso não pode ser negativo."))
        if weight:
            used[code] = float(weight)
    if not used:
        raise RankingError("weights", _("Escolha ao menos um indicador com peso maior que zero."))
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=used, is_published=True)}
    for code in used:
        indicator = indicators.get(code)
        if indicator is None:
            raise RankingError(
                f"weights.{code}", _("Indicador desconhecido: %(code)s.") % {"code": code}
            )
        if indicator.direction == Direction.NEUTRAL:
            raise RankingError(
                f"weights.{code}",
                _(
                    "O indicador %(name)s é neutro (de contexto): não tem lado pior, "
                    "não entra no ranking."
                )
                % {"name": indicator.name},
            )
    return indicators


def rank_values(
    municipalities: dict[int, str],
    values: dict[str, dict[int, float]],
    directions: dict[str, str],
    weights: dict[str, float],
    method: str,
) -> list[dict]:
    """The ranking arithmetic on rows already in memory (see the module docstring).

    `municipalities`: ibge → name, everyone to rank; `values`: code → {ibge: raw value};
    `directions` and `weights`: per code (weights > 0).
    """
    codes = list(weights)
    normalized = {code: normalize(values.get(code, {}), directions[code], method) for code in codes}
    rows = []
    for ibge, name in municipalities.items():
        have = [code for code in codes if ibge in normalized[code]]
        missing = [code for code in codes if ibge not in normalized[code]]
        total_weight = sum(weights[code] for code in have)
        contributions = {
            code: weights[code] * normalized[code][ibge] / total_weight for code in have
        }
        score = sum(contributions.values()) if have else None
        rows.append(
            {
                "rank": None,
                "ibge": ibge,
                "municipality": name,
                "score": None if score is None else round(score, ROUND),
                "contributions": {code: round(c, ROUND) for code, c in contributions.items()},
                "values": {code: values[code][ibge] for code in have},
                "missing": missing,
                "_key": None if score is None else round(score, 9),
            }
        )
    rows.sort(key=lambda r: (r["_key"] is None, -(r["_key"] or 0.0), r["ibge"]))
    for position, row in enumerate(rows, start=1):
        if row.pop("_key") is not None:
            row["rank"] = position
    return rows


def rank(uf: str | None, period: int, weights: dict[str, float], method: str = "minmax"):
    """Rank the municipalities of `uf` (None = the whole country) in `period`.

    Returns the rows of `rank_values`. Two queries: the municipalities and all the values.
    Raises RankingError for an unknown UF, method or indicator, or a neutral indicator.
    """
    indicators = check_parameters(method, weights)
    municipalities = Municipality.objects.all()
    values = IndicatorValue.objects.filter(indicator__in=list(indicators.values()), period=period)
    if uf is not None:
        state = State.objects.filter(uf=str(uf).upper()).first()
        if state is None:
            raise RankingError("uf", _("UF desconhecida: %(uf)s.") % {"uf": uf})
        municipalities = municipalities.filter(state=state)
        values = values.filter(municipality__state=state)
    code_of = {indicator.pk: code for code, indicator in indicators.items()}
    by_code: dict[str, dict[int, float]] = defaultdict(dict)
    for indicator_id, ibge, value in values.values_list("indicator_id", "municipality_id", "value"):
        by_code[code_of[indicator_id]][ibge] = value
    return rank_values(
        dict(municipalities.order_by().values_list("ibge", "name")),
        by_code,
        {code: indicator.direction for code, indicator in indicators.items()},
        {code: float(w) for code, w in weights.items() if w and code in indicators},
        method,
    )


def ordered_weights(weights: dict[str, float]) -> dict[str, float]:
    """The weights in the order the form lists their indicators (axis, then name).

    PostgreSQL's jsonb keeps keys in its own order, so a saved list would otherwise show its
    columns differently on each engine.
    """
    order = {
        code: position
        for position, code in enumerate(
            Indicator.objects.filter(code__in=list(weights))
            .order_by("axis", "name")
            .values_list("code", flat=True)
        )
    }
    return dict(sorted(weights.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


@dataclass(frozen=True)
class Preset:
    """A ready set of weights for a common question, over the reference indicators."""

    slug: str
    label: str
    description: str
    weights: dict[str, float]


# Over the indicators `load_reference` ships (Atlas 1991/2000/2010): each set is one question a
# coordinator asks ("where is basic education worst?"), its indicators all directed.
PRESETS = (
    Preset(
        "idhm-dimensoes",
        gettext_lazy("IDHM e dimensões"),
        gettext_lazy("IDHM e suas três dimensões (educação, longevidade e renda), peso igual."),
        {"idhm": 1, "idhm_e": 1, "idhm_l": 1, "idhm_r": 1},
    ),
    Preset(
        "educacao-basica",
        gettext_lazy("Educação básica"),
        gettext_lazy(
            "Atraso escolar no fundamental, crianças de 4 a 5 anos fora da escola, "
            "expectativa de anos de estudo e crianças em lares sem fundamental completo."
        ),
        {"t_atraso_2_fund": 1, "t_fora4a5": 1, "e_anosestudo": 1, "t_crifundin_todos": 1},
    ),
    Preset(
        "pobreza-renda",
        gettext_lazy("Pobreza e renda"),
        gettext_lazy(
            "Extrema pobreza (peso 2), pobreza, crianças extremamente pobres, renda per capita "
            "e desigualdade (Gini)."
        ),
        {"pind": 2, "pmpob": 1, "pindcri": 1, "rdpc": 1, "gini": 1},
    ),
    Preset(
        "saude-infancia",
        gettext_lazy("Saúde e infância"),
        gettext_lazy("Mortalidade infantil (peso 2), mortalidade até 5 anos e esperança de vida."),
        {"mort1": 2, "mort5": 1, "espvida": 1},
    ),
    Preset(
        "saneamento-moradia",
        gettext_lazy("Saneamento e moradia"),
        gettext_lazy(
            "Água e esgoto inadequados (peso 2), banheiro e água encanada, coleta de lixo e "
            "domicílios com mais de 2 pessoas por dormitório."
        ),
        {"agua_esgoto": 2, "t_banagua": 1, "t_lixo": 1, "t_dens": 1},
    ),
    Preset(
        "panorama-social",
        gettext_lazy("Panorama social"),
        gettext_lazy("IDHM, analfabetismo (peso 0,5), mortalidade infantil e extrema pobreza."),
        {"idhm": 1, "t_analf18m": 0.5, "mort1": 1, "pind": 1},
    ),
)


def available_presets(codes) -> list[Preset]:
    """The presets, each cut down to the given indicator codes; those left empty are dropped."""
    codes = set(codes)
    found = []
    for preset in PRESETS:
        weights = {code: w for code, w in preset.weights.items() if code in codes}
        if weights:
            found.append(Preset(preset.slug, preset.label, preset.description, weights))
    return found


def periods_by_indicator(uf: str | None, codes) -> dict[str, dict[int, int]]:
    """code → {period: number of municipalities with a value}, in `uf` (None = everywhere)."""
    values = IndicatorValue.objects.filter(indicator__code__in=list(codes))
    if uf:
        values = values.filter(municipality__state__uf=str(uf).upper())
    found: dict[str, dict[int, int]] = {code: {} for code in codes}
    for row in (
        values.values("indicator__code", "period").annotate(n=Count("id")).order_by("period")
    ):
        found[row["indicator__code"]][row["period"]] = row["n"]
    return found


def best_period(coverage: dict[str, dict[int, int]]) -> int | None:
    """The latest period in which the most of the chosen indicators have data."""
    counts: dict[int, int] = defaultdict(int)
    for periods in coverage.values():
        for period in periods:
            counts[period] += 1
    if not counts:
        return None
    return max(counts, key=lambda period: (counts[period], period))


@dataclass
class PageRanking:
    """What the ranking page shows: the period used, the rows, and what had no data."""

    period: int | None
    rows: list[dict] = field(default_factory=list)
    chosen_period: bool = False  # False: the period was picked as the latest with data
    absent: list[Indicator] = field(default_factory=list)  # no value at all in the period
    suggested_period: int | None = None  # a better period, when the one asked lacks data

    @property
    def has_data(self) -> bool:
        return any(row["score"] is not None for row in self.rows)


def rank_for_page(uf: str, period: int | None, weights: dict[str, float], method: str):
    """`rank` for people: with no period, the latest one with data for the chosen indicators;
    with one, the indicators that have no value in it and a period where more of them do.

    Raises RankingError like `rank`.
    """
    indicators = check_parameters(method, weights)
    coverage = periods_by_indicator(uf, indicators)
    best = best_period(coverage)
    chosen = period is not None
    if period is None:
        period = best
    if period is None:
        return PageRanking(None, chosen_period=chosen, absent=list(indicators.values()))
    absent = [indicators[code] for code in indicators if period not in coverage[code]]
    suggested = None
    if absent and best is not None and best != period:
        with_data = sum(1 for code in indicators if best in coverage[code])
        if with_data > len(indicators) - len(absent):
            suggested = best
    return PageRanking(
        period,
        rows=rank(uf, period, weights, method),
        chosen_period=chosen,
        absent=sorted(absent, key=lambda i: i.name),
        suggested_period=suggested,
    )


@transaction.atomic
def save_ranking(
    *, name: str, uf: str, period: int | None, method: str, weights: dict[str, float], by=None
) -> Ranking:
    """Compute the ranking now and keep it, with its parameters, as a "lista de prioridade".

    With no period, the latest one with data for the chosen indicators (as the page shows).
    """
    if period is None:
        period = best_period(periods_by_indicator(uf, check_parameters(method, weights)))
        if period is None:
            raise RankingError("period", _("Os indicadores escolhidos não têm valores."))
    rows = rank(uf, period, weights, method)
    state = State.objects.get(uf=uf.upper())
    used = {code: float(w) for code, w in weights.items() if w}
    return Ranking.objects.create(
        name=name,
        state=state,
        period=period,
        method=method,
        weights=used,
        rows=rows,
        created_by=by if by is not None and by.is_authenticated else None,
    )


def priority_list(ranking_id: int) -> list[int]:
    """IBGE codes of a saved list, rank 1 first; municipalities without a score are left out."""
    ranking = Ranking.objects.get(pk=ranking_id)
    ranked = [row for row in ranking.rows if row.get("rank") is not None]
    return [row["ibge"] for row in sorted(ranked, key=lambda row: row["rank"])]
