"""Criticality: which municipalities an indicator flags in a state and period, and why.

An indicator's active rules combine with OR: a municipality is critical when any rule flags it,
and its flag lists one reason per rule that fired. Neutral indicators never flag.

Exact definitions (the tests pin them down with hand-computed cases):

- THRESHOLD: worse than `threshold` in the indicator's direction, strictly
  (lower_better: value > limit; higher_better: value < limit).
- WORST_QUANTILE: rank the state's municipalities with a value in that period by badness
  (worst first) and take n_flag = ceil(quantile · n) of them; the cut is the value of the
  n_flag-th worst, and every municipality as bad as the cut or worse is flagged, so ties at the
  cut are all included (a flag can therefore cover more than n_flag municipalities).
- WORSE_THAN_STATE: strictly worse than the state MEDIAN of that period (the middle value, or
  the mean of the two middle values when n is even; `statistics.median`).
- WORSE_THAN_NATIONAL: strictly worse than `indicator.national_reference` (skipped when unset).
- WORSENING: the municipality's own values for its last k+1 periods up to the given period (the
  periods it has data for) got strictly worse at each of the k steps. A municipality with fewer
  than k+1 values is not flagged.

A rule missing its parameter (threshold, quantile or periods) is ignored.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.indicators.models import CriticalityRule, Direction, Indicator, IndicatorValue, RuleKind

# Names Portuguese gives to the usual quantiles ("pior quintil").
QUANTILE_NAMES = {
    0.5: lambda: _("pior metade"),
    0.25: lambda: _("pior quartil"),
    0.2: lambda: _("pior quintil"),
    0.1: lambda: _("pior decil"),
}


def format_value(value: float | None, decimals: int) -> str:
    """A number as people read it in the active language ("0,512", "1.234,5"); '' for None."""
    if value is None:
        return ""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def median(values: Iterable[float]) -> float | None:
    """The state median used everywhere in the app (None when there are no values)."""
    values = list(values)
    return statistics.median(values) if values else None


def badness(indicator: Indicator, value: float) -> float:
    """A number that grows as the value gets worse, whatever the indicator's direction."""
    return -value if indicator.direction == Direction.HIGHER_IS_BETTER else value


KIND_ORDER = {kind: position for position, kind in enumerate(RuleKind.values)}


def active_rules(indicator: Indicator) -> list[CriticalityRule]:
    """The indicator's active rules in the order their reasons are listed (RuleKind order)."""
    rules = [rule for rule in indicator.rules.all() if rule.is_active]
    return sorted(rules, key=lambda rule: (KIND_ORDER.get(rule.kind, 99), rule.pk or 0))


def quantile_cut(indicator: Indicator, values: list[float], quantile: float) -> float | None:
    """The value of the ceil(q·n)-th worst municipality: it and anything worse is flagged."""
    if not values or not 0 < quantile <= 1:
        return None
    # Round first: 0.1 · 30 is 3.0000000000000004 in binary floating point, and ceil would
    # flag a fourth municipality.
    count = max(1, math.ceil(round(quantile * len(values), 9)))
    worst_first = sorted(values, key=lambda v: badness(indicator, v), reverse=True)
    return worst_first[count - 1]


def _quantile_label(quantile: float) -> str:
    for known, label in QUANTILE_NAMES.items():
        if math.isclose(quantile, known):
            return label()
    return _("entre os %(percent)s%% piores") % {"percent": format_value(quantile * 100, 0)}


