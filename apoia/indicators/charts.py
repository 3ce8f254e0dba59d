"""Small charts drawn on the server as SVG geometry: sparklines, time series, histograms.

Functions return plain dicts of coordinates and labels; the templates only place them.
"""

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.indicators.criticality import format_value, median
from apoia.indicators.models import Indicator
from apoia.indicators.queries import summarize, values_by_period


def _scale(low: float, high: float, start: float, end: float):
    """A linear map from [low, high] onto [start, end] (the middle when low == high)."""
    if high == low:
        middle = (start + end) / 2
        return lambda v: middle
    return lambda v: start + (v - low) * (end - start) / (high - low)


def _points(pairs) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


def sparkline(
    series: list[tuple[int, float]],
    median_series: list[tuple[int, float | None]] = (),
    *,
    width: float = 120,
    height: float = 32,
    pad: float = 4,
) -> dict:
    """A municipality's series (and the state median, dashed) on a shared vertical scale."""
    values = [v for _p, v in series] + [m for _p, m in median_series if m is not None]
    periods = [p for p, _v in series]
    x = _scale(min(periods), max(periods), pad, width - pad)
    y = _scale(min(values), max(values), height - pad, pad)
    own = [(x(p), y(v)) for p, v in series]
    return {
        "width": width,
        "height": height,
        "line": _points(own),
        "median_line": _points((x(p), y(m)) for p, m in median_series if m is not None),
        "points": [(round(px, 1), round(py, 1)) for px, py in own],
    }


# Charts are drawn narrow (400 units) so that, scaled down to a phone's 360 px, labels of
# TICK_FONT units still read at 14 px or more; analysis.css sets the same font size.
WIDTH = 400.0
TICK_FONT = 16.0
CHAR_WIDTH = 0.6 * TICK_FONT  # an average digit of the page's font, generously
MAX_X_LABELS = 6


def _label_room(labels) -> float:
    """Units left of the plot that the longest y-axis label needs, plus the tick gap."""
    longest = max((len(str(label)) for label in labels), default=1)
    return max(40.0, 14.0 + longest * CHAR_WIDTH)


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        return [low]
    step = (high - low) / (count - 1)
    return [low + i * step for i in range(count)]


def time_series(indicator: Indicator, series: list[dict]) -> dict | None:
    """Median line inside the min–max band, one point per period."""
    if not series:
        return None
    decimals = indicator.decimals
    low = min(row["min"] for row in series)
    high = max(row["max"] for row in series)
    y_values = _ticks(low, high)
    y_labels = [format_value(v, decimals) for v in y_values]
    width, height = WIDTH, 240.0
    left, right, top, bottom = _label_room(y_labels), 24.0, 16.0, 40.0
    periods = [row["period"] for row in series]
    x = _scale(min(periods), max(periods), left, width - right)
    y = _scale(low, high, height - bottom, top)
    band = [(x(r["period"]), y(r["max"])) for r in series] + [
        (x(r["period"]), y(r["min"])) for r in reversed(series)
    ]
    every = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    shown = {p for i, p in enumerate(periods) if i % every == 0 and len(periods) - 1 - i >= every}
    shown.add(periods[-1])
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "tick_x": left - 6,
        "label_y": height - bottom + 22,
        "band": _points(band),
        "median_line": _points((x(r["period"]), y(r["median"])) for r in series),
        "points": [
            {
                "x": round(x(r["period"]), 1),
                "y": round(y(r["median"]), 1),
                "title": _("%(period)s: mediana %(median)s (mín. %(min)s, máx. %(max)s)")
                % {
                    "period": r["period"],
                    "median": format_value(r["median"], decimals),
                    "min": format_value(r["min"], decimals),
                    "max": format_value(r["max"], decimals),
                },
            }
            for r in series
        ],
        "x_ticks": [
            {"x": round(x(p), 1), "label": p, "anchor": "middle"} for p in periods if p in shown
        ],
        "y_ticks": [
            {"y": round(y(v), 1), "label": label}
            for v, label in zip(y_values, y_labels, strict=True)
        ],
    }


def histogram(indicator: Indicator, values: list[float], bins: int = 10) -> dict | None:
    """Counts of municipalities in `bins` equal-width bins between the minimum and maximum."""
    if not values:
        return None
    width, height = WIDTH, 240.0
    low, high = min(values), max(values)
    if high == low:
        bins = 1
    step = (high - low) / bins if high > low else 1.0
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int((value - low) / step))] += 1
    tallest = max(counts)
    left, right, top, bottom = _label_room([tallest]), 16.0, 16.0, 40.0
    y = _scale(0, tallest, height - bottom, top)
    bar_width = (width - left - right) / bins
    decimals = indicator.decimals
    bars = []
    for i, count in enumerate(counts):
        start, end = low + i * step, (low + (i + 1) * step if high > low else high)
        bars.append(
            {
                "x": round(left + i * bar_width + 1, 1),
                "y": round(y(count), 1),
                "width": round(bar_width - 2, 1),
                "height": round(height - bottom - y(count), 1),
                "title": ngettext(
                    "%(start)s a %(end)s: %(count)d município",
                    "%(start)s a %(end)s: %(count)d municípios",
                    count,
                )
                % {
                    "start": format_value(start, decimals),
                    "end": format_value(end, decimals),
                    "count": count,
                },
            }
        )
    middle = median(values)
    x = _scale(low, high, left, width - right)
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "tick_x": left - 6,
        "label_y": height - bottom + 22,
        "bars": bars,
        "median_x": round(x(middle), 1),
        "median_label": _("mediana %(value)s") % {"value": format_value(middle, decimals)},
        # The end labels hang inwards from their ticks, so they stay inside the drawing.
        "x_ticks": [
            {"x": round(x(v), 1), "label": format_value(v, decimals), "anchor": anchor}
            for v, anchor in (
                [(low, "middle")]
                if high == low
                else [(low, "start"), ((low + high) / 2, "middle"), (high, "end")]
            )
        ],
        "y_ticks": [{"y": round(y(c), 1), "label": c} for c in sorted({0, tallest})],
    }


def indicator_charts(indicator: Indicator, uf: str) -> dict:
    """Context of the include `indicators/analysis_charts.html` for one indicator and state.

    One query. Keys: indicator, uf, series (per period: median, min, max, count), timeseries,
    histogram, latest_period (None everywhere when the state has no value).
    """
    uf = uf.upper()
    grouped = values_by_period(indicator, uf)
    series = summarize(grouped)
    decimals = indicator.decimals
    table = [
        {
            **row,
            "median_display": format_value(row["median"], decimals),
            "min_display": format_value(row["min"], decimals),
            "max_display": format_value(row["max"], decimals),
        }
        for row in series
    ]
    latest = series[-1]["period"] if series else None
    return {
        "indicator": indicator,
        "uf": uf,
        "series": table,
        "timeseries": time_series(indicator, series),
        "histogram": histogram(indicator, grouped[latest]) if latest else None,
        "latest_period": latest,
    }
