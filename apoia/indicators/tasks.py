"""Background work of indicator imports: each task takes a batch id and calls importing."""

from django_tasks import task

from apoia.indicators import importing
from apoia.indicators.models import ImportBatch


@task()
def preview_import(batch_id: int) -> str:
    """Read and check an uploaded file, updating the batch's progress as it goes."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        importing.preview_batch(batch)
    except importing.ImportRefused as refused:
        return str(refused)
    return batch.status


@task()
def commit_import(batch_id: int) -> str:
    """Write the values of a batch already claimed by importing.start_commit."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        importing.run_commit(batch)
    except importing.ImportRefused as refused:
        return str(refused)
    return batch.status


@task()
def rollback_import(batch_id: int, user_id: int | None = None) -> str:
    """Undo a batch already claimed by importing.start_rollback."""
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.get(pk=batch_id)
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        importing.run_rollback(batch, by=by)
    except importing.ImportRefused as refused:
        return str(refused)
    return batch.status
