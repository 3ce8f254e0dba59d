"""Pages of the organization CSV import (staff only): upload with the column list and an
example file, the batch's preview (counts, first rows, row-level errors) with the button that
imports it all at once, and the past imports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.society import queries, services_registry_import
from apoia.society.forms_registry import ImportForm
from apoia.society.models.registry import ImportBatch
from apoia.society.queries_registry import get_import_batch, visible_import_batches

PER_PAGE = 20
COLUMN_HELP = [
    ("nome", True, _("Nome da organização.")),
    ("tipo", True, _("Identificador ou nome do tipo (por exemplo: association ou Cooperativa).")),
    (
        "cnpj",
        False,
        _("Com ou sem pontuação. Uma organização já cadastrada com o CNPJ é atualizada."),
    ),
    ("municipio_ibge", True, _("Código IBGE do município, com 7 dígitos.")),
    ("natureza_juridica", False, _("Por exemplo: Associação privada.")),
    ("endereco", False, ""),
    ("cep", False, ""),
    ("data_fundacao", False, _("dd/mm/aaaa ou aaaa-mm-dd.")),
    ("areas", False, _("Identificadores ou nomes das áreas de atuação, separados por |.")),
    ("email", False, _("E-mail institucional.")),
    ("telefone", False, _("Telefone institucional.")),
    ("site", False, ""),
]


def _staff_only(user):
    if not queries.is_society_staff(user):
        raise Http404


def _crumbs(*more):
    return [
        (_("Organizações"), reverse("society:registry")),
        (_("Importar organizações"), reverse("society:registry_import") if more else ""),
        *more,
    ]


@login_required
def import_upload(request):
    _staff_only(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services_registry_import.preview_import(
            by=request.user, file_name=upload.name, content=upload.read()
        )
        return redirect("society:registry_import_batch", pk=batch.pk)
    page = Paginator(visible_import_batches(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "society/registry/import.html",
        {
            "form": form,
            "columns": COLUMN_HELP,
            "page_obj": page,
            "batches": page.object_list,
            "max_rows": services_registry_import.MAX_ROWS,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def import_example(request):
    _staff_only(request.user)
    response = HttpResponse(
        services_registry_import.EXAMPLE.encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="modelo-organizacoes.csv"'
    return response


@login_required
def import_batch(request, pk):
    batch = get_import_batch(request.user, pk)
    committed = batch.status == ImportBatch.Status.COMMITTED
    return render(
        request,
        "society/registry/import_batch.html",
        {
            "batch": batch,
            "committed": committed,
            "rows": services_registry_import.preview_rows(batch, by=request.user),
            "errors": batch.errors[:500],
            "more_errors": max(len(batch.errors) - 500, 0),
            "organizations": services_registry_import.committed_organizations(batch)
            if committed
            else [],
            "same_file": None if committed else services_registry_import.same_file_committed(batch),
            "breadcrumbs": _crumbs((batch.file_name, "")),
        },
    )


@login_required
@require_POST
def import_commit(request, pk):
    batch = get_import_batch(request.user, pk)
    try:
        batch = services_registry_import.commit_import(by=request.user, batch=batch)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Importação concluída: %(created)s criadas, %(updated)s atualizadas.")
            % {"created": batch.created_count, "updated": batch.updated_count},
        )
    return redirect("society:registry_import_batch", pk=batch.pk)
