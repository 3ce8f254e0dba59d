"""Analysis pages: choropleth map, municipality profile, priority ranking, saved lists."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.indicators import charts, downloads, maps, queries
from apoia.indicators.criticality import active_rules, format_value
from apoia.indicators.forms_analysis import (
    METHOD_CHOICES,
    WEIGHT_PREFIX,
    MapFilterForm,
    RankingForm,
    SaveRankingForm,
)
from apoia.indicators.models import Direction, Indicator, IndicatorValue, Ranking
from apoia.indicators.ranking import (
    RankingError,
    available_presets,
    ordered_weights,
    rank_for_page,
    save_ranking,
)
from apoia.lib.collation import reading_key
from apoia.territory.models import Municipality, State
from apoia.territory.profile import sections_for

# Staff roles that keep priority lists (duck-typed: indicators never imports accounts).
LIST_KEEPERS = ("admin", "coordinator", "technician")
DEFAULT_INDICATOR = "idhm"


def can_keep_lists(user) -> bool:
    has_role = getattr(user, "has_role", None)
    return bool(user.is_authenticated and has_role and has_role(*LIST_KEEPERS))


def _require_list_keeper(user) -> None:
    if not can_keep_lists(user):
        raise PermissionDenied


def _map_states():
    """States that have municipal boundaries in the shipped mesh, the configured one first."""
    states = [s for s in State.objects.all() if maps.state_geometry(s.uf)["paths"]]
    return sorted(states, key=lambda s: (s.uf != settings.APOIA_STATE, s.uf))


def _choose(options: list, wanted, default=None):
    return wanted if wanted in options else (default if default in options else None)


def _profile_url(ibge: int) -> str:
    return reverse("indicators:profile", args=[ibge])


def _shape_title(name: str, item: dict | None) -> str:
    """The tooltip of a municipality on the map: "Nome: valor", plus the flag reasons."""
    title = f"{name}: {item['display'] if item else _('sem dado')}"
    if item and item["reasons"]:
        title += " — " + "; ".join(item["reasons"])
    return title


def map_page(request):
    states = _map_states()
    indicators = list(queries.published_indicators())
    ufs = [s.uf for s in states]
    uf = _choose(ufs, (request.GET.get("uf") or "").upper(), settings.APOIA_STATE) or (
        ufs[0] if ufs else None
    )
    by_code = {i.code: i for i in indicators}
    indicator = by_code.get(request.GET.get("indicator")) or by_code.get(DEFAULT_INDICATOR)
    if indicator is None and indicators:
        indicator = indicators[0]
    periods = queries.periods(indicator, uf) if indicator and uf else []
    try:
        wanted_period = int(request.GET.get("period", ""))
    except ValueError:
        wanted_period = None
    period = wanted_period if wanted_period in periods else (periods[-1] if periods else None)
    mode = request.GET.get("mode") if request.GET.get("mode") in ("values", "flags") else "values"
    form = MapFilterForm(
        states=states,
        indicators=indicators,
        periods=periods,
        initial={
            "uf": uf,
            "indicator": indicator.code if indicator else None,
            "period": period,
            "mode": mode,
        },
    )
    context = {
        "form": form,
        "indicator": indicator,
        "uf": uf,
        "period": period,
        "mode": mode,
        "breadcrumbs": [(_("Indicadores"), reverse("indicators:list")), (_("Mapa"), None)],
    }
    if indicator and uf and period is not None:
        geometry = maps.state_geometry(uf)
        data = maps.map_data(indicator, uf, period, mode)
        items = data["items"]
        shapes = []
        for ibge, (name, d) in geometry["paths"].items():
            item = items.get(ibge)
            shapes.append(
                {
                    "ibge": ibge,
                    "name": name,
                    "d": d,
                    "colour": item["colour"] if item else maps.NO_DATA,
                    "title": _shape_title(name, item),
                    "url": _profile_url(ibge),
                }
            )
        table = sorted(items.values(), key=lambda item: reading_key(item["municipality"]))
        labels = {entry["class"]: entry["label"] for entry in data["legend"]}
        for item in table:
            item["url"] = _profile_url(item["ibge"])
            item["class_label"] = labels.get(item["class"], "")
        context.update(
            geometry=geometry,
            shapes=shapes,
            legend=data["legend"],
            caption=data["caption"],
            count_label=data["count_label"],
            table=table,
            charts=charts.indicator_charts(indicator, uf),
            without_rules=mode == "flags" and not active_rules(indicator),
            ranking_url=(
                ""
                if indicator.direction == Direction.NEUTRAL
                else f"{reverse('indicators:ranking')}?"
                + _ranking_query(uf, period, "minmax", {indicator.code: 1})
            ),
        )
    return render(request, "indicators/map.html", context)


def municipality_list(request):
    """Every municipality's profile, by state; the picker jumps straight to one."""
    wanted = (request.GET.get("municipio") or "").strip()
    if wanted.isascii() and wanted.isdigit():
        found = Municipality.objects.filter(ibge=int(wanted)).first()
        if found is not None:
            return redirect("indicators:profile", ibge=found.ibge)
    states = list(State.objects.filter(municipalities__isnull=False).distinct())
    states.sort(key=lambda s: (s.uf != settings.APOIA_STATE, s.uf))
    by_uf = {s.uf: s for s in states}
    state = by_uf.get((request.GET.get("uf") or "").upper()) or (states[0] if states else None)
    municipalities = []
    if state is not None:
        municipalities = sorted(
            Municipality.objects.filter(state=state).only("ibge", "name", "state_id"),
            key=lambda m: reading_key(m.name),
        )
    return render(
        request,
        "indicators/municipality_list.html",
        {
            "states": states,
            "state": state,
            "municipalities": municipalities,
            "not_found": bool(wanted),
            "breadcrumbs": [
                (_("Indicadores"), reverse("indicators:list")),
                (_("Municípios"), None),
            ],
        },
    )


