"""Planned versus done of a plan as XLSX: a summary sheet, then per axis (with its strategies),
per strategy, per month and the plan's entries; bold frozen header rows, real numbers (the share
done with one decimal), text always stored as text (apoia.lib.spreadsheets)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from apoia.agenda.queries_plan import Execution, Figures, month_name
from apoia.lib import spreadsheets

PERCENT = "0.0"


class Percent:
    def __init__(self, value):
        self.value = value


def _cell(sheet, value):
    if isinstance(value, Percent):
        return spreadsheets.xlsx_cell(sheet, value.value, PERCENT)
    return spreadsheets.xlsx_cell(sheet, value)


def figure_headers() -> list[str]:
    return [
        _("Ações"),
        _("Planejadas"),
        _("Agendadas"),
        _("Realizadas"),
        _("Canceladas"),
        _("Realizado (%)"),
        _("Eventos realizados"),
    ]


def figure_cells(f: Figures) -> list:
    return [
        f.total,
        f.planned,
        f.scheduled,
        f.done,
        f.cancelled,
        Percent(f.percent_done),
        f.events_held,
    ]


def _sheet(book, title, headers, rows, widths):
    spreadsheets.xlsx_sheet(book, title, headers, rows, widths=widths, cell=_cell)


def summary_rows(figures: Execution) -> list:
    plan = figures.plan
    return [
        [_("Plano"), plan.title],
        [_("Estado"), plan.state.name],
        [_("Ano"), plan.year],
        [_("Ato de aprovação"), plan.act],
        [_("Data do ato"), plan.act_date],
        [_("Link do ato"), plan.act_url],
        [_("Eventos realizados até"), figures.now],
        [None, None],
        *(
            [label, value]
            for label, value in zip(figure_headers(), figure_cells(figures.total), strict=True)
        ),
    ]


def execution_workbook(figures: Execution) -> bytes:
    book = Workbook(write_only=True)
    headers = figure_headers()
    numbers = [10, 12, 12, 12, 12, 14, 18]
    _sheet(book, _("Resumo"), [_("Item"), _("Valor")], summary_rows(figures), [30, 70])
    axis_rows = []
    for row in figures.axes:
        axis_rows.append([row.label, _("Todas"), *figure_cells(row.figures)])
        for child in row.children:
            axis_rows.append([row.label, child.label, *figure_cells(child.figures)])
    _sheet(
        book,
        _("Por eixo"),
        [_("Eixo"), _("Estratégia"), *headers],
        axis_rows,
        [40, 40, *numbers],
    )
    _sheet(
        book,
        _("Por estratégia"),
        [_("Estratégia"), *headers],
        ([row.label, *figure_cells(row.figures)] for row in figures.strategies),
        [40, *numbers],
    )
    _sheet(
        book,
        _("Por mês"),
        [_("Mês"), *headers],
        ([row.label, *figure_cells(row.figures)] for row in figures.months),
        [14, *numbers],
    )
    _sheet(
        book,
        _("Ações"),
        [
            _("Eixo"),
            _("Estratégia"),
            _("Modalidade"),
            _("Ação"),
            _("Unidade responsável"),
            _("Meses previstos"),
            _("Situação"),
            _("Motivo do cancelamento"),
            _("Eventos realizados"),
        ],
        (
            [
                e.axis.name,
                e.strategy.name,
                e.get_modality_display(),
                e.title,
                (e.unit.acronym or e.unit.name) if e.unit_id else None,
                ", ".join(month_name(m) for m in e.months or ()),
                e.get_status_display(),
                e.cancel_reason,
                len(e.held),
            ]
            for e in figures.entries
        ),
        [30, 30, 12, 60, 16, 30, 12, 40, 12],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
