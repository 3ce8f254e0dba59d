"""Indicator analysis speed: the priority ranking and the map data.

`bench_ranking()` and `bench_map_data(uf)` need Django set up, migrated, with the reference
data loaded (bench/run.py does all three); each returns rows `(label, samples in ms)` in the
shape of bench/run.py. The map page needs static files without a manifest (DEBUG or
APOIA_TESTING), as any HTML page does. Alone, against a throwaway database:

    APOIA_HTTPS=false .venv/bin/python bench/bench_indicators_analysis.py

Targets (issue 4): a ranking over 5,570 municipalities × 20 indicators in under 1 s; the map
data for a state in under 100 ms.
"""

import os
import random
import statistics
import sys
import tempfile
import time

RANK_PREFIX = "bench_rank_"
RANK_PERIOD = 2099  # a year no real series uses
N_INDICATORS = 20


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def ranking_data(n_indicators: int = N_INDICATORS) -> dict[str, float]:
    """Synthetic directed indicators with a value for ~99% of all municipalities; the weights.

    Idempotent: creates the indicators and values only once per database.
    """
    from apoia.indicators.models import Direction, Indicator, IndicatorValue
    from apoia.territory.models import Municipality

    ibges = list(Municipality.objects.order_by("ibge").values_list("ibge", flat=True))
    if len(ibges) < 5000:
        raise RuntimeError("Municípios ausentes: execute apoia load_reference.")
    codes = [f"{RANK_PREFIX}{i:02d}" for i in range(n_indicators)]
    directions = [Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER]
    Indicator.objects.bulk_create(
        [
            Indicator(code=code, name=code, direction=directions[i % 2], decimals=2)
            for i, code in enumerate(codes)
        ],
        ignore_conflicts=True,
    )
    indicators = Indicator.objects.filter(code__in=codes)
    if not IndicatorValue.objects.filter(indicator__in=indicators, period=RANK_PERIOD).exists():
        rng = random.Random(4)
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    indicator=indicator,
                    municipality_id=ibge,
                    period=RANK_PERIOD,
                    value=round(rng.uniform(0, 100), 2),
                )
                for indicator in indicators
                for ibge in ibges
                if rng.random() > 0.01  # some missing data, as in real series
            ),
            batch_size=5000,
        )
    return {code: float(1 + i % 3) for i, code in enumerate(codes)}


def bench_ranking(repeat: int = 5) -> list[tuple[str, list[float]]]:
    """The whole-country ranking (uf=None): one query for all values, arithmetic in Python."""
    from apoia.indicators.models import Indicator, IndicatorValue
    from apoia.indicators.ranking import rank, rank_values
    from apoia.territory.models import Municipality

    weights = ranking_data()
    n_municipalities = Municipality.objects.count()
    label = f"{n_municipalities:,} municipalities × {len(weights)} indicators"

    # The arithmetic alone, on rows already in memory.
    directions = dict(Indicator.objects.filter(code__in=weights).values_list("code", "direction"))
    values: dict[str, dict[int, float]] = {code: {} for code in weights}
    for code, ibge, value in IndicatorValue.objects.filter(
        indicator__code__in=weights, period=RANK_PERIOD
    ).values_list("indicator__code", "municipality_id", "value"):
        values[code][ibge] = value
    names = dict(Municipality.objects.values_list("ibge", "name"))
    return [
        (
            f"rank(): {label}, minmax (query + Python)",
            timed(lambda: rank(None, RANK_PERIOD, weights, "minmax"), repeat),
        ),
        (
            f"rank(): {label}, zscore (query + Python)",
            timed(lambda: rank(None, RANK_PERIOD, weights, "zscore"), repeat),
        ),
        (
            f"rank_values(): {label}, minmax, arithmetic only",
            timed(lambda: rank_values(names, values, directions, weights, "minmax"), repeat),
        ),
    ]


def bench_map_data(uf: str = "MS", repeat: int = 50) -> list[tuple[str, list[float]]]:
    """IDHM map data (values and flags), the JSON endpoint and the HTML page for one state."""
    from django.test import Client

    from apoia.indicators import maps, queries
    from apoia.indicators.models import CriticalityRule, Indicator, RuleKind

    indicator = Indicator.objects.filter(code="idhm").first()
    if indicator is None or queries.latest_period(indicator, uf) is None:
        from apoia.indicators.reference import load_indicators

        load_indicators()
        indicator = Indicator.objects.get(code="idhm")
    CriticalityRule.objects.get_or_create(
        indicator=indicator, kind=RuleKind.WORST_QUANTILE, defaults={"quantile": 0.2}
    )
    period = queries.latest_period(indicator, uf)
    client = Client()
    maps.state_geometry.cache_clear()
    cold = timed(lambda: maps.state_geometry(uf), 1)
    url = f"/api/v1/indicators/idhm/map?uf={uf}&period={period}"
    return [
        (f"state_geometry({uf}), cold (read + project the mesh)", cold),
        (
            f"map_data(idhm, {uf}, {period}), values",
            timed(lambda: maps.map_data(indicator, uf, period), repeat),
        ),
        (
            f"map_data(idhm, {uf}, {period}), flags",
            timed(lambda: maps.map_data(indicator, uf, period, "flags"), repeat),
        ),
        (f"GET {url}", timed(lambda: client.get(url), repeat)),
        (
            f"GET /indicadores/mapa/?uf={uf} (HTML with SVG)",
            timed(lambda: client.get("/indicadores/mapa/", {"uf": uf}), max(5, repeat // 5)),
        ),
    ]


def main() -> None:
    os.environ.setdefault("APOIA_VAR_DIR", tempfile.mkdtemp(prefix="apoia-bench-"))
    os.environ.setdefault("APOIA_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apoia.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("APOIA_TESTING", "1")  # static files without a collectstatic manifest
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    rows = bench_ranking() + bench_map_data("MS") + bench_map_data("MT")
    for label, samples in rows:
        sys.stdout.write(
            f"{label}: median {statistics.median(samples):.1f} ms, max {max(samples):.1f} ms "
            f"(n={len(samples)})\n"
        )


if __name__ == "__main__":
    main()
