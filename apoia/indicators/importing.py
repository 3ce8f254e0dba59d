"""Indicator imports: store a file, preview it, commit it, roll it back.

The web page, the CLI, the API, the background task and the reference loader all go through
these functions. A file is either committed whole or not at all: one error and nothing is
written. Reading and checking the file is `import_files`.

Speed matters (1,000,000 values in under a minute on SQLite): values are written with one
INSERT … ON CONFLICT per chunk of rows. Model instances and `bulk_create` cost more than the
whole database write here (measured: 70 s against 15 s for a million rows on SQLite), and
Django caps SQLite's `bulk_create` at 199 rows per statement.
"""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.indicators.import_files import (
    IBGE_SPAN,
    LONG,
    PERIOD_SPAN,
    WIDE,
    Progress,
    ReadResult,
    is_xlsx,
    read_values,
)
from apoia.indicators.models import ImportBatch, ImportStatus, IndicatorValue, ReplacedValue
from apoia.territory.models import Municipality

WRITE_BATCH = 5000
# Uploads above this size are previewed, committed and rolled back by a background task;
# the setting APOIA_IMPORT_BACKGROUND_BYTES changes it (0 sends every import to the queue).
BACKGROUND_BYTES = 2 * 1024 * 1024


class ImportRefused(Exception):
    """An import step that cannot be done now; the message is for people, in Portuguese."""


def create_batch(fileobj, *, file_name: str, by=None, layout: str = "") -> ImportBatch:
    """Store an uploaded file under a random name with its checksum; nothing is read yet."""
    digest = hashlib.sha256()
    fileobj.seek(0)
    head = fileobj.read(4)
    digest.update(head)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    suffix = ".xlsx" if is_xlsx(head) else ".csv"
    batch = ImportBatch(
        file_name=(file_name or "arquivo")[:255],
        sha256=digest.hexdigest(),
        layout=layout if layout in (LONG, WIDE) else "",
        uploaded_by=by,
    )
    batch.file.save(f"{uuid.uuid4().hex}{suffix}", File(fileobj), save=False)
    batch.save()
    return batch


def runs_in_background(batch: ImportBatch) -> bool:
    try:
        size = batch.file.size
    except (OSError, ValueError):
        size = 0
    return size > getattr(settings, "APOIA_IMPORT_BACKGROUND_BYTES", BACKGROUND_BYTES)


