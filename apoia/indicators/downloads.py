"""The spreadsheets people download from the indicator pages (values, rankings, priority lists).

All of them follow `apoia.lib.spreadsheets`: column labels and indicator names, not codes. The
values table keeps the columns the importer reads back ("Código IBGE", "Indicador", "Ano",
"Valor"), with the indicator's name, which the importer accepts as well as its code. The API
keeps its own machine-readable CSV (apoia/api/routers/indicators.py).
"""

from django.utils.translation import gettext as _

from apoia.indicators.models import Indicator
from apoia.lib.spreadsheets import csv_response, xlsx_response

FORMATS = ("csv", "xlsx")


def _response(kind: str, filename: str, headers, rows, title: str):
    if kind == "xlsx":
        return xlsx_response(f"{filename}.xlsx", headers, rows, title=title)
    return csv_response(f"{filename}.csv", headers, rows)


def values_download(indicator: Indicator, rows: list[dict], *, uf=None, period=None, kind="csv"):
    """The rows of `queries.values_table` as a spreadsheet, named after the filters."""
    headers = [_("Código IBGE"), _("Município"), _("UF"), _("Indicador"), _("Ano"), _("Valor")]
    lines = (
        [row["ibge"], row["municipality"], row["uf"], indicator.name, row["period"], row["value"]]
        for row in rows
    )
    filename = "_".join(str(part) for part in (indicator.code, uf, period) if part)
    return _response(kind, filename, headers, lines, indicator.name)


def ranking_download(rows: list[dict], weights: dict, *, filename: str, title: str, kind="csv"):
    """Ranked rows (of `ranking.rank`) as a spreadsheet: position, municipality, score, then
    each indicator's value and contribution; missing data left empty and named at the end."""
    codes = list(weights)
    names = dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))
    headers = [_("Posição"), _("Código IBGE"), _("Município"), _("Escore")]
    for code in codes:
        name = names.get(code, code)
        headers += [
            _("%(name)s — valor") % {"name": name},
            _("%(name)s — contribuição") % {"name": name},
        ]
    headers.append(_("Sem dado"))

    def lines():
        for row in rows:
            line = [row.get("rank"), row["ibge"], row["municipality"], row["score"]]
            for code in codes:
                line += [row["values"].get(code), row["contributions"].get(code)]
            missing = set(row.get("missing", []))
            named = ", ".join(names.get(code, code) for code in codes if code in missing)
            yield [*line, named or None]

    return _response(kind, filename, headers, lines(), title)