def profile(request, ibge: int):
    municipality = get_object_or_404(Municipality.objects.select_related("state"), ibge=ibge)
    entries = queries.municipality_profile(municipality)
    for entry in entries:
        decimals = entry["indicator"].decimals
        entry["value_display"] = format_value(entry["value"], decimals)
        entry["median_display"] = format_value(entry["state_median"], decimals)
        entry["sparkline"] = charts.sparkline(entry["series"], entry["median_series"])
        entry["series_display"] = [(p, format_value(v, decimals)) for p, v in entry["series"]]
    flagged = [entry for entry in entries if entry["reasons"]]
    uf = municipality.state.uf
    map_query = urlencode({"uf": uf})
    return render(
        request,
        "indicators/profile.html",
        {
            "municipality": municipality,
            "entries": entries,
            "flagged": flagged,
            "map_url": f"{reverse('indicators:map')}?{map_query}",
            "ranking_url": reverse("indicators:ranking"),
            "list_url": f"{reverse('indicators:municipalities')}?{map_query}",
            "sections": sections_for(municipality, request.user),
            "breadcrumbs": [
                (_("Indicadores"), reverse("indicators:list")),
                (_("Municípios"), f"{reverse('indicators:municipalities')}?{map_query}"),
                (f"{municipality.name}/{uf}", None),
            ],
        },
    )


def _ranking_indicators() -> list[Indicator]:
    return [i for i in queries.published_indicators() if i.direction != Direction.NEUTRAL]


