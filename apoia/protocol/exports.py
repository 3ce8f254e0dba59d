"""CSV and XLSX of a filtered request list (issue 3, item 11).

`request_rows` turns requests into plain rows, blanking the requester and the organization
where `queries.can_see_requester` says the user may not see them; `export_csv` and
`export_xlsx` write them for the queue page, in the convention of every page download
(`apoia.lib.spreadsheets`); `export_api_csv` keeps the API's CSV as it was (ISO dates).
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.lib import spreadsheets
from apoia.lib.formatting import format_cnpj, format_document, format_phone
from apoia.protocol.models import DeadlineState, ServiceRequest
from apoia.protocol.queries import can_see_requester
from apoia.protocol.services import deadline_state


def headers() -> list[str]:
    return [
        _("Protocolo"),
        _("Recebido em"),
        _("Serviço"),
        _("Opção"),
        _("Situação"),
        _("Prazo de resposta"),
        _("Prazo original"),
        _("Situação do prazo"),
        _("Prazo prorrogado"),
        _("Unidade"),
        _("Técnico responsável"),
        _("Município"),
        _("UF"),
        _("Anônimo"),
        _("Organização"),
        _("CNPJ da organização"),
        _("Demandante"),
        _("E-mail do demandante"),
        _("CPF ou CNPJ"),
        _("Telefone"),
        _("Concluído em"),
        _("Avaliação"),
        _("Canal"),
    ]


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # Spreadsheets have no time zones: the wall-clock time people read on the site.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def _organization(req: ServiceRequest) -> tuple[str, str]:
    """(name, CNPJ) of the organization linked to the request, or of the one only typed."""
    if req.organization is not None:
        return req.organization.name, req.organization.cnpj
    return req.organization_name, req.organization_cnpj


def request_rows(
    requests: Iterable[ServiceRequest], *, user, today: dt.date, limit: dt.date
) -> Iterator[list]:
    """One row per request, values typed (dates as dates), in the order of `headers()`."""
    yes, no = _("Sim"), _("Não")
    states = dict(DeadlineState.choices)
    for req in requests:
        identity = can_see_requester(user, req)
        state = deadline_state(req, today, limit)
        yield [
            req.protocol,
            _local(req.received_at),
            req.service.name,
            req.option.name if req.option else "",
            req.get_status_display(),
            req.due_date,
            req.original_due_date,
            str(states[state]) if state else "",
            yes if req.extended else no,
            req.unit.name if req.unit else "",
            req.assignee.full_name if req.assignee else "",
            req.municipality.name if req.municipality else "",
            req.municipality.state.uf if req.municipality else req.state.uf,
            yes if req.is_anonymous else no,
            *(_organization(req) if identity else ("", "")),
            req.requester_name if identity else "",
            req.requester_email if identity else "",
            req.requester_document if identity else "",
            req.requester_phone if identity else "",
            _local(req.concluded_at),
            req.rating,
            req.get_channel_display(),
        ]


def _for_reading(rows: Iterable[list]) -> Iterator[list]:
    """The page downloads are read by people: CNPJ, CPF and phones punctuated (the API's CSV
    keeps the digits machines compare)."""
    readable = {
        headers().index(_("CNPJ da organização")): format_cnpj,
        headers().index(_("CPF ou CNPJ")): format_document,
        headers().index(_("Telefone")): format_phone,
    }
    for row in rows:
        yield [
            readable[i](value) if i in readable and value else value for i, value in enumerate(row)
        ]


def _filename(extension: str) -> str:
    return f"pedidos-{timezone.localdate():%Y-%m-%d}.{extension}"


def export_csv(rows: Iterable[list]) -> HttpResponse:
    """The queue's download, in the convention of every page download (lib.spreadsheets)."""
    return spreadsheets.csv_response(_filename("csv"), headers(), _for_reading(rows))


def _api_csv_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(spreadsheets.FORMULA_STARTS):
        return "'" + value
    return value


def export_api_csv(rows: Iterable[list]) -> HttpResponse:
    """The API's CSV, kept as its clients parse it: `;` and a BOM, but ISO dates."""
    response = HttpResponse(content_type=spreadsheets.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_api_csv_value(value) for value in row])
    return response


def export_xlsx(rows: Iterable[list]) -> HttpResponse:
    """One sheet, a bold header row, real dates; the protocol column stays in view."""
    return spreadsheets.xlsx_response(
        _filename("xlsx"), headers(), _for_reading(rows), title=_("Pedidos"), freeze="B2"
    )
