"""Read-side lookups over indicator values: one query each, the arithmetic in Python."""

from collections import defaultdict

from django.db.models import Count

from apoia.indicators.criticality import (
    active_rules,
    badness,
    evaluate,
    median,
)
from apoia.indicators.models import Direction, Indicator, IndicatorValue
from apoia.territory.models import Municipality, State


def published_indicators():
    return Indicator.objects.filter(is_published=True).order_by("axis", "name")


def get_state(uf: str | None) -> State | None:
    if not uf:
        return None
    return State.objects.filter(uf=uf.upper()).first()


def periods(indicator: Indicator, uf: str | None = None) -> list[int]:
    """The periods with at least one value, ascending."""
    values = IndicatorValue.objects.filter(indicator=indicator)
    if uf:
        values = values.filter(municipality__state__uf=uf.upper())
    return sorted(set(values.values_list("period", flat=True).distinct()))


def latest_period(indicator: Indicator, uf: str | None = None) -> int | None:
    found = periods(indicator, uf)
    return found[-1] if found else None


def indicator_stats(indicator: Indicator) -> list[dict]:
    """Per period: how many values, how many municipalities of each state."""
    rows = (
        IndicatorValue.objects.filter(indicator=indicator)
        .values("period", "municipality__state__uf")
        .annotate(count=Count("id"))
        .order_by("period", "municipality__state__uf")
    )
    by_period: dict[int, dict] = {}
    for row in rows:
        entry = by_period.setdefault(
            row["period"], {"period": row["period"], "count": 0, "by_uf": {}}
        )
        entry["count"] += row["count"]
        entry["by_uf"][row["municipality__state__uf"]] = row["count"]
    return list(by_period.values())


def state_values(indicator: Indicator, uf: str, period: int) -> list[tuple[int, str, float]]:
    """(ibge, name, value) of the state's municipalities with a value in `period`, by name."""
    return list(
        IndicatorValue.objects.filter(
            indicator=indicator, municipality__state__uf=uf.upper(), period=period
        )
        .order_by("municipality__name")
        .values_list("municipality_id", "municipality__name", "value")
    )


def state_median(indicator: Indicator, uf: str, period: int) -> float | None:
    return median(v for _i, _n, v in state_values(indicator, uf, period))


def values_table(indicator: Indicator, uf: str | None = None, period: int | None = None):
    """Rows {"ibge", "municipality", "uf", "period", "value"} for the API and CSV downloads."""
    values = IndicatorValue.objects.filter(indicator=indicator)
    if uf:
        values = values.filter(municipality__state__uf=uf.upper())
    if period is not None:
        values = values.filter(period=period)
    rows = values.order_by("period", "municipality_id").values_list(
        "municipality_id", "municipality__name", "municipality__state__uf", "period", "value"
    )
    return [
        {"ibge": ibge, "municipality": name, "uf": state, "period": p, "value": value}
        for ibge, name, state, p, value in rows
    ]


def values_by_period(indicator: Indicator, uf: str) -> dict[int, list[float]]:
    """period → the values of the state's municipalities, periods ascending."""
    grouped: dict[int, list[float]] = defaultdict(list)
    for period, value in IndicatorValue.objects.filter(
        indicator=indicator, municipality__state__uf=uf.upper()
    ).values_list("period", "value"):
        grouped[period].append(value)
    return dict(sorted(grouped.items()))


def summarize(grouped: dict[int, list[float]]) -> list[dict]:
    """Per period: median, minimum, maximum and count of the values."""
    return [
        {
            "period": period,
            "median": median(values),
            "min": min(values),
            "max": max(values),
            "count": len(values),
        }
        for period, values in grouped.items()
        if values
    ]


def state_series(indicator: Indicator, uf: str) -> list[dict]:
    """Per period, across the state's municipalities: median, minimum, maximum and count."""
    return summarize(values_by_period(indicator, uf))


def municipality_profile(municipality: Municipality) -> list[dict]:
    """Every published indicator with data for the municipality, as the profile page shows it.

    Each entry: indicator, latest period and value, the state median of that period, the
    municipality's series and the state median series (for the sparkline) and the flags of the
    latest period with their reasons. Three queries whatever the number of indicators.
    """
    uf = municipality.state.uf
    own = (
        IndicatorValue.objects.filter(municipality=municipality, indicator__is_published=True)
        .order_by("period")
        .values_list("indicator_id", "period", "value")
    )
    series: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for indicator_id, period, value in own:
        series[indicator_id].append((period, value))
    if not series:
        return []
    indicators = Indicator.objects.filter(pk__in=series).prefetch_related("rules")
    state_rows: dict[int, list[tuple[int, str, int, float]]] = defaultdict(list)
    for indicator_id, ibge, name, period, value in IndicatorValue.objects.filter(
        indicator_id__in=series, municipality__state_id=municipality.state_id
    ).values_list("indicator_id", "municipality_id", "municipality__name", "period", "value"):
        state_rows[indicator_id].append((ibge, name, period, value))

    profile = []
    for indicator in sorted(indicators, key=lambda i: (i.axis, i.name)):
        points = series[indicator.pk]
        latest, value = points[-1]
        by_period: dict[int, list[float]] = defaultdict(list)
        for _ibge, _name, period, state_value in state_rows[indicator.pk]:
            by_period[period].append(state_value)
        medians = [(period, median(by_period[period])) for period, _v in points]
        latest_values = by_period[latest]
        flags = evaluate(
            indicator, active_rules(indicator), state_rows[indicator.pk], uf=uf, period=latest
        )
        reasons = next((f["reasons"] for f in flags if f["ibge"] == municipality.ibge), [])
        position = None
        if indicator.direction != Direction.NEUTRAL and latest_values:
            # 1 = worst in the state for that period.
            position = 1 + sum(
                1 for v in latest_values if badness(indicator, v) > badness(indicator, value)
            )
        profile.append(
            {
                "indicator": indicator,
                "period": latest,
                "value": value,
                "state_median": medians[-1][1],
                "series": points,
                "median_series": medians,
                "reasons": reasons,
                "position": position,
                "state_count": len(latest_values),
            }
        )
    return profile