def _ranking_form(data=None, indicators=None):
    indicators = _ranking_indicators() if indicators is None else indicators
    periods = sorted(
        set(
            IndicatorValue.objects.filter(indicator__in=indicators)
            .values_list("period", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    states = list(State.objects.filter(municipalities__isnull=False).distinct())
    states.sort(key=lambda s: (s.uf != settings.APOIA_STATE, s.uf))
    initial = {"uf": settings.APOIA_STATE, "method": "minmax"}
    return RankingForm(data, states=states, periods=periods, indicators=indicators, initial=initial)


def _preset_data(preset) -> dict:
    """The form data of a preset: the configured state, the latest period with data."""
    data = {"uf": settings.APOIA_STATE, "period": "", "method": "minmax"}
    data.update({WEIGHT_PREFIX + code: f"{w:g}" for code, w in preset.weights.items()})
    return data


def _preset_links(presets, weights: dict[str, float] | None) -> list[dict]:
    current = {code: float(w) for code, w in (weights or {}).items()}
    return [
        {
            "preset": preset,
            "url": f"?{urlencode({'preset': preset.slug})}",
            "current": current == {code: float(w) for code, w in preset.weights.items()},
        }
        for preset in presets
    ]


def _ranking_table(rows: list[dict], weights: dict[str, float]) -> tuple[list, list]:
    """Columns (the used indicators) and rows with their cells ready to print."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=weights)}
    columns = [
        {
            "code": code,
            "indicator": indicators.get(code),
            "weight": weight,
            "weight_display": format_value(weight, 0 if float(weight).is_integer() else 2),
        }
        for code, weight in weights.items()
    ]
    table = []
    for row in rows:
        cells = []
        for column in columns:
            code, indicator = column["code"], column["indicator"]
            decimals = indicator.decimals if indicator else 2
            if code in row["contributions"]:
                cells.append(
                    {
                        "contribution": format_value(row["contributions"][code], 3),
                        "value": format_value(row["values"].get(code), decimals),
                    }
                )
            else:
                cells.append(None)
        table.append(
            {
                **row,
                "score_display": format_value(row["score"], 3),
                "cells": cells,
                "url": _profile_url(row["ibge"]),
            }
        )
    return columns, table


def ranking_page(request):
    indicators = _ranking_indicators()
    presets = available_presets(i.code for i in indicators)
    by_slug = {preset.slug: preset for preset in presets}
    if "uf" in request.GET:
        data, shown_preset = request.GET, None
    else:
        # A first visit, or a preset picked from its link: the ranking starts computed.
        shown_preset = by_slug.get(request.GET.get("preset")) or (presets[0] if presets else None)
        data = _preset_data(shown_preset) if shown_preset else None
    form = _ranking_form(data, indicators)
    context = {
        "form": form,
        "can_save": can_keep_lists(request.user),
        "shown_preset": shown_preset,
        "breadcrumbs": [
            (_("Indicadores"), reverse("indicators:list")),
            (_("Ranking de prioridade"), None),
        ],
    }
    weights = None
    if form.is_bound and form.is_valid():
        weights = form.weights()
        uf, method = form.cleaned_data["uf"], form.cleaned_data["method"]
        try:
            result = rank_for_page(uf, form.cleaned_data["period"], weights, method)
        except RankingError as exc:
            form.add_ranking_error(exc.field, exc.message)
        else:
            kind = request.GET.get("formato")
            if kind in downloads.FORMATS and result.has_data:
                return downloads.ranking_download(
                    result.rows,
                    weights,
                    filename=f"ranking-{uf.lower()}-{result.period}",
                    title=_("Ranking de prioridade"),
                    kind=kind,
                )
            columns, table = _ranking_table(result.rows, weights)
            query = _ranking_query(uf, result.period, method, weights) if result.period else ""
            context.update(
                result=result,
                state=State.objects.filter(uf=uf).first(),
                columns=columns,
                rows=table if result.has_data else [],
                download_query=query,
                suggested_url=(
                    f"?{_ranking_query(uf, result.suggested_period, method, weights)}"
                    if result.suggested_period
                    else ""
                ),
                hidden_params=_hidden_params(form, weights, result.period),
                save_form=SaveRankingForm(),
            )
    context["presets"] = _preset_links(presets, weights)
    context["used_weights"] = len(weights or {})
    return render(request, "indicators/ranking.html", context)


def _hidden_params(form, weights: dict[str, float], period: int | None):
    """The parameters a saved list is computed with: the period the page shows, not blank."""
    data = form.cleaned_data
    params = [("uf", data["uf"]), ("period", period or ""), ("method", data["method"])]
    return params + [(WEIGHT_PREFIX + code, weight) for code, weight in weights.items()]


def _ranking_query(uf: str, period: int, method: str, weights: dict[str, float]) -> str:
    params = {"uf": uf, "period": period, "method": method}
    # Sorted: PostgreSQL's jsonb does not keep the order the weights were saved in.
    params.update({WEIGHT_PREFIX + code: f"{weights[code]:g}" for code in sorted(weights)})
    return urlencode(params)


@login_required
@require_POST
def ranking_save(request):
    _require_list_keeper(request.user)
    form = _ranking_form(request.POST)
    save_form = SaveRankingForm(request.POST)
    if form.is_valid() and save_form.is_valid():
        try:
            saved = save_ranking(
                name=save_form.cleaned_data["name"],
                uf=form.cleaned_data["uf"],
                period=form.cleaned_data["period"],
                method=form.cleaned_data["method"],
                weights=form.weights(),
                by=request.user,
            )
        except RankingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Lista de prioridade salva."))
            return redirect("indicators:saved_ranking", pk=saved.pk)
    else:
        messages.error(request, _("Informe o nome da lista e parâmetros válidos."))
    query = request.POST.copy()
    for key in ("csrfmiddlewaretoken", "name"):
        query.pop(key, None)
    return redirect(f"{reverse('indicators:ranking')}?{query.urlencode()}")


@login_required
def saved_rankings(request):
    _require_list_keeper(request.user)
    found = Ranking.objects.select_related("state", "created_by").order_by("-created_at", "-pk")
    page_obj = Paginator(found, 25).get_page(request.GET.get("page"))
    labels = dict(METHOD_CHOICES)
    rankings = list(page_obj.object_list)
    for ranking in rankings:
        ranking.method_label = labels.get(ranking.method, ranking.method)
    return render(
        request,
        "indicators/ranking_lists.html",
        {
            "page_obj": page_obj,
            "rankings": rankings,
            "breadcrumbs": [
                (_("Indicadores"), reverse("indicators:list")),
                (_("Ranking de prioridade"), reverse("indicators:ranking")),
                (_("Listas de prioridade"), None),
            ],
        },
    )


@login_required
def saved_ranking(request, pk: int):
    _require_list_keeper(request.user)
    ranking = get_object_or_404(Ranking.objects.select_related("state", "created_by"), pk=pk)
    columns, table = _ranking_table(ranking.rows, ordered_weights(ranking.weights))
    query = _ranking_query(ranking.state.uf, ranking.period, ranking.method, ranking.weights)
    return render(
        request,
        "indicators/ranking_saved.html",
        {
            "ranking": ranking,
            "columns": columns,
            "rows": table,
            "method_label": dict(METHOD_CHOICES).get(ranking.method, ranking.method),
            "recompute_url": f"{reverse('indicators:ranking')}?{query}",
            "breadcrumbs": [
                (_("Indicadores"), reverse("indicators:list")),
                (_("Listas de prioridade"), reverse("indicators:saved_rankings")),
                (ranking.name, None),
            ],
        },
    )


def saved_ranking_download(request, pk: int, kind: str):
    """The saved list as a spreadsheet: rank, municipality, score, then each indicator's
    value and contribution, with missing data left empty and named in the last column."""
    _require_list_keeper(request.user)
    ranking = get_object_or_404(Ranking, pk=pk)
    return downloads.ranking_download(
        ranking.rows,
        ordered_weights(ranking.weights),
        filename=f"lista-prioridade-{ranking.pk}",
        title=ranking.name,
        kind=kind,
    )
