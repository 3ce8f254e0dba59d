"""Read indicator files (CSV or XLSX) and check every value, writing nothing.

Layouts (headers are matched without case or accents; extra columns such as `uf` are ignored):
- long: `ibge, indicator, period, value` (or `codigo_ibge, indicador, ano, valor`);
- wide by indicator: `ibge, period` and one column per indicator code;
- wide by period: `ibge, indicator` and one column per year.

A million rows must be read in seconds: codes are mapped to ids once (`Lookups`), rows come
from the csv module, and the checks are plain Python in one flat loop per layout.
"""

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apoia.indicators.models import Indicator
from apoia.territory.models import Municipality

LONG, WIDE = "long", "wide"
BY_INDICATOR, BY_PERIOD = "by_indicator", "by_period"
MAX_ERRORS = 200  # kept and shown; the count goes on
SAMPLE_SIZE = 10
PROGRESS_EVERY = 10_000  # rows between progress reports
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
# A cell holding a number with a decimal comma, grouped or not ("0,784", "1.234,5").
COMMA_NUMBER = re.compile(r"(^|[;\t])\s*-?(\d{1,3}(\.\d{3})+|\d+),\d+\s*($|[;\t\r\n])", re.M)

Progress = Callable[[float], None] | None


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
        # The page downloads name the indicator ("IDHM Educação"), not its code; a name two
        # indicators share is no way to tell them apart, and is left out.
        self.indicator_names: dict[str, tuple[int, str, float | None, float | None]] = {}
        shared_names = set()
        for pk, code, name, low, high in Indicator.objects.values_list(
            "pk", "code", "name", "min_value", "max_value"
        ):
            found = (pk, code, low, high)
            self.indicators[code] = self.indicators[code.lower()] = found
            key = normalize_header(name)
            if key in self.indicator_names:
                shared_names.add(key)
            self.indicator_names[key] = found
        for key in shared_names:
            del self.indicator_names[key]
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
            found = self.indicators.get(raw.strip().lower()) or self.indicator_names.get(
                normalize_header(raw)
            )
            if found is not None:
                self.indicators[raw] = found  # a file repeats the same name on every row
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


def _encoding(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows in Brazil are often Latin-1.
        return "cp1252"
    return "utf-8-sig"


def _csv_table(data: bytes) -> Table:
    # Decoded as it is read: a StringIO of the whole file would hold it again, four bytes
    # per character.
    stream = io.TextIOWrapper(
        io.BytesIO(data), encoding=_encoding(data), errors="replace", newline=""
    )
    first_line = stream.readline()
    stream.seek(0)
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(stream, delimiter=delimiter)
    header = next(reader, None) or []
    comma_decimal = False
    if delimiter != ",":
        head = data[: 64 * 1024].decode(stream.encoding, errors="ignore")
        comma_decimal = bool(COMMA_NUMBER.search(head))
    return Table(header, enumerate(reader, start=2), data.count(b"\n"), comma_decimal)


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
