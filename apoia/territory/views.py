import calendar as pycalendar
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.accounts.models import Role
from apoia.territory import services
from apoia.territory.calendar import BusinessCalendar, Scope, compute_deadline, optional_days
from apoia.territory.forms import CalendarFilterForm, DeadlineSimulationForm, NonBusinessDayForm
from apoia.territory.models import NonBusinessDay, State


def _require_admin(user) -> None:
    if not user.has_role(Role.ADMIN):
        raise PermissionDenied


def _month_grids(year: int, cal: BusinessCalendar) -> list[dict]:
    """Twelve month grids, each a list of weeks of (day, css class, reason) cells."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=6).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                off = cal.day_off(day)
                css = f"day-{off.scope}" if off else "day-business"
                cells.append({"date": day, "css": css, "reason": off.reason if off else ""})
            weeks.append(cells)
        months.append({"first": dt.date(year, month, 1), "weeks": weeks})
    return months


@login_required
def calendar_page(request):
    _require_admin(request.user)
    uf = (request.GET.get("uf") or settings.APOIA_STATE).upper()
    state = get_object_or_404(State, uf=uf)
    today = timezone.localdate()
    filter_form = CalendarFilterForm(
        request.GET if "year" in request.GET else None,
        uf=uf,
        initial={"uf": state, "year": today.year},
        # The page's other forms have a municipality field too: ids must stay unique.
        auto_id="filtro_%s",
    )
    year, municipality = today.year, None
    if filter_form.is_bound and filter_form.is_valid():
        year = filter_form.cleaned_data["year"]
        municipality = filter_form.cleaned_data["municipality"]

    cal = BusinessCalendar(uf, municipality.ibge if municipality else None)
    holidays_list = cal.holidays_in(year)
    adopted = set(
        NonBusinessDay.objects.filter(state=state, date__year=year).values_list("date", flat=True)
    )
    offered = [{"day": d, "adopted": d.date in adopted} for d in optional_days(uf, year)]
    local_days = (
        NonBusinessDay.objects.filter(date__year=year)
        .filter(Q(state=state) | Q(municipality__state=state))
        .select_related("municipality", "state", "created_by")
        .order_by("date")
    )

    sim_form = DeadlineSimulationForm(request.GET if "amount" in request.GET else None)
    simulation = None
    if sim_form.is_bound and sim_form.is_valid():
        simulation = compute_deadline(
            sim_form.cleaned_data["received"],
            sim_form.cleaned_data["amount"],
            sim_form.cleaned_data["unit"],
            uf=uf,
            calendar=cal,
        )

    return render(
        request,
        "territory/calendar.html",
        {
            "state": state,
            "year": year,
            "municipality": municipality,
            "filter_form": filter_form,
            "holidays": holidays_list,
            "offered": offered,
            "local_days": local_days,
            "months": _month_grids(year, cal),
            "add_form": NonBusinessDayForm(uf=uf, initial={"kind": "closure"}),
            "sim_form": sim_form,
            "simulation": simulation,
            "scopes": Scope,
            "breadcrumbs": [(_("Calendário de prazos"), None)],
        },
    )


def _back_to_calendar(state: State, year: int):
    return redirect(f"{reverse('territory:calendar')}?uf={state.uf}&year={year}")


@login_required
@require_POST
def add_day(request, uf: str):
    _require_admin(request.user)
    state = get_object_or_404(State, uf=uf.upper())
    form = NonBusinessDayForm(request.POST, uf=state.uf)
    if form.is_valid():
        data = form.cleaned_data
        try:
            day = services.add_non_business_day(
                date=data["date"],
                name=data["name"],
                kind=data["kind"],
                state=state,
                municipality=data["municipality"],
                legal_basis=data["legal_basis"],
                by=request.user,
            )
        except services.CalendarChangeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Dia não útil registrado: %(day)s.") % {"day": day})
            return _back_to_calendar(state, day.date.year)
    return render(
        request,
        "territory/add_day.html",
        {
            "form": form,
            "state": state,
            "breadcrumbs": [
                (_("Calendário de prazos"), reverse("territory:calendar")),
                (_("Registrar dia não útil"), None),
            ],
        },
        status=400,
    )


@login_required
@require_POST
def adopt_day(request, uf: str):
    _require_admin(request.user)
    state = get_object_or_404(State, uf=uf.upper())
    try:
        date = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("Data inválida."))
        return _back_to_calendar(state, timezone.localdate().year)
    try:
        day = services.adopt_optional_day(state=state, date=date, by=request.user)
    except services.CalendarChangeError as exc:
        messages.error(request, exc.message)
        return _back_to_calendar(state, date.year)
    messages.success(request, _("Ponto facultativo adotado: %(day)s.") % {"day": day})
    return _back_to_calendar(state, date.year)


@login_required
@require_POST
def remove_day(request, pk: int):
    _require_admin(request.user)
    day = get_object_or_404(
        NonBusinessDay.objects.select_related("state", "municipality__state"), pk=pk
    )
    state = day.state or day.municipality.state
    services.remove_non_business_day(day, by=request.user)
    messages.success(request, _("Dia removido do calendário: %(day)s.") % {"day": day})
    return _back_to_calendar(state, day.date.year)