def evaluate(
    indicator: Indicator,
    rules: list[CriticalityRule],
    rows: Iterable[tuple[int, str, int, float]],
    *,
    uf: str,
    period: int,
) -> list[dict]:
    """Flags of one indicator in one state and period, from rows already fetched.

    `rows` are (ibge, municipality name, period, value) for the state's municipalities; periods
    before `period` are only needed by WORSENING rules. Returns the flagged municipalities, worst
    value first (ties by IBGE code), each as {"ibge", "municipality", "value", "reasons"}.
    """
    if indicator.direction == Direction.NEUTRAL or not rules:
        return []
    history: dict[int, list[tuple[int, float]]] = defaultdict(list)
    names: dict[int, str] = {}
    current: dict[int, float] = {}
    for ibge, name, row_period, value in rows:
        if row_period > period:
            continue
        names[ibge] = name
        history[ibge].append((row_period, value))
        if row_period == period:
            current[ibge] = value
    if not current:
        return []

    decimals = indicator.decimals
    fmt = lambda v: format_value(v, decimals)  # noqa: E731
    lower_better = indicator.direction == Direction.LOWER_IS_BETTER

    def worse(value: float, reference: float) -> bool:
        return value > reference if lower_better else value < reference

    comparison = ">" if lower_better else "<"
    reasons: dict[int, list[str]] = defaultdict(list)
    state_median = None
    for rule in rules:
        if rule.kind == RuleKind.THRESHOLD and rule.threshold is not None:
            for ibge, value in current.items():
                if worse(value, rule.threshold):
                    reasons[ibge].append(
                        _("%(name)s %(value)s %(op)s limite %(limit)s")
                        % {
                            "name": indicator.name,
                            "value": fmt(value),
                            "op": comparison,
                            "limit": fmt(rule.threshold),
                        }
                    )
        elif rule.kind == RuleKind.WORST_QUANTILE and rule.quantile:
            cut = quantile_cut(indicator, list(current.values()), rule.quantile)
            if cut is None:
                continue
            label = _quantile_label(rule.quantile)
            for ibge, value in current.items():
                if badness(indicator, value) >= badness(indicator, cut):
                    reasons[ibge].append(
                        _("%(label)s em %(uf)s (%(value)s; corte %(cut)s)")
                        % {"label": label, "uf": uf, "value": fmt(value), "cut": fmt(cut)}
                    )
        elif rule.kind == RuleKind.WORSE_THAN_STATE:
            if state_median is None:
                state_median = median(current.values())
            for ibge, value in current.items():
                if worse(value, state_median):
                    reasons[ibge].append(
                        _("pior que a mediana de %(uf)s (%(value)s %(op)s %(median)s)")
                        % {
                            "uf": uf,
                            "value": fmt(value),
                            "op": comparison,
                            "median": fmt(state_median),
                        }
                    )
        elif rule.kind == RuleKind.WORSE_THAN_NATIONAL and indicator.national_reference is not None:
            national = indicator.national_reference
            for ibge, value in current.items():
                if worse(value, national):
                    reasons[ibge].append(
                        _("pior que a referência nacional (%(value)s %(op)s %(national)s)")
                        % {"value": fmt(value), "op": comparison, "national": fmt(national)}
                    )
        elif rule.kind == RuleKind.WORSENING and rule.periods:
            k = rule.periods
            for ibge in current:
                series = [v for _p, v in sorted(history[ibge])][-(k + 1) :]
                if len(series) == k + 1 and all(
                    worse(series[i], series[i - 1]) for i in range(1, k + 1)
                ):
                    reasons[ibge].append(
                        ngettext(
                            "piorou no último período (%(series)s)",
                            "piorou nos últimos %(count)d períodos (%(series)s)",
                            k,
                        )
                        % {"count": k, "series": " → ".join(fmt(v) for v in series)}
                    )

    flagged = sorted(reasons, key=lambda ibge: (-badness(indicator, current[ibge]), ibge))
    return [
        {
            "ibge": ibge,
            "municipality": names[ibge],
            "value": current[ibge],
            "reasons": reasons[ibge],
        }
        for ibge in flagged
    ]


def critical_municipalities(
    indicator: Indicator, uf: str, period: int, rules: list[CriticalityRule] | None = None
) -> list[dict]:
    """The municipalities of `uf` that `indicator`'s active rules flag in `period`, with reasons.

    One query for the values (plus one for the rules when `rules` is not given).
    """
    if indicator.direction == Direction.NEUTRAL:
        return []
    if rules is None:
        rules = active_rules(indicator)
    if not rules:
        return []
    values = IndicatorValue.objects.filter(indicator=indicator, municipality__state__uf=uf.upper())
    if any(rule.kind == RuleKind.WORSENING for rule in rules):
        values = values.filter(period__lte=period)
    else:
        values = values.filter(period=period)
    rows = values.values_list("municipality_id", "municipality__name", "period", "value")
    return evaluate(indicator, rules, rows, uf=uf.upper(), period=period)
