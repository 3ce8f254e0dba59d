"""Pages of the regularization checklist: an organization's checklist (staff change any item,
its representatives mark items as sent; anyone else gets a 404), the staff's list of their
state's checklists, and the staff's "Abrir checklist"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.society import services_regularization as services
from apoia.society.forms_regularization import OpenChecklistForm, item_form
from apoia.society.models.regularization import Checklist, ItemStatus
from apoia.society.queries import managed_organizations
from apoia.society.queries_regularization import (
    current_items,
    filter_checklists,
    get_visible_organization,
    managed_checklists,
    may_edit_checklist,
    may_open_checklists,
    with_counts,
)
from apoia.territory.models import Municipality

PER_PAGE = 20
TAG_CSS = {
    ItemStatus.MISSING: "bg-gray-60",
    ItemStatus.SENT: "bg-blue-cool-vivid-60",
    ItemStatus.VALID: "bg-green-cool-vivid-50",
    ItemStatus.EXPIRED: "bg-red-vivid-50",
}


def _groups(checklist, *, staff, today, failed=None):
    groups: dict[str, list[dict]] = {}
    for item in current_items(checklist):
        status = services.effective_status(item, today)
        form = failed[1] if failed and failed[0] == item.pk else item_form(staff=staff, item=item)
        groups.setdefault(item.requirement.group or _("Outros"), []).append(
            {
                "item": item,
                "status": status,
                "status_label": ItemStatus(status).label,
                "css": TAG_CSS[status],
                "days": services.days_to_expiry(item, today),
                "form": form,
            }
        )
    return list(groups.items())


def _page(request, organization, *, failed=None, status=200):
    staff = may_edit_checklist(request.user, organization)
    checklist = Checklist.objects.filter(organization=organization).first()
    today = timezone.localdate()
    if checklist is not None:
        services.sync_items(checklist)
    crumbs = [(_("Organizações"), reverse("society:registry"))]
    if staff:
        crumbs = [(_("Regularização de OSC"), reverse("society:checklists"))]
    crumbs += [
        (organization.name, reverse("society:organization", args=[organization.pk])),
        (_("Regularização"), ""),
    ]
    return render(
        request,
        "society/regularization/checklist.html",
        {
            "organization": organization,
            "checklist": checklist,
            "groups": _groups(checklist, staff=staff, today=today, failed=failed)
            if checklist
            else [],
            "staff": staff,
            "breadcrumbs": crumbs,
        },
        status=status,
    )


@login_required
def checklist(request, pk):
    return _page(request, get_visible_organization(request.user, pk))


@login_required
@require_POST
def checklist_item(request, pk, slug):
    organization = get_visible_organization(request.user, pk)
    found = Checklist.objects.filter(organization=organization).first()
    item = current_items(found).filter(requirement__slug=slug).first() if found else None
    if item is None:
        raise Http404
    staff = may_edit_checklist(request.user, organization)
    form = item_form(staff=staff, item=item, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_item(
                by=request.user,
                item=item,
                status=data["status"] if staff else ItemStatus.SENT,
                expires_on=data.get("expires_on"),
                reference=data["reference"],
                note=data["note"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, _("Item “%(name)s” atualizado.") % {"name": item.requirement.name}
            )
            url = reverse("society:checklist", args=[organization.pk])
            return redirect(f"{url}#item-{item.requirement.slug}")
    return _page(request, organization, failed=(item.pk, form))


@login_required
@require_POST
def checklist_open(request, pk):
    organization = get_visible_organization(request.user, pk)
    if not may_edit_checklist(request.user, organization):
        raise Http404
    try:
        services.open_checklist(by=request.user, organization=organization)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Checklist de regularização aberto."))
    return redirect("society:checklist", pk=organization.pk)


@login_required
def checklist_list(request):
    if not may_open_checklists(request.user):
        raise Http404
    opening = OpenChecklistForm(
        request.POST if request.method == "POST" else None,
        organizations=managed_organizations(request.user),
    )
    if request.method == "POST" and opening.is_valid():
        services.open_checklist(by=request.user, organization=opening.organization)
        messages.success(request, _("Checklist de regularização aberto."))
        return redirect("society:checklist", pk=opening.organization.pk)
    today = timezone.localdate()
    expiring = request.GET.get("vencendo") == "1"
    pending = request.GET.get("pendencias") == "1"
    municipality = request.GET.get("municipio", "")
    municipality = int(municipality) if municipality.isdigit() and len(municipality) == 7 else None
    q = request.GET.get("q", "").strip()[:100]
    managed = managed_checklists(request.user)
    qs = filter_checklists(
        managed, today=today, expiring=expiring, pending=pending, municipality=municipality
    )
    if q:
        qs = qs.filter(organization__name__icontains=q)
    qs = with_counts(qs, today).order_by(
        F("next_expiry").asc(nulls_last=True), "organization__name"
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    municipalities = Municipality.objects.filter(
        pk__in=managed.values("organization__municipality")
    ).order_by("name")
    return render(
        request,
        "society/regularization/list.html",
        {
            "page_obj": page,
            "checklists": page.object_list,
            "expiring": expiring,
            "pending": pending,
            "municipality": municipality,
            "municipalities": municipalities,
            "q": q,
            "opening": opening,
            "breadcrumbs": [(_("Regularização de OSC"), reverse("society:checklists"))],
        },
    )
