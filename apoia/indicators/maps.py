"""Choropleth maps drawn on the server: projected municipal outlines and their colour classes.

Geometry comes from the shipped IBGE mesh (`data/municipios_ms_mt.geojson`, see SOURCES.md),
projected once per state and kept in memory. The projection is equirectangular, with longitudes
scaled by cos(mean latitude of the state's bounding box) so shapes keep their proportions at
that latitude; nothing is simplified.

Value classes: 5 quantile classes of the state's values in that period, ordered from better to
worse, so the darkest colour is always the worst (for a neutral indicator, the highest value).
"""

import bisect
import functools
import json
import math
import statistics
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.indicators.criticality import badness, critical_municipalities, format_value
from apoia.indicators.models import Direction, Indicator
from apoia.indicators.queries import state_values
from apoia.territory.models import Municipality

DATA_DIR = Path(__file__).resolve().parent / "data"
WIDTH = 800.0  # SVG user units; the height follows the state's shape

# Light to dark; the darkest is the worst class.
RAMP = ("#fbe4d5", "#f4b183", "#e8804a", "#c4461f", "#7a1c0c")
NO_DATA = "#d4d4d4"
FLAGGED = "#b3261e"
NOT_FLAGGED = "#dfe8f3"


@functools.cache
def _features(name: str) -> tuple[dict, ...]:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return tuple(json.load(fh)["features"])


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _path(polygons: list, project) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = " ".join("{:.1f},{:.1f}".format(*project(lon, lat)) for lon, lat in ring)
            parts.append(f"M{points}Z")
    return "".join(parts)


@functools.cache
def state_geometry(uf: str) -> dict:
    """{"width", "height", "paths": {ibge: (name, d)}, "outline": d} for the state, cached.

    Empty paths when the shipped mesh does not cover the state.
    """
    uf = uf.upper()
    features = [f for f in _features("municipios_ms_mt.geojson") if f["properties"]["uf"] == uf]
    if not features:
        return {"width": WIDTH, "height": 0.0, "paths": {}, "outline": ""}
    lons, lats = [], []
    for feature in features:
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                for lon, lat in ring:
                    lons.append(lon)
                    lats.append(lat)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * squeeze * scale, (north - lat) * scale

    paths = {
        f["properties"]["codigo_ibge"]: (
            f["properties"]["nome"],
            _path(_polygons(f["geometry"]), project),
        )
        for f in features
    }
    outline = "".join(
        _path(_polygons(f["geometry"]), project)
        for f in _features("ufs_ms_mt.geojson")
        if f["properties"]["uf"] == uf
    )
    return {
        "width": WIDTH,
        "height": round((north - south) * scale, 1),
        "paths": paths,
        "outline": outline,
    }


def value_classes(indicator: Indicator, values: list[float]) -> list[float]:
    """The 4 cut points, in badness units, between the 5 classes (fewer with < 2 values)."""
    if len(values) < 2:
        return []
    key = (
        (lambda v: v)
        if indicator.direction == Direction.NEUTRAL
        else (lambda v: badness(indicator, v))
    )
    return statistics.quantiles([key(v) for v in values], n=5, method="inclusive")


def map_data(indicator: Indicator, uf: str, period: int, mode: str = "values") -> dict:
    """What the choropleth needs: per IBGE code its value, class and colour, and the legend.

    `mode` "values": 5 quantile classes; "flags": critical or not by the indicator's rules.
    Municipalities of the state without a value are listed with class None and the grey colour.
    Two queries (values and the municipality list), three with flags.
    """
    uf = uf.upper()
    rows = state_values(indicator, uf, period)
    decimals = indicator.decimals
    names = dict(Municipality.objects.filter(state__uf=uf).order_by().values_list("ibge", "name"))
    items = {
        ibge: {
            "ibge": ibge,
            "municipality": name,
            "value": None,
            "display": _("sem dado"),
            "class": None,
            "colour": NO_DATA,
            "reasons": [],
        }
        for ibge, name in names.items()
    }
    legend = []
    if mode == "flags":
        flags = {f["ibge"]: f["reasons"] for f in critical_municipalities(indicator, uf, period)}
        for ibge, _name, value in rows:
            flagged = ibge in flags
            items[ibge].update(
                value=value,
                display=format_value(value, decimals),
                colour=FLAGGED if flagged else NOT_FLAGGED,
                reasons=flags.get(ibge, []),
            )
            items[ibge]["class"] = 1 if flagged else 0
        flagged_count = len(flags)
        legend = [
            {
                "class": 0,
                "colour": NOT_FLAGGED,
                "label": _("sem alerta"),
                "count": len(rows) - flagged_count,
            },
            {"class": 1, "colour": FLAGGED, "label": _("crítico"), "count": flagged_count},
        ]
    else:
        cuts = value_classes(indicator, [v for _i, _n, v in rows])
        key = (
            (lambda v: v)
            if indicator.direction == Direction.NEUTRAL
            else (lambda v: badness(indicator, v))
        )
        members: list[list[float]] = [[] for _c in RAMP]
        for ibge, _name, value in rows:
            position = bisect.bisect_left(cuts, key(value)) if cuts else 0
            members[position].append(value)
            items[ibge].update(
                value=value,
                display=format_value(value, decimals),
                colour=RAMP[position],
            )
            items[ibge]["class"] = position
        for position, colour in enumerate(RAMP):
            found = members[position]
            if found:
                low, high = min(found), max(found)
                label = (
                    format_value(low, decimals)
                    if low == high
                    else f"{format_value(low, decimals)} – {format_value(high, decimals)}"
                )
            else:
                label = _("nenhum município")
            legend.append(
                {
                    "class": position,
                    "colour": colour,
                    "label": label,
                    "count": len(found),
                    "min": min(found) if found else None,
                    "max": max(found) if found else None,
                }
            )
    missing = len(names) - len(rows)
    legend.append(
        {
            "class": None,
            "colour": NO_DATA,
            "label": _("sem dado"),
            "count": missing,
        }
    )
    return {
        "indicator": indicator.code,
        "uf": uf,
        "period": period,
        "mode": mode,
        "legend": legend,
        "items": items,
        "caption": legend_caption(indicator, mode),
        "count_label": ngettext(
            "%(count)d município com dado", "%(count)d municípios com dado", len(rows)
        )
        % {"count": len(rows)},
    }


def legend_caption(indicator: Indicator, mode: str) -> str:
    if mode == "flags":
        return _("Municípios sinalizados pelas regras de criticidade do indicador.")
    if indicator.direction == Direction.NEUTRAL:
        return _("Quintis; indicador neutro: tons mais escuros = valores mais altos.")
    if indicator.direction == Direction.HIGHER_IS_BETTER:
        return _("Quintis; quanto maior, melhor: tons mais escuros = valores mais baixos (pior).")
    return _("Quintis; quanto menor, melhor: tons mais escuros = valores mais altos (pior).")
