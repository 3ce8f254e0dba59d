"""The legislative dashboard (/legislativo/): per consulted unit, the open opinion requests
that are late and those due this week (today to Sunday), the user's own units first."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.legislative import queries

UNITS_PER_PAGE = 10


@dataclass
class UnitRow:
    unit: OrgUnit
    own: bool
    late: list = field(default_factory=list)
    this_week: list = field(default_factory=list)


def week_end(today: dt.date) -> dt.date:
    """The Sunday closing `today`'s week (today itself on a Sunday)."""
    return today + dt.timedelta(days=6 - today.weekday())


def dashboard_rows(user, today: dt.date, unit_slug: str = "") -> list[UnitRow]:
    """One row per unit with late or due-this-week requests: the user's units first, then
    by name."""
    qs = (
        queries.visible_opinion_requests(user)
        .open()
        .filter(due_on__lte=week_end(today))
        .order_by("due_on", "bill__year", "bill__number")
    )
    if unit_slug:
        qs = qs.filter(unit__slug=unit_slug)
    own = queries.staff_unit_ids(user)
    rows: dict[int, UnitRow] = {}
    for req in qs:
        row = rows.get(req.unit_id)
        if row is None:
            is_own = own is not None and req.unit_id in own
            row = rows[req.unit_id] = UnitRow(unit=req.unit, own=is_own)
        (row.late if req.due_on < today else row.this_week).append(req)
    return sorted(rows.values(), key=lambda r: (not r.own, r.unit.name.casefold()))


@login_required
def dashboard(request):
    if queries.staff_state_ids(request.user) == set():
        raise Http404
    today = timezone.localdate()
    unit = request.GET.get("unit", "")[:80]
    rows = dashboard_rows(request.user, today, unit)
    page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    state_ids = queries.staff_state_ids(request.user)
    units = (
        OrgUnit.objects.all()
        if state_ids is None
        else OrgUnit.objects.filter(state_id__in=state_ids)
    )
    return render(
        request,
        "legislative/dashboard.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "late_total": sum(len(r.late) for r in rows),
            "week_total": sum(len(r.this_week) for r in rows),
            "today": today,
            "week_end": week_end(today),
            "units": units.select_related("state"),
            "unit": unit,
            "may_create": queries.may_follow_bills(request.user),
            "breadcrumbs": [(_("Painel legislativo"), reverse("legislative:dashboard"))],
        },
    )
