"""Spreadsheets people download from a page, in the form Excel set to Brazilian Portuguese
opens right.

CSV: `;` between columns (Excel in Brazil splits on it, since `,` is its decimal mark), UTF-8
with a BOM (without it Excel reads the file as Windows-1252 and mangles accents), numbers with a
decimal comma and no grouping, dates dd/mm/aaaa, "Sim"/"Não" for booleans. Text that a
spreadsheet would run as a formula gets a leading apostrophe.

XLSX: one sheet, a bold frozen header row, real numbers and dates (shown dd/mm/aaaa), and text
always stored as text, never as a formula.

The columns are labels people read ("Código IBGE", "Município"), not database codes. The API and
the open-data files keep the machine-readable form (`,`, `.`, codes, ISO dates) and do not come
through here.
"""

import csv
import datetime as dt
import decimal
import io
import math
from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to a spreadsheet: user text must not run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses sheet titles longer than this or containing any of these characters.
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def number_text(value: float | int | decimal.Decimal) -> str:
    """A number as Brazilian Excel reads it: decimal comma, no grouping, never an exponent."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
        # repr is the shortest text that reads back as the same float; Decimal spells out
        # the exponent forms ("1e-07") that Excel would otherwise take for text.
        value = decimal.Decimal(repr(value))
    text = format(value, "f") if isinstance(value, decimal.Decimal) else str(value)
    return text.replace(".", ",")


def _naive_local(moment: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: the wall-clock time people read on the site.
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def csv_cell(value) -> str:
    """One value as the CSV cell of a person's spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Sim") if value else _("Não")
    if isinstance(value, dt.datetime):
        return _naive_local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float | decimal.Decimal):
        return number_text(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _disposition(filename: str) -> str:
    """`attachment` with an ASCII name every browser takes, plus the UTF-8 one when needed."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename)}"
    return header


def csv_response(filename: str, headers: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download in the Brazilian spreadsheet convention (see the module docstring)."""
    response = HttpResponse(content_type=CSV_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label in headers])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def _xlsx_value(value):
    if isinstance(value, dt.datetime):
        return _naive_local(value)
    if isinstance(value, bool):
        return _("Sim") if value else _("Não")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, int | float | decimal.Decimal | dt.date):
        return value
    return str(value)


def xlsx_cell(sheet, value, number_format: str | None = None):
    """A write-only cell: dates in dd/mm/aaaa, text always text (never a formula), and
    `number_format` when given (e.g. "0.00" for weights, "0.0" for percentages)."""
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    if isinstance(cell.value, dt.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(cell.value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if number_format:
        cell.number_format = number_format
    return cell


def sheet_title(title: str) -> str:
    cleaned = str(title).translate(SHEET_TITLE_FORBIDDEN).strip()
    return cleaned[:SHEET_TITLE_MAX] or "Planilha"


def xlsx_sheet(
    workbook,
    title: str,
    headers: Iterable,
    rows: Iterable[Iterable],
    *,
    freeze: str = "A2",
    widths: Iterable[int] = (),
    cell=None,
):
    """One sheet of a write-only workbook: a bold header row frozen at `freeze`, then the rows
    (each value through `cell(sheet, value)`, `xlsx_cell` by default)."""
    cell = cell or xlsx_cell
    sheet = workbook.create_sheet(sheet_title(title))
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = freeze
    bold = Font(bold=True)
    header = []
    for label in headers:
        head = WriteOnlyCell(sheet, value=str(label))
        head.font = bold
        head.data_type = "s"
        header.append(head)
    sheet.append(header)
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
    return sheet


def xlsx_bytes_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(
    filename: str,
    headers: Iterable,
    rows: Iterable[Iterable],
    *,
    title: str,
    freeze: str = "A2",
) -> HttpResponse:
    """An XLSX download: one sheet named `title`, a bold header row frozen at `freeze`.

    Written row by row (openpyxl's write-only mode), so a long list costs little memory.
    """
    workbook = Workbook(write_only=True)
    xlsx_sheet(workbook, title, headers, rows, freeze=freeze)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return xlsx_bytes_response(filename, buffer.getvalue())
