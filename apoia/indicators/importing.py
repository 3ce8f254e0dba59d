"""Import indicator values from CSV or XLSX: read, validate, preview, commit, roll back.

The web page, the CLI, the API, the background task and the reference loader all go through
these functions. A file is either committed whole or not at all: one row in error and nothing
is written.

Layouts (headers are matched without case or accents; extra columns such as `uf` are ignored):
- long: `ibge, indicator, period, value` (or `codigo_ibge, indicador, ano, valor`);
- wide by indicator: `ibge, period` and one column per indicator code;
- wide by period: `ibge, indicator` and one column per year.

Speed matters (1,000,000 values in under a minute on SQLite): codes are mapped to ids once,
rows are parsed with the csv module and checked in plain Python, and values are written with
one prepared INSERT … ON CONFLICT run over batches of rows. Model instances and
`bulk_create` cost more than the whole database write here (measured: 70 s against 15 s for
a million rows), and SQLite caps `bulk_create` at 199 rows per statement.
"""

import csv
import hashlib
import io
import math
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.indicators.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    IndicatorValue,
    ReplacedValue,
)
from apoia.territory.models import Municipality

LONG, WIDE = "long", "wide"
BY_INDICATOR, BY_PERIOD = "by_indicator", "by_period"
MAX_ERRORS = 200  # kept and shown; the count goes on
SAMPLE_SIZE = 10
WRITE_BATCH = 5000
PROGRESS_EVERY = 10_000  # rows between progress reports
# Uploads above this size are previewed, committed and rolled back by a background task;
# the setting APOIA_IMPORT_BACKGROUND_BYTES changes it (0 sends every import to the queue).
BACKGROUND_BYTES = 2 * 1024 * 1024
MIN_PERIOD, MAX_PERIOD = 1800, 2200

# One integer per (indicator, period, municipality): cheaper to hash and keep than a tuple.
IBGE_SPAN, PERIOD_SPAN = 10_000_000, 10_000

HEADER_ALIASES = {
    "ibge": {"ibge", "codigo_ibge", "cod_ibge", "codigo_municipio", "cod_municipio", "geocodigo"},
    "indicator": {"indicator", "indicador", "codigo_indicador"},
    "period": {"period", "periodo", "ano", "year"},
    "value": {"value", "valor"},
}
# Context columns people keep next to the data; never taken for an indicator code.
IGNORED_HEADERS = {
    "uf",
    "sigla_uf",
    "codigo_uf",
    "estado",
    "state",
    "nome",
    "name",
    "municipio",
    "nome_municipio",
    "municipality",
    "regiao",
    "region",
}
YEAR_HEADER = re.compile(r"^\d{4}$")
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")

Progress = Callable[[float], None] | None


class ImportRefused(Exception):
    """An import step that cannot be done now; the message is for people, in Portuguese."""


def encode_key(indicator_id: int, period: int, ibge: int) -> int:
    return (indicator_id * PERIOD_SPAN + period) * IBGE_SPAN + ibge


def decode_key(key: int) -> tuple[int, int, int]:
    rest, ibge = divmod(key, IBGE_SPAN)
    indicator_id, period = divmod(rest, PERIOD_SPAN)
    return indicator_id, period, ibge


def normalize_header(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", "_", text)


@dataclass
class ReadResult:
    """What a file holds: its layout, its valid values by key, and the errors found."""

    layout: str = ""
    shape: str = ""
    values: dict[int, float] = field(default_factory=dict)
    rows_total: int = 0  # values read (cells, in the wide layouts)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    sample: list[dict] = field(default_factory=list)

    def error(self, row, column: str, code: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "code": code, "message": message})

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and bool(self.values)