def file_bytes(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as fh:
        return fh.read()


def _claim(batch: ImportBatch, from_statuses, message: str, **also) -> None:
    """Move the batch to RUNNING unless someone else got there first (conditional update)."""
    now = timezone.now()
    claimed = ImportBatch.objects.filter(pk=batch.pk, status__in=from_statuses).update(
        status=ImportStatus.RUNNING, progress=0, running_since=now, **also
    )
    if not claimed:
        raise ImportRefused(message)
    batch.status, batch.progress, batch.running_since = ImportStatus.RUNNING, 0, now
    for name, value in also.items():
        setattr(batch, name, value)


def _progress_saver(batch: ImportBatch, on_progress: Progress, start=0.0, span=1.0):
    """A progress callback that reports to `on_progress` and to the batch row.

    Inside the commit transaction the row update would be invisible to other connections
    until the end, so it is only written while no transaction is open.
    """
    last = [-1]

    def report(fraction: float) -> None:
        overall = start + span * fraction
        if on_progress:
            on_progress(overall)
        percent = int(overall * 100)
        if percent != last[0] and not connection.in_atomic_block:
            last[0] = percent
            ImportBatch.objects.filter(pk=batch.pk).update(progress=min(percent, 99))

    return report


def preview_batch(batch: ImportBatch, *, on_progress: Progress = None) -> ReadResult:
    """Read and check the whole file; record counts and errors; write no value."""
    _claim(
        batch,
        [ImportStatus.PENDING, ImportStatus.PREVIEWED, ImportStatus.INVALID],
        _("Esta importação não pode mais ser pré-visualizada."),
    )
    try:
        result = read_values(
            file_bytes(batch),
            layout=batch.layout or None,
            on_progress=_progress_saver(batch, on_progress),
        )
    except Exception:
        _fail(batch, _("Erro inesperado ao ler o arquivo."))
        raise
    batch.layout = result.layout or batch.layout
    batch.rows_total = result.rows_total
    batch.rows_valid = len(result.values)
    batch.errors = result.errors
    batch.error_count = result.error_count
    batch.status = ImportStatus.PREVIEWED if result.is_valid else ImportStatus.INVALID
    batch.progress = 100
    batch.save(
        update_fields=[
            "layout",
            "rows_total",
            "rows_valid",
            "errors",
            "error_count",
            "status",
            "progress",
        ]
    )
    return result


def _fail(batch: ImportBatch, message: str) -> None:
    batch.status = ImportStatus.FAILED
    batch.errors = [{"row": None, "column": "", "code": "failed", "message": message}]
    batch.error_count = 1
    batch.save(update_fields=["status", "errors", "error_count"])


def abandon_stalled(batch: ImportBatch) -> ImportBatch:
    """Mark failed a batch whose worker stopped mid-way, so the file can be sent again.

    Nothing was written: a commit and a rollback each run in one transaction.
    """
    if not batch.is_stalled:
        raise ImportRefused(_("Esta importação não está parada; aguarde o fim do processamento."))
    # Conditional on the same start time: a worker that resumed it meanwhile wins.
    stalled = ImportBatch.objects.filter(
        pk=batch.pk,
        status__in=[ImportStatus.RUNNING, ImportStatus.PENDING],
        running_since=batch.running_since,
    )
    if not stalled.update(status=ImportStatus.FAILED):
        raise ImportRefused(_("Esta importação mudou de situação; recarregue a página."))
    batch.refresh_from_db()
    _fail(
        batch,
        _(
            "Interrompida: o processamento parou antes do fim e nada foi gravado. "
            "Envie o arquivo de novo."
        ),
    )
    return batch


def sample_values(batch: ImportBatch) -> list[dict]:
    """The first values of the file with municipality names, for the preview."""
    sample = read_values(file_bytes(batch), layout=batch.layout or None, sample_only=True).sample
    names = dict(
        Municipality.objects.filter(ibge__in={row["ibge"] for row in sample}).values_list(
            "ibge", "name"
        )
    )
    return [dict(row, municipality=names.get(row["ibge"], "")) for row in sample]


def already_committed(batch: ImportBatch) -> ImportBatch | None:
    """Another committed import of the very same file (same SHA-256), if any."""
    return (
        ImportBatch.objects.filter(sha256=batch.sha256, status=ImportStatus.COMMITTED)
        .exclude(pk=batch.pk)
        .order_by("-committed_at")
        .first()
    )


def check_can_commit(batch: ImportBatch) -> None:
    if batch.status != ImportStatus.PREVIEWED or batch.error_count:
        raise ImportRefused(
            _("Só é possível importar um arquivo pré-visualizado e sem erros.")
            if batch.status in (ImportStatus.INVALID, ImportStatus.PREVIEWED)
            else _("Esta importação está na situação “%(status)s” e não pode ser importada.")
            % {"status": batch.get_status_display()}
        )


def start_commit(batch: ImportBatch, *, by=None) -> None:
    """Claim a previewed, error-free batch for committing (refuses twice-clicked buttons)."""
    check_can_commit(batch)
    _claim(
        batch,
        [ImportStatus.PREVIEWED],
        _("Esta importação já está sendo processada ou foi importada."),
        committed_by=by if by is not None and by.is_authenticated else None,
    )


def run_commit(batch: ImportBatch, *, on_progress: Progress = None) -> ImportBatch:
    """Write every value of a claimed batch in one transaction, keeping what it overwrites.

    The file is read again: the catalog (an indicator's range, say) may have changed since
    the preview, and a file that no longer passes is refused whole.
    """
    try:
        result = read_values(
            file_bytes(batch),
            layout=batch.layout or None,
            on_progress=_progress_saver(batch, on_progress, 0.0, 0.4),
        )
        if not result.is_valid:
            batch.errors, batch.error_count = result.errors, result.error_count
            batch.rows_total, batch.rows_valid = result.rows_total, len(result.values)
            batch.status, batch.progress = ImportStatus.INVALID, 100
            batch.save(
                update_fields=[
                    "errors",
                    "error_count",
                    "rows_total",
                    "rows_valid",
                    "status",
                    "progress",
                ]
            )
            raise ImportRefused(_("O arquivo tem erros e não foi importado; nada foi gravado."))
        report = _progress_saver(batch, on_progress, 0.4, 0.6)
        with transaction.atomic():
            _write_values(batch, result.values, report)
            batch.rows_total, batch.rows_valid = result.rows_total, len(result.values)
            batch.status, batch.progress = ImportStatus.COMMITTED, 100
            batch.committed_at = timezone.now()
            batch.save(
                update_fields=["rows_total", "rows_valid", "status", "progress", "committed_at"]
            )
    except ImportRefused:
        raise
    except Exception:
        _fail(batch, _("Erro inesperado ao gravar os valores; nada foi gravado."))
        raise
    if on_progress:
        on_progress(1.0)
    return batch


def commit_batch(batch: ImportBatch, *, by=None, on_progress: Progress = None) -> ImportBatch:
    start_commit(batch, by=by)
    return run_commit(batch, on_progress=on_progress)


class _Inserter:
    """One INSERT per chunk of rows, the way each database takes it fastest.

    SQLite reuses one prepared statement (executemany); PostgreSQL gets whole columns as
    arrays and unnests them, one round trip per chunk instead of one per row.
    """

    def __init__(self, cursor, model, field_names, *, upsert_on=None, update=()):
        quote = connection.ops.quote_name
        fields = [model._meta.get_field(name) for name in field_names]
        columns = ", ".join(quote(f.column) for f in fields)
        table = quote(model._meta.db_table)
        conflict = ""
        if upsert_on:
            on = ", ".join(quote(model._meta.get_field(n).column) for n in upsert_on)
            sets = ", ".join(
                f"{c} = EXCLUDED.{c}"
                for c in (quote(model._meta.get_field(n).column) for n in update)
            )
            conflict = f" ON CONFLICT ({on}) DO UPDATE SET {sets}"
        self.cursor = cursor
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            self.sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){conflict}"
            self.chunk = 50_000
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            self.sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){conflict}"
            self.chunk = WRITE_BATCH

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.postgres:
            self.cursor.execute(self.sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            self.cursor.executemany(self.sql, rows)


VALUE_FIELDS = ["indicator", "municipality", "period", "value", "batch"]
VALUE_KEY = ["indicator", "period", "municipality"]
REPLACED_FIELDS = ["batch", "indicator", "municipality", "period", "value", "previous_batch"]


def _value_inserter(cursor) -> _Inserter:
    return _Inserter(
        cursor, IndicatorValue, VALUE_FIELDS, upsert_on=VALUE_KEY, update=["value", "batch"]
    )


def _write_values(batch: ImportBatch, values: dict[int, float], report: Progress) -> None:
    keys = sorted(values)  # the unique index's order: inserts append instead of seeking
    indicator_ids = {key // (IBGE_SPAN * PERIOD_SPAN) for key in keys}
    periods = {key // IBGE_SPAN % PERIOD_SPAN for key in keys}
    existing = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, period__in=periods
    ).values_list("indicator_id", "period", "municipality_id", "value", "batch_id")
    replaced = [
        (batch.pk, indicator, municipality, period, value, previous)
        for indicator, period, municipality, value, previous in existing.iterator(chunk_size=20_000)
        if (indicator * PERIOD_SPAN + period) * IBGE_SPAN + municipality in values
    ]
    total = len(replaced) + len(keys)
    with connection.cursor() as cursor:
        # What is overwritten is kept first, so a rollback can put it back.
        keep = _Inserter(cursor, ReplacedValue, REPLACED_FIELDS)
        for start in range(0, len(replaced), keep.chunk):
            keep.insert(replaced[start : start + keep.chunk])
            report(min(start + keep.chunk, len(replaced)) / total)
        upsert = _value_inserter(cursor)
        pk, span = batch.pk, IBGE_SPAN * PERIOD_SPAN
        for start in range(0, len(keys), upsert.chunk):
            rows = [
                (key // span, key % IBGE_SPAN, key // IBGE_SPAN % PERIOD_SPAN, values[key], pk)
                for key in keys[start : start + upsert.chunk]
            ]
            upsert.insert(rows)
            report((len(replaced) + start + len(rows)) / total)


def blocking_batch(batch: ImportBatch) -> ImportBatch | None:
    """A later committed import that overwrote values of this one (it must be undone first)."""
    later = (
        ReplacedValue.objects.filter(previous_batch=batch, batch__status=ImportStatus.COMMITTED)
        .values_list("batch_id", flat=True)
        .first()
    )
    return ImportBatch.objects.filter(pk=later).first() if later else None


def check_can_rollback(batch: ImportBatch) -> None:
    if batch.status != ImportStatus.COMMITTED:
        raise ImportRefused(_("Só é possível desfazer uma importação concluída."))
    later = blocking_batch(batch)
    if later:
        raise ImportRefused(
            _(
                "Não é possível desfazer: a importação nº %(id)s (%(file)s), feita depois, "
                "alterou valores desta. Desfaça-a primeiro."
            )
            % {"id": later.pk, "file": later.file_name}
        )


def start_rollback(batch: ImportBatch) -> None:
    check_can_rollback(batch)
    _claim(
        batch,
        [ImportStatus.COMMITTED],
        _("Esta importação já está sendo processada ou foi desfeita."),
    )


def run_rollback(batch: ImportBatch, *, by=None) -> ImportBatch:
    """Restore what a claimed batch overwrote and delete what it created, in one transaction."""
    try:
        with transaction.atomic():
            later = blocking_batch(batch)
            if later:  # committed in between the check and the claim
                raise ImportRefused(
                    _("Uma importação posterior alterou estes valores; desfaça-a primeiro.")
                )
            IndicatorValue.objects.filter(batch=batch).delete()
            restored = list(
                ReplacedValue.objects.filter(batch=batch).values_list(
                    "indicator_id", "municipality_id", "period", "value", "previous_batch_id"
                )
            )
            with connection.cursor() as cursor:
                restore = _value_inserter(cursor)
                for start in range(0, len(restored), restore.chunk):
                    restore.insert(restored[start : start + restore.chunk])
            batch.status = ImportStatus.ROLLED_BACK
            batch.rolled_back_at = timezone.now()
            batch.rolled_back_by = by
            batch.progress = 100
            batch.save(update_fields=["status", "rolled_back_at", "rolled_back_by", "progress"])
    except BaseException:
        # Nothing changed: the batch is still committed.
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.COMMITTED, progress=100)
        batch.status = ImportStatus.COMMITTED
        raise
    return batch


def rollback_batch(batch: ImportBatch, *, by=None) -> ImportBatch:
    start_rollback(batch)
    return run_rollback(batch, by=by)


def import_file(
    path,
    *,
    by=None,
    layout: str = "",
    commit: bool = False,
    file_name: str | None = None,
    on_progress: Progress = None,
) -> tuple[ImportBatch, ReadResult]:
    """Create, preview and (when asked and valid) commit a batch from a file on disk."""
    path = Path(path)
    with open(path, "rb") as fh:
        batch = create_batch(fh, file_name=file_name or path.name, by=by, layout=layout)
    span = 0.5 if commit else 1.0
    result = preview_batch(
        batch, on_progress=(lambda f: on_progress(f * span)) if on_progress else None
    )
    if commit and result.is_valid:
        run_on = (lambda f: on_progress(0.5 + f * 0.5)) if on_progress else None
        commit_batch(batch, by=by, on_progress=run_on)
    return batch, result
