"""Public pages of councils: the list with filters, a council's page (parity, seats with
titular and alternate, meetings with their quorum, resolutions) and a meeting's page.
Councillors' e-mail shows only to those who manage the council."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.society import queries_councils as queries
from apoia.society import services_councils as services
from apoia.society.models.councils import Segment

PER_PAGE = 20
MEETINGS_PER_PAGE = 10


def _filters(request) -> dict:
    return {
        "uf": request.GET.get("uf", "").strip().upper()[:2],
        "municipality": request.GET.get("municipality", "").strip()[:7],
        "policy_area": request.GET.get("policy_area", "").strip()[:120],
        "q": request.GET.get("q", "").strip()[:100],
    }


def council_list(request):
    filters = _filters(request)
    page = Paginator(queries.filter_councils(**filters), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"council": c, "parity": services.parity(c)} for c in page.object_list]
    return render(
        request,
        "society/councils/list.html",
        {
            **filters,
            "page_obj": page,
            "rows": rows,
            "policy_areas": queries.policy_areas(),
            "municipalities": queries.council_municipalities(filters["uf"]),
            "may_create": queries.may_create_council(request.user),
            "breadcrumbs": [(_("Conselhos"), reverse("society:councils"))],
        },
    )


def _crumbs(council, *more):
    return [
        (_("Conselhos"), reverse("society:councils")),
        (council.acronym or council.name, council.get_absolute_url() if more else ""),
        *more,
    ]


def council_detail(request, pk):
    council = queries.get_public_council(pk)
    today = timezone.localdate()
    seats = council.seats.select_related("organization").prefetch_related("mandates")
    holders = services.seat_holders(seats, today)
    groups = [
        (label, [h for h in holders if h.seat.segment == value]) for value, label in Segment.choices
    ]
    meetings_page = Paginator(
        council.meetings.prefetch_related("attendances"), MEETINGS_PER_PAGE
    ).get_page(request.GET.get("page"))
    meetings = [{"meeting": m, "quorum": services.meeting_quorum(m)} for m in meetings_page]
    may_manage = queries.may_manage_council(request.user, council)
    # Managers also see past and future mandates (the table above shows those in force).
    all_mandates = (
        queries.council_mandates(council).order_by(
            "seat__segment", "seat__order", "seat__pk", "role", "-starts_on"
        )
        if may_manage
        else []
    )
    return render(
        request,
        "society/councils/detail.html",
        {
            "council": council,
            "parity": services.parity(council),
            "groups": groups,
            "page_obj": meetings_page,
            "meetings": meetings,
            "resolutions": council.resolutions.select_related("meeting"),
            "may_manage": may_manage,
            "all_mandates": all_mandates,
            "today": today,
            "show_contacts": queries.may_see_contacts(request.user, council),
            "ending_within": services.ENDING_WITHIN_DAYS,
            "breadcrumbs": _crumbs(council),
        },
    )


def meeting_detail(request, pk, meeting_pk):
    council = queries.get_public_council(pk)
    meeting = queries.get_public_meeting(council, meeting_pk)
    return render(
        request,
        "society/councils/meeting.html",
        {
            "council": council,
            "meeting": meeting,
            "quorum": services.meeting_quorum(meeting),
            "resolutions": meeting.resolutions.all(),
            "may_manage": queries.may_manage_council(request.user, council),
            "breadcrumbs": _crumbs(council, (_("Reunião de %s") % _date(meeting), "")),
        },
    )


def _date(meeting) -> str:
    return f"{services.meeting_day(meeting):%d/%m/%Y}"
