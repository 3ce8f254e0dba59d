"""Public pages of the organization registry: the list with filters, an organization's page
and the open data (CSV streamed, JSON), which never carry leaders' personal data."""

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import OrganizationKind
from apoia.accounts.organization_page import sections_for
from apoia.lib.streamed_csv import streamed_csv
from apoia.society.models.registry import AreaOfWork
from apoia.society.queries import (
    get_public_organization,
    is_society_staff,
    may_manage_organization,
    represents,
)
from apoia.society.queries_registry import filter_registry, open_row

PER_PAGE = 20
OPEN_FIELDS = [
    "cnpj",
    "name",
    "kind",
    "municipality",
    "municipality_code",
    "uf",
    "areas",
    "legal_nature",
    "founded_on",
    "email",
    "phone",
]


def _filters(request) -> dict:
    return {
        "uf": request.GET.get("uf", "").upper()[:2],
        "municipality": request.GET.get("municipality", "")[:7],
        "kind": request.GET.get("kind", "")
        if request.GET.get("kind") in OrganizationKind.values
        else "",
        "area": request.GET.get("area", "")[:80],
        "q": request.GET.get("q", "")[:100],
    }


def registry(request):
    filters = _filters(request)
    page = Paginator(filter_registry(**filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "society/registry/list.html",
        {
            "page_obj": page,
            "organizations": page.object_list,
            "kinds": OrganizationKind.choices,
            "areas": AreaOfWork.objects.all(),
            **filters,
            "is_staff": is_society_staff(request.user),
            "breadcrumbs": [(_("Organizações"), reverse("society:registry"))],
        },
    )


def organization_detail(request, pk):
    organization = get_public_organization(pk)
    record = getattr(organization, "record", None)
    return render(
        request,
        "society/organization.html",
        {
            "organization": organization,
            "record": record,
            "leaders": organization.leaders.all(),
            "sections": [
                (s.title, render_to_string(s.template, s.context, request=request))
                for s in sections_for(organization, request.user)
            ],
            "may_edit": may_manage_organization(request.user, organization)
            or represents(request.user, organization),
            "breadcrumbs": [
                (_("Organizações"), reverse("society:registry")),
                (organization.name, ""),
            ],
        },
    )


def open_data_csv(request):
    def rows():
        for organization in filter_registry(**_filters(request)):
            row = open_row(organization)
            row["areas"] = "; ".join(row["areas"])
            yield [row[f] if row[f] is not None else "" for f in OPEN_FIELDS]

    return streamed_csv(OPEN_FIELDS, rows(), "organizacoes.csv")


def open_data_json(request):
    data = [open_row(o) for o in filter_registry(**_filters(request))]
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
