"""Pages of the parliamentary demands: the filing form (any signed-in person: a legislator's
office, or the desk on a legislator's behalf) and the desk's list. A demand is a protocol
request: after filing, its receipt, tracking and handling are protocol's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.legislative import queries_demands
from apoia.legislative.forms_demands import DemandForm
from apoia.legislative.models import House
from apoia.legislative.reference_demands import demand_service
from apoia.legislative.services_demands import file_demand
from apoia.protocol import receipts
from apoia.protocol.models import Status
from apoia.protocol.public_views import remember

PER_PAGE = 25
STATUS_FILTERS = [
    ("open", gettext_lazy("Em aberto")),
    ("late", gettext_lazy("Atrasadas")),
    *Status.choices,
]


def _crumbs(*tail):
    try:
        home = reverse("legislative:dashboard")
    except NoReverseMatch:  # the desk's dashboard is not installed
        home = None
    return [(_("Acompanhamento legislativo"), home), *tail]


@login_required
def demand_new(request):
    # Signed in only: an account answers for what it files (no rate limit, as on the
    # generic form), and the demand is the legislator's office's, not an anonymous one.
    service = demand_service()
    if service is None or not service.is_published:
        raise Http404
    status = 200
    if request.method == "POST":
        form = DemandForm(request.POST, request.FILES, service=service, user=request.user)
        if form.is_valid():
            try:
                req = file_demand(by=request.user, **form.filing_kwargs())
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            else:
                remember(request, req)
                messages.success(
                    request,
                    _("Demanda parlamentar registrada com o protocolo %(protocol)s.")
                    % {"protocol": req.protocol},
                )
                return redirect("protocol:receipt", req.protocol_slug)
        status = 400
    else:
        form = DemandForm(service=service, user=request.user)
    return render(
        request,
        "legislative/demands/new.html",
        {
            "form": form,
            "service": service,
            "deadline_rule": receipts.deadline_rule(service),
            # The Carta de Serviços leads here (the service's "Solicitar"), for everyone.
            "breadcrumbs": [
                (_("Carta de Serviços"), reverse("catalog:list")),
                (service.name, None),
            ],
        },
        status=status,
    )


@login_required
def demand_list(request):
    if not queries_demands.is_desk_staff(request.user):
        raise Http404
    today = timezone.localdate()
    filters = {
        "status": request.GET.get("status", "")[:30],
        "house": request.GET.get("house", "")[:30],
        "q": request.GET.get("q", "")[:100],
    }
    rows = queries_demands.filter_desk_demands(
        queries_demands.desk_demands(request.user), today=today, **filters
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for demand in page.object_list:
        req = demand.request
        demand.is_late = req.is_open and req.due_date is not None and req.due_date < today
    return render(
        request,
        "legislative/demands/list.html",
        {
            "page_obj": page,
            "demands": page.object_list,
            "statuses": STATUS_FILTERS,
            "houses": House.choices,
            **filters,
            "filtered": any(filters.values()),
            "breadcrumbs": _crumbs((_("Demandas parlamentares"), reverse("legislative:demands"))),
        },
    )