class Lookups:
    """Codes people type mapped to ids, built once per file."""

    def __init__(self):
        self.indicators: dict[str, tuple[int, str, float | None, float | None]] = {}
        for pk, code, low, high in Indicator.objects.values_list(
            "pk", "code", "min_value", "max_value"
        ):
            self.indicators[code] = self.indicators[code.lower()] = (pk, code, low, high)
        self.municipalities: dict[str, int] = {}
        for ibge in Municipality.objects.values_list("ibge", flat=True):
            # DATASUS files use the 6-digit code, without the check digit.
            self.municipalities[str(ibge // 10)] = ibge
            self.municipalities[str(ibge)] = ibge
        self.periods: dict[str, int | None] = {}

    def municipality(self, raw: str) -> int | None:
        found = self.municipalities.get(raw)
        if found is None:
            text = raw.strip()
            if text.endswith(".0"):
                text = text[:-2]
            found = self.municipalities.get(text)
        return found

    def indicator(self, raw: str):
        found = self.indicators.get(raw)
        if found is None:
            found = self.indicators.get(raw.strip().lower())
        return found

    def period(self, raw: str) -> int | None:
        try:
            return self.periods[raw]
        except KeyError:
            pass
        try:
            number = float(raw.strip())
            period = int(number) if number.is_integer() else None
        except ValueError:
            period = None
        if period is not None and not MIN_PERIOD <= period <= MAX_PERIOD:
            period = None
        self.periods[raw] = period
        return period


# --- reading files ---------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    total_rows: int  # an estimate, for progress
    comma_decimal: bool = False


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows in Brazil are often Latin-1.
        return data.decode("cp1252", errors="replace")


def _csv_table(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    comma_decimal = False
    if delimiter != ",":
        head = text[: 64 * 1024]
        comma_decimal = bool(re.search(r"(^|[;\t])\s*-?\d+,\d+\s*($|[;\t\r\n])", head, re.M))
    return Table(header, enumerate(reader, start=2), text.count("\n"), comma_decimal)


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, str):
        return cell.strip()
    return str(cell)


def _xlsx_table(data: bytes) -> Table:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell_text(c) for c in next(rows, None) or []]

    def cells():
        for number, row in enumerate(rows, start=2):
            yield number, [_cell_text(c) for c in row]
        workbook.close()

    return Table(header, cells(), sheet.max_row or 0)


def open_table(data: bytes) -> Table:
    """The header and rows of a CSV (`,` `;` or tab; UTF-8) or of an XLSX's first sheet."""
    return _xlsx_table(data) if is_xlsx(data) else _csv_table(data)


def _comma_float(raw: str) -> float:
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif THOUSANDS.match(raw.strip()):
        raw = raw.replace(".", "")
    return float(raw)


# --- validating ------------------------------------------------------------------------------


def read_values(
    data: bytes,
    *,
    layout: str | None = None,
    lookups: Lookups | None = None,
    on_progress: Progress = None,
    sample_only: bool = False,
) -> ReadResult:
    """Parse and check every value of a file; writes nothing."""
    result = ReadResult()
    try:
        table = open_table(data)
    except Exception:  # openpyxl raises a zoo of exceptions on a damaged file
        result.error(None, "", "unreadable", _("Não foi possível ler o arquivo: use CSV ou XLSX."))
        return result
    lookups = lookups or Lookups()
    header = [normalize_header(h) for h in table.header]
    if not any(header):
        result.error(1, "", "empty_file", _("O arquivo está vazio ou não tem cabeçalho."))
        return result
    columns = {}
    for index, name in enumerate(header):
        for canonical, aliases in HEADER_ALIASES.items():
            if name in aliases and canonical not in columns:
                columns[canonical] = index
    years = [(i, int(h)) for i, h in enumerate(header) if YEAR_HEADER.match(h)]

    wide_only = layout == WIDE
    if layout == LONG or (
        not wide_only and ("value" in columns or ("indicator" in columns and not years))
    ):
        result.layout, result.shape = LONG, LONG
        required = ["ibge", "indicator", "period", "value"]
    elif "indicator" in columns and years:
        result.layout, result.shape = WIDE, BY_PERIOD
        required = ["ibge", "indicator"]
    elif "period" in columns:
        result.layout, result.shape = WIDE, BY_INDICATOR
        required = ["ibge", "period"]
    else:
        result.layout = layout or ""
        required = ["ibge", "period"] if wide_only else ["ibge", "indicator", "period", "value"]
    missing = [name for name in required if name not in columns]
    for name in missing:
        aliases = ", ".join(sorted(HEADER_ALIASES[name]))
        result.error(
            1,
            name,
            "missing_column",
            _("Coluna obrigatória ausente: %(name)s (aceitos: %(aliases)s).")
            % {"name": name, "aliases": aliases},
        )
    if missing:
        return result

    number = _comma_float if table.comma_decimal else float
    state = _Reader(result, lookups, table, number, on_progress, sample_only)
    if result.shape == LONG:
        state.read_long(columns)
    elif result.shape == BY_INDICATOR:
        taken = set(columns.values())
        value_columns = []
        for index, name in enumerate(header):
            if index in taken or not name or name in IGNORED_HEADERS:
                continue
            found = lookups.indicator(name)
            if found is None:
                result.error(
                    1,
                    table.header[index],
                    "unknown_indicator",
                    _("A coluna “%(column)s” não é um indicador cadastrado.")
                    % {"column": table.header[index]},
                )
            else:
                value_columns.append((index, table.header[index], found))
        state.read_by_indicator(columns, value_columns)
    else:
        year_columns = [(i, table.header[i], year) for i, year in years]
        for _i, _label, year in year_columns:
            if not MIN_PERIOD <= year <= MAX_PERIOD:
                result.error(
                    1, str(year), "invalid_period", _("Ano fora do intervalo aceito: %s.") % year
                )
        state.read_by_period(columns, year_columns)
    if not result.values and not result.error_count and not sample_only:
        result.error(None, "", "empty_file", _("O arquivo não tem nenhum valor."))
    if on_progress:
        on_progress(1.0)
    return result


class _Reader:
    """The row loops of the three layouts; kept flat because they run a million times."""

    def __init__(self, result, lookups, table, number, on_progress, sample_only):
        self.result, self.lookups, self.table = result, lookups, table
        self.number, self.on_progress, self.sample_only = number, on_progress, sample_only
        self.headers = table.header

    def progress(self, row_number: int) -> None:
        if self.on_progress and self.table.total_rows:
            self.on_progress(min(row_number / self.table.total_rows, 1.0))

    def header(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else ""

    def add(self, row, column, found, period, ibge, raw) -> bool:
        """Check one value and keep it; False once the sample is complete (sample_only)."""
        result = self.result
        result.rows_total += 1
        pk, code, low, high = found
        try:
            value = self.number(raw)
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            result.error(
                row,
                column,
                "not_numeric",
                _("Valor não numérico: “%(value)s”.") % {"value": raw},
            )
            return True
        if (low is not None and value < low) or (high is not None and value > high):
            result.error(
                row,
                column,
                "out_of_range",
                _("Valor %(value)s fora do intervalo aceito para %(code)s (%(low)s a %(high)s).")
                % {
                    "value": raw,
                    "code": code,
                    "low": "−∞" if low is None else f"{low:g}",
                    "high": "∞" if high is None else f"{high:g}",
                },
            )
            return True
        key = (pk * PERIOD_SPAN + period) * IBGE_SPAN + ibge
        values = result.values
        if key in values:
            result.error(
                row,
                column,
                "duplicate",
                _(
                    "Valor repetido: %(code)s, município %(ibge)s, período %(period)s "
                    "já aparece antes."
                )
                % {"code": code, "ibge": ibge, "period": period},
            )
            return True
        values[key] = value
        if len(result.sample) < SAMPLE_SIZE:
            result.sample.append(
                {"indicator": code, "ibge": ibge, "period": period, "value": value}
            )
        return not (self.sample_only and len(result.sample) >= SAMPLE_SIZE)

    def municipality(self, row, index, raw):
        ibge = self.lookups.municipality(raw)
        if ibge is None:
            self.result.error(
                row,
                self.header(index),
                "unknown_municipality",
                _("Código de município desconhecido: “%(code)s”.") % {"code": raw},
            )
        return ibge

    def indicator(self, row, index, raw):
        found = self.lookups.indicator(raw)
        if found is None:
            self.result.error(
                row,
                self.header(index),
                "unknown_indicator",
                _("Indicador desconhecido: “%(code)s”.") % {"code": raw},
            )
        return found

    def period(self, row, index, raw):
        period = self.lookups.period(raw)
        if period is None:
            self.result.error(
                row,
                self.header(index),
                "invalid_period",
                _("Período inválido: “%(period)s”; informe o ano com quatro dígitos.")
                % {"period": raw},
            )
        return period

    def read_long(self, columns):
        i_ibge, i_ind = columns["ibge"], columns["indicator"]
        i_per, i_val = columns["period"], columns["value"]
        width = max(i_ibge, i_ind, i_per, i_val) + 1
        value_header = self.header(i_val)
        for row, cells in self.table.rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            raw_ibge, raw_ind, raw_per, raw_val = (
                cells[i_ibge],
                cells[i_ind],
                cells[i_per],
                cells[i_val],
            )
            if not (raw_ibge or raw_ind or raw_per or raw_val):
                continue  # a blank line
            if row % PROGRESS_EVERY == 0:
                self.progress(row)
            ibge = self.municipality(row, i_ibge, raw_ibge)
            found = self.indicator(row, i_ind, raw_ind)
            period = self.period(row, i_per, raw_per)
            if not raw_val.strip():
                self.result.rows_total += 1
                self.result.error(row, value_header, "empty_value", _("Valor vazio."))
                continue
            if ibge is None or found is None or period is None:
                self.result.rows_total += 1
                continue
            if not self.add(row, value_header, found, period, ibge, raw_val):
                return

    def read_by_indicator(self, columns, value_columns):
        i_ibge, i_per = columns["ibge"], columns["period"]
        width = max([i_ibge, i_per] + [i for i, _h, _f in value_columns]) + 1
        for row, cells in self.table.rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            if not any(cells):
                continue
            if row % PROGRESS_EVERY == 0:
                self.progress(row)
            ibge = self.municipality(row, i_ibge, cells[i_ibge])
            period = self.period(row, i_per, cells[i_per])
            for index, label, found in value_columns:
                raw = cells[index]
                if not raw:
                    continue  # the wide layouts leave missing values blank
                if ibge is None or period is None:
                    self.result.rows_total += 1
                elif not self.add(row, label, found, period, ibge, raw):
                    return

    def read_by_period(self, columns, year_columns):
        i_ibge, i_ind = columns["ibge"], columns["indicator"]
        width = max([i_ibge, i_ind] + [i for i, _h, _y in year_columns]) + 1
        for row, cells in self.table.rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            if not any(cells):
                continue
            if row % PROGRESS_EVERY == 0:
                self.progress(row)
            ibge = self.municipality(row, i_ibge, cells[i_ibge])
            found = self.indicator(row, i_ind, cells[i_ind])
            for index, label, year in year_columns:
                raw = cells[index]
                if not raw:
                    continue
                if ibge is None or found is None or not MIN_PERIOD <= year <= MAX_PERIOD:
                    self.result.rows_total += 1
                elif not self.add(row, label, found, year, ibge, raw):
                    return


# --- batches ---------------------------------------------------------------------------------


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


def _claim(batch: ImportBatch, from_statuses, message: str) -> None:
    """Move the batch to RUNNING unless someone else got there first (conditional update)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status__in=from_statuses).update(
        status=ImportStatus.RUNNING, progress=0
    )
    if not claimed:
        raise ImportRefused(message)
    batch.status, batch.progress = ImportStatus.RUNNING, 0


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


def start_commit(batch: ImportBatch) -> None:
    """Claim a previewed, error-free batch for committing (refuses twice-clicked buttons)."""
    check_can_commit(batch)
    _claim(
        batch,
        [ImportStatus.PREVIEWED],
        _("Esta importação já está sendo processada ou foi importada."),
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


def commit_batch(batch: ImportBatch, *, on_progress: Progress = None) -> ImportBatch:
    start_commit(batch)
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
    from pathlib import Path

    path = Path(path)
    with open(path, "rb") as fh:
        batch = create_batch(fh, file_name=file_name or path.name, by=by, layout=layout)
    span = 0.5 if commit else 1.0
    result = preview_batch(
        batch, on_progress=(lambda f: on_progress(f * span)) if on_progress else None
    )
    if commit and result.is_valid:
        run_on = (lambda f: on_progress(0.5 + f * 0.5)) if on_progress else None
        commit_batch(batch, on_progress=run_on)
    return batch, result
