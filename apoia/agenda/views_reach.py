"""The reach dashboard (item 10): held versus planned, participation per municipality (with
CSV/XLSX downloads), the map of the municipalities never reached this year and the attendees'
satisfaction. The state's agenda staff's and the admins'; 404 to anyone else. The figures come
from queries_reach; this view only reads the filters."""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import queries_reach
from apoia.agenda.forms_reach import ReachFilterForm
from apoia.lib import spreadsheets


def current_year(state) -> int:
    return timezone.now().astimezone(ZoneInfo(state.timezone)).year


def reach_filters(user, params) -> tuple:
    """(state, year, form) from the GET parameters; 404 for a state outside the user's."""
    states = queries_reach.reach_states(user)
    state = queries_reach.reach_state_for(user, params.get("uf"))
    year = current_year(state)
    form = ReachFilterForm(params or None, states=states, initial={"uf": state.uf, "ano": year})
    if form.is_bound and form.is_valid() and form.cleaned_data.get("ano"):
        year = form.cleaned_data["ano"]
    return state, year, form


@login_required
def reach(request):
    state, year, form = reach_filters(request.user, request.GET)
    now = timezone.now()
    sort = queries_reach.clean_sort(request.GET.get("ordem"))
    rows = queries_reach.participation(state, year, now, sort)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        headers, table = queries_reach.participation_table(rows)
        stem = f"alcance-{state.uf.lower()}-{year}"
        if export == "xlsx":
            return spreadsheets.xlsx_response(
                f"{stem}.xlsx", headers, table, title=_("Participação por município")
            )
        return spreadsheets.csv_response(f"{stem}.csv", headers, table)
    never = queries_reach.never_reached(rows)
    query = urlencode({"uf": state.uf, "ano": year})
    return render(
        request,
        "agenda/reach/dashboard.html",
        {
            "state": state,
            "year": year,
            "form": form,
            "states": queries_reach.reach_states(request.user),
            "now": now,
            "planned": queries_reach.held_versus_planned(state, year, now),
            "rows": rows,
            "sort": sort,
            "sorts": _sort_links(query, sort),
            "query": query,
            "never": never,
            "reach_map": queries_reach.reach_map(state, rows),
            "satisfaction": queries_reach.satisfaction(state, year),
            "breadcrumbs": [
                (_("Agenda de apoio técnico"), reverse("agenda:index")),
                (_("Gestão da agenda"), reverse("agenda:staff_home")),
                (_("Alcance"), None),
            ],
        },
    )


def _sort_links(query: str, sort: str) -> dict:
    """Per column: the link that sorts by it (toggling the direction) and its aria-sort."""
    links = {}
    for column in queries_reach.SORTS:
        # Names read A→Z first; figures from the largest.
        first = column if column == "name" else f"-{column}"
        if sort == first:
            target = first.lstrip("-") if first.startswith("-") else f"-{first}"
        else:
            target = first
        aria = ""
        if sort.lstrip("-") == column:
            aria = "descending" if sort.startswith("-") else "ascending"
        links[column] = {"url": f"?{query}&ordem={target}", "aria": aria}
    return links
