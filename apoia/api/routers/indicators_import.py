"""Indicator imports: /api/v1/indicators/imports. Administrators only, with a Bearer token.

The same functions as the web page: upload → preview (errors by row) → commit → roll back.
Files above the background threshold are worked by the task queue; poll
`GET /indicators/imports/{id}` until `status` leaves `pending`/`running`.
"""

import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError
from apoia.indicators import importing, tasks
from apoia.indicators.forms import ImportUploadForm
from apoia.indicators.models import ImportBatch

router = Router(tags=["indicadores: importação"], auth=TokenAuth())


class ImportErrorOut(Schema):
    row: int | None
    column: str
    code: str
    message: str


class ImportBatchOut(Schema):
    id: int
    file_name: str
    sha256: str
    layout: str
    status: str
    progress: int
    rows_total: int
    rows_valid: int
    error_count: int
    errors: list[ImportErrorOut]
    created_at: dt.datetime
    committed_at: dt.datetime | None
    rolled_back_at: dt.datetime | None
    same_file_batch: int | None

    @staticmethod
    def resolve_id(obj):
        return obj.pk

    @staticmethod
    def resolve_same_file_batch(obj):
        previous = importing.already_committed(obj)
        return previous.pk if previous else None


def _require_admin(request) -> None:
    if not request.auth.has_role("admin"):
        raise HttpError(403, _("Apenas administradores podem importar indicadores."))


def _batch(request, batch_id: int) -> ImportBatch:
    _require_admin(request)
    return get_object_or_404(ImportBatch, pk=batch_id)


def _later(batch, task, *args) -> bool:
    if not importing.runs_in_background(batch):
        return False
    transaction.on_commit(lambda: task.enqueue(batch.pk, *args))
    return True


@router.post(
    "/indicators/imports",
    response={201: ImportBatchOut},
    summary="Enviar arquivo de valores de indicadores",
)
def upload(request, file: File[UploadedFile], layout: Form[str] = ""):
    """Envia um CSV ou XLSX (formato longo ou largo) e o confere sem gravar nada.

    A resposta traz a situação (`previewed` sem erros, `invalid` com erros), as contagens e
    os 200 primeiros erros, cada um com linha, coluna, código e mensagem.
    """
    _require_admin(request)
    form = ImportUploadForm({"layout": layout}, {"file": file})
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise FieldError(field, errors[0])
    batch = importing.create_batch(
        file, file_name=file.name, by=request.auth, layout=form.cleaned_data["layout"]
    )
    if not _later(batch, tasks.preview_import):
        importing.preview_batch(batch)
    return Status(201, batch)


@router.get(
    "/indicators/imports/{batch_id}", response=ImportBatchOut, summary="Situação de uma importação"
)
def detail(request, batch_id: int):
    return _batch(request, batch_id)


@router.post(
    "/indicators/imports/{batch_id}/commit",
    response=ImportBatchOut,
    summary="Gravar os valores de uma importação sem erros",
)
def commit(request, batch_id: int):
    """Grava todos os valores de uma vez (tudo ou nada); 409 se o arquivo tem erros."""
    batch = _batch(request, batch_id)
    try:
        importing.start_commit(batch, by=request.auth)
        if not _later(batch, tasks.commit_import):
            importing.run_commit(batch)
    except importing.ImportRefused as refused:
        raise HttpError(409, str(refused)) from None
    return batch


@router.post(
    "/indicators/imports/{batch_id}/rollback",
    response=ImportBatchOut,
    summary="Desfazer uma importação",
)
def rollback(request, batch_id: int):
    """Restaura os valores substituídos e apaga os criados; 409 se uma importação posterior
    alterou os mesmos valores."""
    batch = _batch(request, batch_id)
    try:
        importing.start_rollback(batch)
        if not _later(batch, tasks.rollback_import, request.auth.pk):
            importing.run_rollback(batch, by=request.auth)
    except importing.ImportRefused as refused:
        raise HttpError(409, str(refused)) from None
    return batch
