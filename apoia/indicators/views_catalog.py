"""The public indicator catalog: the list by axis, one indicator's page, its values as CSV."""

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apoia.indicators import downloads, queries
from apoia.indicators.criticality import format_value
from apoia.indicators.forms import CatalogFilterForm
from apoia.indicators.forms_analysis import WEIGHT_PREFIX
from apoia.indicators.import_files import normalize_header
from apoia.indicators.models import Direction, Indicator, IndicatorValue

VALUES_PAGE_SIZE = 50
DIRECTION_ICONS = {
    Direction.HIGHER_IS_BETTER: "fa-arrow-up",
    Direction.LOWER_IS_BETTER: "fa-arrow-down",
    Direction.NEUTRAL: "fa-arrows-alt-h",
}


def coverage(indicator_ids) -> dict[int, dict]:
    """Per indicator: the periods with data (ascending) and how many municipalities have any."""
    found = {pk: {"periods": [], "municipalities": 0} for pk in indicator_ids}
    values = IndicatorValue.objects.filter(indicator_id__in=found)
    for pk, period in (
        values.values_list("indicator_id", "period").distinct().order_by("indicator_id", "period")
    ):
        found[pk]["periods"].append(period)
    for row in values.values("indicator_id").annotate(n=Count("municipality", distinct=True)):
        found[row["indicator_id"]]["municipalities"] = row["n"]
    return found


def periods_text(periods: list[int]) -> str:
    """ "1991, 2000, 2010" or "2000–2024" for an unbroken run of years."""
    if len(periods) > 3 and periods[-1] - periods[0] == len(periods) - 1:
        return f"{periods[0]}–{periods[-1]}"
    return ", ".join(str(p) for p in periods)


def indicator_list(request):
    published = Indicator.objects.filter(is_published=True)
    axes = sorted({a for a in published.values_list("axis", flat=True) if a})
    form = CatalogFilterForm(request.GET, axes=axes)
    filters = form.filters()
    found = published.order_by("axis", "name")
    if filters["q"]:
        q = filters["q"]
        found = found.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(description__icontains=q)
        )
    if filters["axis"]:
        found = found.filter(axis=filters["axis"])
    indicators = list(found)
    covered = coverage([i.pk for i in indicators])
    groups = defaultdict(list)
    for indicator in indicators:
        data = covered[indicator.pk]
        indicator.periods_text = periods_text(data["periods"])
        indicator.municipality_count = data["municipalities"]
        indicator.direction_icon = DIRECTION_ICONS.get(indicator.direction, "fa-minus")
        groups[indicator.axis or _("Sem eixo")].append(indicator)
    return render(
        request,
        "indicators/catalog_list.html",
        {
            "form": form,
            "groups": sorted(groups.items()),
            "count": len(indicators),
            "breadcrumbs": [(_("Indicadores"), None)],
        },
    )


def _get_indicator(request, code: str) -> Indicator:
    indicator = get_object_or_404(Indicator, code=code)
    if not indicator.is_published and not _is_admin(request.user):
        raise Http404
    return indicator


def _is_admin(user) -> bool:
    has_role = getattr(user, "has_role", None)
    return bool(user.is_authenticated and has_role and has_role("admin"))


def _period_param(request) -> int | None:
    raw = request.GET.get("period", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def indicator_detail(request, code):
    indicator = _get_indicator(request, code)
    stats = queries.indicator_stats(indicator)
    ufs = sorted(
        {uf for row in stats for uf in row["by_uf"]}, key=lambda u: (u != settings.APOIA_STATE, u)
    )
    wanted = request.GET.get("uf", "").upper()
    uf = wanted if wanted in ufs else (ufs[0] if ufs else None)
    uf_periods = [row["period"] for row in stats if uf in row["by_uf"]]
    period = _period_param(request)
    if period not in uf_periods:
        period = uf_periods[-1] if uf_periods else None
    rows = queries.state_values(indicator, uf, period) if uf and period else []
    # By name as people sort it: "Água Clara" among the A's, not after "Vicentina".
    rows.sort(key=lambda row: normalize_header(row[1]))
    page_obj = Paginator(rows, VALUES_PAGE_SIZE).get_page(request.GET.get("page"))
    values = [
        {"ibge": ibge, "name": name, "value": format_value(value, indicator.decimals)}
        for ibge, name, value in page_obj.object_list
    ]
    query = urlencode({"uf": uf, "period": period}) if uf and period else ""
    suffix = f"?{query}" if query else ""
    map_query = {"indicator": indicator.code, **({"uf": uf} if uf else {})}
    ranking_url = ""
    if indicator.direction != Direction.NEUTRAL and indicator.is_published:
        ranking_url = f"{reverse('indicators:ranking')}?" + urlencode(
            {
                "uf": uf or settings.APOIA_STATE,
                "period": period or "",
                "method": "minmax",
                f"{WEIGHT_PREFIX}{indicator.code}": 1,
            }
        )
    return render(
        request,
        "indicators/catalog_detail.html",
        {
            "indicator": indicator,
            "direction_icon": DIRECTION_ICONS.get(indicator.direction, "fa-minus"),
            "stats": stats,
            "ufs": ufs,
            "uf": uf,
            "uf_periods": uf_periods,
            "period": period,
            "page_obj": page_obj,
            "values": values,
            "total_values": sum(row["count"] for row in stats),
            "municipality_count": coverage([indicator.pk])[indicator.pk]["municipalities"],
            "periods_text": periods_text([row["period"] for row in stats]),
            "csv_url": reverse("indicators:values_csv", args=[indicator.code]) + suffix,
            "xlsx_url": reverse("indicators:values_xlsx", args=[indicator.code]) + suffix,
            "map_url": f"{reverse('indicators:map')}?{urlencode(map_query)}",
            "ranking_url": ranking_url,
            "national_reference": format_value(indicator.national_reference, indicator.decimals),
            "breadcrumbs": [
                (_("Indicadores"), reverse("indicators:list")),
                (indicator.name, None),
            ],
        },
    )


def values_download(request, code, kind: str = "csv"):
    """The values table as a spreadsheet people open in Excel; the importer reads it back.

    The machine-readable CSV (`,`, `.`, codes) is the API's, /api/v1/indicators/<code>/values.csv.
    """
    indicator = _get_indicator(request, code)
    uf = request.GET.get("uf", "").strip().upper() or None
    period = _period_param(request)
    rows = queries.values_table(indicator, uf, period)
    return downloads.values_download(indicator, rows, uf=uf, period=period, kind=kind)
