"""Public pages of MROSC partnerships (the list with filters, a partnership's page with the
managers' action panels) and the representatives' page of their organizations' partnerships."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apoia.society.forms_partnerships import PublicFilterForm
from apoia.society.queries import is_society_staff, represented_organization_ids
from apoia.society.queries_partnerships import (
    by_organization,
    get_public_partnership,
    may_create_partnership,
    may_manage_partnership,
    public_partnerships,
    represented_partnerships,
)
from apoia.society.services_partnerships import report_actions
from apoia.society.views_partnerships_manage import action_panels

PER_PAGE = 20
ACTION_LABELS = {"receipt": _lazy("Registrar recebimento"), "opinion": _lazy("Dar parecer")}


def partnership_list(request):
    qs = public_partnerships()
    form = PublicFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        # An unknown status (or other bad filter) is said next to its field, as the API's 422.
        qs = qs.none()
    data = form.cleaned_data if request.GET and form.is_valid() else {}
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("term_kind"):
        qs = qs.filter(term_kind=data["term_kind"])
    if data.get("uf"):
        qs = qs.filter(unit__state__uf=data["uf"].upper())
    if data.get("organization"):
        qs = by_organization(qs, data["organization"])
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "society/partnerships/list.html",
        {
            "form": form,
            "page_obj": page,
            "partnerships": page.object_list,
            "is_staff": is_society_staff(request.user),
            "may_create": may_create_partnership(request.user),
            "breadcrumbs": [(_("Parcerias"), reverse("society:partnerships"))],
        },
    )


def partnership_detail(request, pk):
    partnership = get_public_partnership(pk)
    today = timezone.localdate()
    may_manage = may_manage_partnership(request.user, partnership)
    reports = [
        {
            "report": r,
            "late": not r.received_on and r.due_on < today,
            "actions": [
                (reverse(f"society:partnership_{a}", args=[r.pk]), ACTION_LABELS[a])
                for a in (report_actions(r) if may_manage else ())
            ],
        }
        for r in partnership.reports.all()
    ]
    schedule = [
        (label, day)
        for label, day in (
            (_("Publicação do edital"), partnership.call_published_on),
            (_("Propostas até"), partnership.proposals_until),
            (_("Resultado da seleção"), partnership.result_published_on),
            (_("Assinatura do termo"), partnership.signed_on),
            (_("Início da vigência"), partnership.starts_on),
            (_("Fim da vigência"), partnership.ends_on),
            (_("Encerramento"), partnership.closed_on),
        )
        if day
    ]
    schedule += [
        (f"{a.number}º " + _("aditivo"), a.signed_on) for a in partnership.amendments.all()
    ]
    schedule += [(_("Prazo: %s") % r["report"], r["report"].due_on) for r in reports]
    schedule.sort(key=lambda item: item[1])
    return render(
        request,
        "society/partnerships/detail.html",
        {
            "partnership": partnership,
            "reports": reports,
            "schedule": schedule,
            "goals": partnership.goals.all(),
            "amendments": partnership.amendments.all(),
            "may_manage": may_manage,
            "panels": action_panels(partnership) if may_manage else [],
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (partnership.title, ""),
            ],
        },
    )


@login_required
def partnership_mine(request):
    """A representative's page: their organizations' partnerships, with reports due and late."""
    if not represented_organization_ids(request.user):
        raise Http404
    today = timezone.localdate()
    qs = represented_partnerships(request.user, today=today)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "society/partnerships/mine.html",
        {
            "page_obj": page,
            "partnerships": page.object_list,
            "today": today,
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (_("Parcerias da organização"), ""),
            ],
        },
    )
