"""Indicator imports on the web: upload, progress, preview, commit, roll back (admins only).

Big files go to the task queue. With the in-process backend the task has run when the view
redirects; with a worker the page polls the progress partial until the batch settles.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.indicators import importing, tasks
from apoia.indicators.forms import ImportUploadForm
from apoia.indicators.models import ImportBatch, ImportStatus

PAGE_SIZE = 25
SETTLING = (ImportStatus.PENDING, ImportStatus.RUNNING)


def admin_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role("admin"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _later(batch, task, *args) -> bool:
    """Queue the task for a big file (True), or leave the work to the caller (False)."""
    if not importing.runs_in_background(batch):
        return False
    transaction.on_commit(lambda: task.enqueue(batch.pk, *args))
    return True


def _list_context(request, form):
    batches = ImportBatch.objects.select_related("uploaded_by", "rolled_back_by")
    page_obj = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page_obj": page_obj,
        "batches": page_obj.object_list,
        "breadcrumbs": [
            (_("Indicadores"), reverse("indicators:list")),
            (_("Importações"), None),
        ],
    }


@admin_required
def import_list(request):
    return render(
        request, "indicators/import_list.html", _list_context(request, ImportUploadForm())
    )


@admin_required
@require_POST
def import_new(request):
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "indicators/import_list.html", _list_context(request, form))
    upload = form.cleaned_data["file"]
    batch = importing.create_batch(
        upload, file_name=upload.name, by=request.user, layout=form.cleaned_data["layout"]
    )
    if not _later(batch, tasks.preview_import):
        importing.preview_batch(batch)
    return redirect("indicators:import_detail", pk=batch.pk)


def _status_context(batch) -> dict:
    settled = batch.status not in SETTLING
    context = {"batch": batch, "settled": settled}
    if not settled:
        return context
    replaced = batch.replaced.count() if batch.committed_at else 0
    context.update(
        {
            "replaced_count": replaced,
            "created_count": batch.rows_valid - replaced,
            "hidden_errors": max(batch.error_count - len(batch.errors), 0),
            "same_file": importing.already_committed(batch),
            "can_commit": batch.status == ImportStatus.PREVIEWED and not batch.error_count,
            "can_rollback": batch.status == ImportStatus.COMMITTED,
            "blocking": importing.blocking_batch(batch)
            if batch.status == ImportStatus.COMMITTED
            else None,
            "sample": importing.sample_values(batch)
            if batch.status in (ImportStatus.PREVIEWED, ImportStatus.COMMITTED) and batch.file
            else [],
        }
    )
    return context


@admin_required
def import_detail(request, pk):
    batch = get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by", "rolled_back_by"), pk=pk
    )
    context = _status_context(batch)
    context["breadcrumbs"] = [
        (_("Indicadores"), reverse("indicators:list")),
        (_("Importações"), reverse("indicators:imports")),
        (batch.file_name, None),
    ]
    return render(request, "indicators/import_detail.html", context)


@admin_required
def import_progress(request, pk):
    """The status block alone, polled by htmx every second while the batch is being worked."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    return render(request, "indicators/import_status.html", _status_context(batch))


@admin_required
@require_POST
def import_commit(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        importing.start_commit(batch, by=request.user)
        if not _later(batch, tasks.commit_import):
            importing.run_commit(batch)
            messages.success(
                request,
                _("Importação concluída: %(count)s valores gravados.")
                % {"count": batch.rows_valid},
            )
    except importing.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("indicators:import_detail", pk=batch.pk)


@admin_required
@require_POST
def import_rollback(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        importing.start_rollback(batch)
        if not _later(batch, tasks.rollback_import, request.user.pk):
            importing.run_rollback(batch, by=request.user)
            messages.success(request, _("Importação desfeita: os valores anteriores voltaram."))
    except importing.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("indicators:import_detail", pk=batch.pk)


@admin_required
@require_POST
def import_abandon(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        importing.abandon_stalled(batch)
        messages.success(request, _("Importação marcada como interrompida; nada foi gravado."))
    except importing.ImportRefused as refused:
        messages.error(request, str(refused))
    return redirect("indicators:import_detail", pk=batch.pk)
