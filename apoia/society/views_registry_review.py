"""Editing an organization's record (staff directly, a representative by proposal) and the
staff's review queue of proposed changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.society import queries, services_registry
from apoia.society.forms_registry import (
    LeaderFormSet,
    NewOrganizationForm,
    RecordForm,
    RefuseForm,
)
from apoia.society.models.registry import ChangeStatus, OrganizationChange


def _leaders_formset(request, initial):
    """The board's formset, bound when the page sent it (a form without it keeps the board)."""
    sent = request.method == "POST" and "leaders-TOTAL_FORMS" in request.POST
    return LeaderFormSet(request.POST if sent else None, initial=initial, prefix="leaders")


def _valid_data(form, formset) -> dict | None:
    """The service's data when the form (and the board, if sent) are valid; else None."""
    if not (form.is_valid() and (not formset.is_bound or formset.is_valid())):
        return None
    data = form.data_for_service()
    if formset.is_bound:
        data["leaders"] = formset.leaders_for_service()
    return data


def _add_errors(form, error: ValidationError):
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _pending_changes(user):
    return OrganizationChange.objects.filter(
        status=ChangeStatus.PENDING, organization__in=queries.managed_organizations(user)
    ).select_related("organization", "proposed_by")


@login_required
def organization_edit(request, pk):
    organization = queries.get_editable_organization(request.user, pk)
    initial = services_registry.snapshot(organization)
    pending = organization.proposed_changes.filter(status=ChangeStatus.PENDING).first()
    if pending and not queries.may_manage_organization(request.user, organization):
        initial = pending.proposed
    form = RecordForm(request.POST or None, initial=initial)
    formset = _leaders_formset(request, initial.get("leaders", []))
    data = _valid_data(form, formset) if request.method == "POST" else None
    if data is not None:
        try:
            change = services_registry.edit_organization(
                organization=organization, by=request.user, data=data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if change:
                messages.success(request, _("Alteração enviada. Ela será pública após a análise."))
            else:
                messages.success(request, _("Cadastro atualizado."))
            return redirect("society:organization", pk=organization.pk)
    return render(
        request,
        "society/registry/edit.html",
        {
            "organization": organization,
            "form": form,
            "formset": formset,
            "pending": pending,
            "breadcrumbs": [
                (_("Organizações"), reverse("society:registry")),
                (organization.name, reverse("society:organization", args=[organization.pk])),
                (_("Editar"), ""),
            ],
        },
    )


@login_required
def change_list(request):
    if not queries.is_society_staff(request.user):
        raise Http404
    return render(
        request,
        "society/registry/changes.html",
        {
            "changes": _pending_changes(request.user),
            "breadcrumbs": [
                (_("Organizações"), reverse("society:registry")),
                (_("Alterações a analisar"), ""),
            ],
        },
    )


@login_required
def change_detail(request, pk):
    change = _pending_changes(request.user).filter(pk=pk).first()
    if change is None:
        raise Http404
    form = RefuseForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services_registry.approve_change(change=change, by=request.user)
                messages.success(request, _("Alteração aprovada."))
            elif form.is_valid():
                services_registry.refuse_change(
                    change=change, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Alteração recusada."))
            else:
                raise ValidationError({"reason": [_("Informe o motivo.")]})
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("society:registry_changes")
    return render(
        request,
        "society/registry/change.html",
        {
            "change": change,
            "diff": services_registry.readable_diff(change),
            "form": form,
            "breadcrumbs": [
                (_("Organizações"), reverse("society:registry")),
                (_("Alterações a analisar"), reverse("society:registry_changes")),
                (change.organization.name, ""),
            ],
        },
    )


@login_required
def organization_new(request):
    if not queries.is_society_staff(request.user):
        raise Http404
    form = NewOrganizationForm(request.POST or None)
    formset = _leaders_formset(request, [])
    data = _valid_data(form, formset) if request.method == "POST" else None
    if data is not None:
        try:
            organization = services_registry.create_organization(
                by=request.user, municipality=form.cleaned_data["municipality"], **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Organização cadastrada."))
            return redirect("society:organization", pk=organization.pk)
    return render(
        request,
        "society/registry/new.html",
        {
            "form": form,
            "formset": formset,
            "breadcrumbs": [
                (_("Organizações"), reverse("society:registry")),
                (_("Nova organização"), ""),
            ],
        },
    )
