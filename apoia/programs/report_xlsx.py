"""The management report as XLSX: a summary sheet first, then one sheet per table, each with a
bold frozen header row; real numbers and dates in Brazilian display formats (dd/mm/aaaa, weights
with two decimals, percentages with one), text always stored as text (apoia.lib.spreadsheets)."""

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from apoia.lib import spreadsheets
from apoia.programs.report import Report

WEIGHT = "0.00"
PERCENT = "0.0"
BOLD = Font(bold=True)


class Number:
    """A cell value with its display format."""

    def __init__(self, value, number_format: str):
        self.value, self.number_format = value, number_format


def weight(value):
    return Number(value, WEIGHT)


def percent(value):
    return Number(None if value is None else Decimal(str(value)), PERCENT)


def _cell(sheet, value):
    if isinstance(value, Number):
        return spreadsheets.xlsx_cell(sheet, value.value, value.number_format)
    return spreadsheets.xlsx_cell(sheet, value)


def _sheet(workbook, title, headers, rows, widths):
    spreadsheets.xlsx_sheet(workbook, title, headers, rows, widths=widths, cell=_cell)


def summary_rows(found: Report) -> list:
    rows = [
        [_("Programa"), found.program.name, None],
        [_("Fase"), found.phase.name, None],
        [_("Início do período"), found.period.start, None],
        [_("Fim do período"), found.period.end, None],
        [_("Atraso avaliado em"), found.reference_day, None],
        [_("Gerado por"), found.generated_by.full_name or found.generated_by.email, None],
        [_("Gerado em"), found.generated_at, None],
        *([label, value, None] for label, value in found.filter_labels()),
        [_("Fórmula do progresso"), str(found.formula), None],
        [None, None, None],
        [_("Entregas com prazo no período"), _("Quantidade"), _("Peso")],
        *([b.label, b.count, weight(b.weight)] for b in found.buckets),
        [found.due_total.label, found.due_total.count, weight(found.due_total.weight)],
        [None, None, None],
        [_("Progresso da fase (%)"), percent(found.total.percent), None],
        [_("Peso validado"), weight(found.total.validated_weight), None],
        [_("Peso total"), weight(found.total.total_weight), None],
        [_("Metas alcançadas"), found.goals.met, None],
        [_("Metas com dados"), found.goals.with_data, None],
        [_("Metas do plano"), found.goals.targets, None],
        [_("Tarefas de acompanhamento atrasadas"), len(found.late_tasks), None],
    ]
    return rows


def _progress_cells(figure):
    return [
        weight(figure.validated_weight),
        weight(figure.total_weight),
        percent(figure.percent),
        figure.count,
        figure.validated_count,
    ]


PROGRESS_HEADERS = [
    gettext_lazy("Peso validado"),
    gettext_lazy("Peso total"),
    gettext_lazy("Progresso (%)"),
    gettext_lazy("Entregas"),
    gettext_lazy("Entregas validadas"),
]


def workbook(found: Report) -> bytes:
    book = Workbook(write_only=True)
    _sheet(book, _("Resumo"), [_("Item"), _("Valor"), _("Peso")], summary_rows(found), [40, 40, 12])
    progress_headers = [str(label) for label in PROGRESS_HEADERS]
    _sheet(
        book,
        _("Progresso por unidade"),
        [_("Unidade ofertante"), *progress_headers],
        ([row["unit"].name, *_progress_cells(row["progress"])] for row in found.units),
        [50, 14, 14, 14, 10, 18],
    )
    _sheet(
        book,
        _("Progresso por município"),
        [_("Código IBGE"), _("Município"), _("Plano"), *progress_headers, _("Entregas atrasadas")],
        (
            [
                row["municipality"].ibge,
                row["municipality"].name,
                row["plan"].get_status_display() if row["plan"] else _("sem plano"),
                *_progress_cells(row["progress"]),
                row["late"],
            ]
            for row in found.municipalities
        ),
        [12, 30, 24, 14, 14, 14, 10, 18, 18],
    )
    _sheet(
        book,
        _("Movimento dos indicadores"),
        [
            _("Código"),
            _("Indicador"),
            _("Metas"),
            _("Com dados"),
            _("Melhoraram"),
            _("Sem mudança"),
            _("Pioraram"),
            _("Metas alcançadas"),
            _("Parcela média do caminho (%)"),
        ],
        (
            [
                row.indicator.code,
                row.indicator.name,
                row.targets,
                row.with_data,
                row.improved,
                row.unchanged,
                row.worsened,
                row.met,
                percent(row.mean_percent),
            ]
            for row in found.indicators
        ),
        [16, 40, 8, 10, 12, 12, 10, 16, 26],
    )
    _sheet(
        book,
        _("Entregas atrasadas"),
        [
            _("Código IBGE"),
            _("Município"),
            _("Ação"),
            _("Entrega"),
            _("Peso"),
            _("Prazo"),
            _("Dias úteis de atraso"),
            _("Situação"),
            _("Responsável"),
            _("Cargo ou função"),
            _("Contato"),
            _("Unidade ofertante"),
        ],
        (
            [
                row.municipality.ibge if row.municipality else None,
                row.municipality.name if row.municipality else _("Projeto estratégico"),
                row.item.action.title,
                row.delivery.delivery.title,
                weight(row.delivery.delivery.weight),
                row.delivery.due,
                row.days_late,
                row.delivery.get_status_display(),
                row.item.responsible_name,
                row.item.responsible_role,
                row.item.responsible_contact,
                row.unit.name,
            ]
            for row in found.late
        ),
        [12, 24, 36, 36, 8, 12, 12, 22, 26, 26, 30, 40],
    )
    _sheet(
        book,
        _("Tarefas atrasadas"),
        [
            _("Tarefa"),
            _("Município"),
            _("Responsável"),
            _("Contato"),
            _("Prazo"),
            _("Dias úteis de atraso"),
        ],
        (
            [
                row.task.title,
                row.task.municipality.name if row.task.municipality_id else None,
                row.task.owner_label,
                row.owner_contact,
                row.task.due,
                row.days_late,
            ]
            for row in found.late_tasks
        ),
        [40, 24, 30, 30, 12, 12],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx(found: Report, filename: str) -> HttpResponse:
    return spreadsheets.xlsx_bytes_response(filename, workbook(found))
