"""Public pages of the agenda: the list with filters, the month view, an event, a series.
Everyone sees published events (and those cancelled after publication, as cancelled); staff
and the NEEP also open what their roles work on (queries.get_event_for)."""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import queries, queries_participation
from apoia.agenda.forms_events import AgendaFilterForm, CancelForm, MoveForm, ReturnForm
from apoia.agenda.models import Axis, EventStatus, Series, ValidationAction
from apoia.agenda.services import participation
from apoia.agenda.services.events import local
from apoia.agenda.services.series import may_move_episode
from apoia.territory.models import State

PER_PAGE = 20
MONTHS = (
    "",
    _("janeiro"),
    _("fevereiro"),
    _("março"),
    _("abril"),
    _("maio"),
    _("junho"),
    _("julho"),
    _("agosto"),
    _("setembro"),
    _("outubro"),
    _("novembro"),
    _("dezembro"),
)
WEEKDAYS = (_("Dom"), _("Seg"), _("Ter"), _("Qua"), _("Qui"), _("Sex"), _("Sáb"))


def url_if(name: str, *args) -> str | None:
    """The URL of a page another part of the agenda builds, or None until it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _programs(states):
    Program = apps.get_model("programs", "Program")
    return Program.objects.filter(state__in=states).order_by("name")


def _filter_form(request):
    states = list(State.objects.filter(pk__in=queries.public_events().values("state")))
    axes = Axis.objects.filter(state__in=states).select_related("state")
    form = AgendaFilterForm(
        request.GET or None, states=states, axes=axes, programs=_programs(states)
    )
    return form, states


def _filtered(form):
    """Public events narrowed by the valid filters; the zone months are read in."""
    qs = queries.public_events().select_related("state", "unit", "axis", "series")
    zone = ZoneInfo(settings.TIME_ZONE)
    data = {}
    if form.is_bound:
        # cleaned_data keeps only the valid filters: a bad value is ignored (and shown as an
        # error on its field), never an error page.
        form.is_valid()
        data = form.cleaned_data
    if uf := data.get("uf"):
        qs = qs.filter(state__uf=uf.upper())
        zone = ZoneInfo(State.objects.get(uf=uf.upper()).timezone)
    if value := data.get("type"):
        qs = qs.filter(type=value)
    if value := data.get("modality"):
        qs = qs.filter(modality=value)
    if value := data.get("axis"):
        qs = qs.filter(axis_id=value)
    if value := data.get("program"):
        qs = qs.filter(phase__program__slug=value)
    return qs, data, zone


def _month_bounds(first: dt.date, zone) -> tuple[dt.datetime, dt.datetime]:
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=zone),
        dt.datetime.combine(following, dt.time(), tzinfo=zone),
    )


def _feeds(states):
    rows = [
        {"label": s.name, "url": reverse("agenda:ical_state", args=[s.uf.lower()])} for s in states
    ]
    with_events = queries.public_events().filter(phase__isnull=False).values("phase__program")
    for program in _programs(states).filter(pk__in=with_events):
        rows.append(
            {"label": program.name, "url": reverse("agenda:ical_program", args=[program.slug])}
        )
    return rows


def index(request):
    form, states = _filter_form(request)
    qs, data, zone = _filtered(form)
    now = timezone.now()
    past = request.GET.get("quando") == "passados"
    if month := data.get("month"):
        start, end = _month_bounds(month, zone)
        qs = qs.filter(start__gte=start, start__lt=end).order_by("start", "pk")
    elif past:
        qs = qs.filter(end__lt=now).order_by("-start", "-pk")
    else:
        qs = qs.filter(end__gte=now).order_by("start", "pk")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("month", None)
    return render(
        request,
        "agenda/index.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [_row(event, now) for event in page],
            "past": past,
            "month_url": reverse("agenda:month", args=[today.year, today.month])
            + (f"?{query.urlencode()}" if query else ""),
            "feeds": _feeds(states),
            "my_calendar": request.user.is_authenticated,
            "breadcrumbs": [(_("Agenda de apoio técnico"), None)],
        },
    )


def _row(event, now) -> dict:
    start = local(event)
    return {
        "event": event,
        "day": start,
        "end": local(event, event.end),
        "open": queries.registration_open(event, now),
        "left": queries.places_left(event),
    }


def month(request, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    form, _states = _filter_form(request)
    qs, _data, zone = _filtered(form)
    first = dt.date(year, month, 1)
    start, end = _month_bounds(first, zone)
    # A day earlier and later: an event's own state may be an hour off the zone of the month.
    events = list(
        qs.filter(start__gte=start - dt.timedelta(days=1), start__lt=end + dt.timedelta(days=1))
    )
    by_day: dict[dt.date, list] = {}
    for event in events:
        day = local(event).date()
        if day.year == year and day.month == month:
            by_day.setdefault(day, []).append(_row(event, timezone.now()))
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    grid = [
        [{"date": d, "in_month": d.month == month, "rows": by_day.get(d, [])} for d in week]
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    return render(
        request,
        "agenda/month.html",
        {
            "form": form,
            "title": f"{MONTHS[month]} {year}",
            "weekdays": WEEKDAYS,
            "grid": grid,
            "days": [(day, by_day[day]) for day in sorted(by_day)],
            "today": timezone.localdate(),
            "previous_url": reverse("agenda:month", args=[previous.year, previous.month]) + suffix,
            "next_url": reverse("agenda:month", args=[following.year, following.month]) + suffix,
            "previous_label": f"{MONTHS[previous.month]} {previous.year}",
            "next_label": f"{MONTHS[following.month]} {following.year}",
            "list_url": reverse("agenda:index") + suffix,
            "breadcrumbs": [
                (_("Agenda de apoio técnico"), reverse("agenda:index")),
                (f"{MONTHS[month]} {year}", None),
            ],
        },
    )


def event_detail(request, pk: int):
    event = queries.get_event_for(request.user, pk)
    event = (
        type(event)
        .objects.select_related(
            "state",
            "unit",
            "axis",
            "plan_entry__plan",
            "phase__program",
            "series",
            "validated_by",
            "proposal__consultation",
            "proposal__municipality",
        )
        .get(pk=event.pk)
    )
    user = request.user
    may_manage = queries.may_manage_event(user, event)
    may_validate = queries.may_validate_event(user, event)
    staff = may_manage or may_validate
    approved = event.validations.filter(action=ValidationAction.APPROVED).last()
    now = timezone.now()
    editable = event.status not in (EventStatus.CANCELLED, EventStatus.IN_VALIDATION)
    context = {
        "event": event,
        "participants": list(queries_participation.participating_organizations(event))
        if participation.records_participation(event)
        else [],
        "may_record_participation": participation.may_record_participation(user, event, now=now),
        "start": local(event),
        "end": local(event, event.end),
        "closes": local(event, event.registration_closes) if event.registration_closes else None,
        "validated_on": local(event, event.validated_at or approved.at)
        if (event.validated_at or approved)
        else None,
        "trail": list(event.validations.select_related("by")) if staff else [],
        "invited": list(event.audience_municipalities.order_by("name")),
        "may_manage": may_manage,
        "may_validate": may_validate and event.status == EventStatus.IN_VALIDATION,
        "editable": may_manage and editable,
        "may_submit": may_manage
        and event.needs_validation
        and event.status in (EventStatus.DRAFT, EventStatus.RETURNED),
        "may_publish": may_manage
        and not event.needs_validation
        and event.status in (EventStatus.DRAFT, EventStatus.RETURNED),
        "cancel_form": CancelForm()
        if may_manage and event.status != EventStatus.CANCELLED
        else None,
        "move_form": MoveForm()
        if may_manage and event.series_id and may_move_episode(event)
        else None,
        "return_form": ReturnForm() if may_validate else None,
        "registration_open": queries.registration_open(event, now),
        "places_left": queries.places_left(event),
        "checkin_url": url_if("agenda:checkin", event.pk) if may_manage else None,
        # The footer names whom to ask about this event: its unit, not the site's default.
        "page_contact": event.unit.contact,
        "breadcrumbs": [
            (_("Agenda de apoio técnico"), reverse("agenda:index")),
            *([(event.series.title, event.series.get_absolute_url())] if event.series_id else []),
            (event.title, None),
        ],
    }
    return render(request, "agenda/event_detail.html", context)


def series_detail(request, pk: int):
    series = get_object_or_404(Series.objects.select_related("state", "unit", "axis"), pk=pk)
    may_manage = queries.is_agenda_staff(request.user, series.state_id)
    episodes = queries.events_visible_to(request.user).filter(series=series).order_by("start")
    episodes = list(episodes.select_related("state"))
    if not episodes and not may_manage:
        raise Http404
    now = timezone.now()
    waiting = [e for e in episodes if e.status in (EventStatus.DRAFT, EventStatus.RETURNED)]
    return render(
        request,
        "agenda/series_detail.html",
        {
            "series": series,
            "rows": [
                {
                    **_row(e, now),
                    "moved": e.occurrence and local(e).date() != e.occurrence,
                    "movable": may_manage and may_move_episode(e),
                }
                for e in episodes
            ],
            "may_manage": may_manage,
            "waiting": len(waiting),
            "breadcrumbs": [
                (_("Agenda de apoio técnico"), reverse("agenda:index")),
                (series.title, None),
            ],
        },
    )
