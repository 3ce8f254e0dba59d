"""Public pages of MROSC partnerships: the list (with filters) and a partnership's page."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.society.models.partnerships import PartnershipStatus, TermKind
from apoia.society.queries_partnerships import (
    get_public_partnership,
    may_manage_partnership,
    public_partnerships,
)

PER_PAGE = 20


def partnership_list(request):
    qs = public_partnerships()
    status = request.GET.get("status", "")
    term_kind = request.GET.get("term_kind", "")
    uf = request.GET.get("uf", "").upper()[:2]
    organization = request.GET.get("organization", "")
    if status in PartnershipStatus.values:
        qs = qs.filter(status=status)
    if term_kind in TermKind.values:
        qs = qs.filter(term_kind=term_kind)
    if uf:
        qs = qs.filter(unit__state__uf=uf)
    if organization.isdigit():
        qs = qs.filter(organization_id=int(organization))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "society/partnerships/list.html",
        {
            "page_obj": page,
            "partnerships": page.object_list,
            "statuses": PartnershipStatus.choices,
            "term_kinds": TermKind.choices,
            "status": status,
            "term_kind": term_kind,
            "uf": uf,
            "breadcrumbs": [(_("Parcerias"), reverse("society:partnerships"))],
        },
    )


def partnership_detail(request, pk):
    partnership = get_public_partnership(pk)
    today = datetime.date.today()
    reports = [
        {"report": r, "late": not r.received_on and r.due_on < today}
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
            "may_manage": may_manage_partnership(request.user, partnership),
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (partnership.title, ""),
            ],
        },
    )
