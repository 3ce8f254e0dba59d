"""Requests (protocolo): /api/v1/requests. The same service and query functions as the web.

Three kinds of caller:
- anyone may file a request (a Bearer token makes its owner the requester);
- the requester acts with the protocol number and its access code, rate-limited like the
  public tracking page, or with the token of the account that filed it;
- staff act with a Bearer token on the requests `visible_to` them: 404 when they cannot see
  the request, 403 when they see it but may not do that.

This module files, lists, exports and tracks requests; the actions on one request are in
`protocol_actions`, the answers in `protocol_serializers`, what they share in `protocol_support`.
"""

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status as HttpStatus

from apoia.api import idempotency
from apoia.api.auth import TokenAuth
from apoia.api.routers.protocol_schemas import (
    InvalidOut,
    MyRequestFilters,
    MyRequestPageOut,
    ProblemOut,
    ReceiptOut,
    RequestDetailOut,
    RequestFilters,
    RequestListFilters,
    RequestPageOut,
    SubmissionIn,
    TrackingOut,
)
from apoia.api.routers.protocol_serializers import (
    detail_view,
    fresh,
    my_row,
    row,
    tracking_view,
)
from apoia.api.routers.protocol_support import (
    ACCESS_CODE_HEADER,
    OPTIONAL_TOKEN_DOC,
    OptionalTokenAuth,
    answers_problems,
    body_doc,
    by_access_code,
    invalid,
    read_body,
    throttle_submission,
)
from apoia.catalog import queries as catalog_queries
from apoia.protocol import exports, queries, services
from apoia.protocol.forms import MineFilterForm
from apoia.protocol.models import (
    Channel,
    ServiceRequest,
)
from apoia.protocol.notifications import tracking_url
from apoia.protocol.steps import MINE_PAGE_SIZE, for_requester
from apoia.territory.models import Municipality

router = Router(tags=["protocolo"])

PAGE_SIZE = 50


# --- submission ------------------------------------------------------------------------------


def _municipality(ibge: int) -> Municipality | None:
    # IBGE codes have 7 digits; anything else would only overflow the database's integer.
    if not 1_000_000 <= ibge <= 9_999_999:
        return None
    return Municipality.objects.filter(ibge=ibge).first()


def _resolve_submission(data: SubmissionIn, user):
    errors: dict[str, list[str]] = {}
    service = (
        catalog_queries.visible_to(user)
        .select_related("state")
        .filter(slug=data.service.strip())
        .first()
    )
    if service is None:
        errors["service"] = [_("Serviço desconhecido: %(slug)s.") % {"slug": data.service}]
    option = None
    if service is not None and data.option.strip():
        option = service.options.filter(slug=data.option.strip()).first()
        if option is None:
            errors["option"] = [_("Opção desconhecida: %(slug)s.") % {"slug": data.option}]
    municipality = None
    if data.municipality is not None:
        municipality = _municipality(data.municipality)
        if municipality is None:
            errors["municipality"] = [
                _("Município desconhecido: %(ibge)s.") % {"ibge": data.municipality}
            ]
    if errors:
        raise invalid(errors)
    return service, option, municipality


@router.post(
    "/requests",
    response={201: ReceiptOut, 400: InvalidOut, 401: ProblemOut, 422: InvalidOut},
    auth=OptionalTokenAuth(),
    summary="Fazer um pedido",
    openapi_extra={
        **body_doc(SubmissionIn),
        **OPTIONAL_TOKEN_DOC,
        "parameters": [idempotency.OPENAPI_PARAMETER],
    },
)
@answers_problems
def submit(request):
    """Protocola um pedido de qualquer serviço da Carta de Serviços.

    Com token, quem pede é a dona do token; sem token, informe `requester` (nome, e-mail e
    CPF ou CNPJ), nos serviços que aceitam pedidos sem cadastro. Anexos: envie
    `multipart/form-data` com o campo `payload` (o JSON) e os arquivos em `attachments`
    (até 10 arquivos, 10 MB cada e 25 MB ao todo).
    A resposta traz o protocolo, o código de acesso e o prazo de resposta.

    **Repetir com segurança**: envie o cabeçalho `Idempotency-Key` com um valor único por
    pedido (por exemplo, um UUID; de 1 a 100 caracteres ASCII imprimíveis). Se a conexão cair
    antes da resposta, repita a chamada com a mesma chave e o mesmo corpo: em até 24 horas, a
    resposta é o mesmo recibo (mesmo protocolo, mesmo código de acesso), sem protocolar de
    novo, mesmo que as duas chamadas cheguem ao mesmo tempo. A chave vale para quem a enviou:
    a conta do token ou, sem token, o endereço de origem. A mesma chave com outro corpo
    responde 422; uma chamada recusada (4xx) não guarda a chave e pode ser corrigida e
    repetida com ela.
    """
    user = request.auth
    throttle_submission(request, user)
    key = _idempotency_key(request)
    data, files = read_body(request, SubmissionIn)
    if key is not None:
        caller, print_ = idempotency.caller_of(request), idempotency.fingerprint(data, files)
        earlier = _earlier_answer(caller, key, print_)
        if earlier is not None:
            return HttpStatus(201, earlier)
    service, option, municipality = _resolve_submission(data, user)
    requester = services.RequesterData(**data.requester.dict()) if data.requester else None
    organization = (
        services.OrganizationData(**data.organization.dict()) if data.organization else None
    )
    filing = dict(
        service=service,
        option=option,
        by=user,
        requester=requester,
        organization=organization,
        municipality=municipality,
        subject=data.subject,
        description=data.description,
        suggested_dates=data.suggested_dates,
        suggested_agenda=data.suggested_agenda,
        anonymous=data.anonymous,
        attachments=files,
        channel=Channel.API,
    )
    if key is None:
        return HttpStatus(201, _receipt(services.submit_request(**filing)))

    def remember(req):
        idempotency.remember(caller, key, print_, req, _receipt(req))

    try:
        req = services.submit_request(**filing, on_filed=remember)
    except idempotency.KeyTaken:
        # A simultaneous call with this key filed first; this one was rolled back.
        return HttpStatus(201, _earlier_answer(caller, key, print_))
    return HttpStatus(201, _receipt(req))


def _receipt(req: ServiceRequest) -> dict:
    return {
        "protocol": req.protocol,
        "access_code": req.access_code,
        "received": req.received_at,
        "due": req.due_date,
        "status": req.status,
        "tracking_url": tracking_url(req),
    }


def _idempotency_key(request) -> str | None:
    try:
        return idempotency.read_key(request)
    except idempotency.BadKey as exc:
        raise invalid({exc.field: [exc.message]}) from exc


def _earlier_answer(caller: str, key: str, print_: str) -> dict | None:
    try:
        return idempotency.earlier_answer(caller, key, print_)
    except idempotency.BadKey as exc:
        raise invalid({exc.field: [exc.message]}) from exc


# --- staff lists (declared before /requests/{protocol} so "export.csv" is no protocol) -----


def filter_requests(rows, filters: RequestFilters, *, today: dt.date, limit: dt.date):
    if filters.municipality is not None and _municipality(filters.municipality) is None:
        return rows.none()
    return queries.filter_requests(
        rows,
        today=today,
        limit=limit,
        status=filters.status,
        deadline_state=filters.deadline_state,
        service=filters.service,
        municipality=filters.municipality,
        unit=filters.unit,
    )


@router.get(
    "/requests",
    response={200: RequestPageOut, 401: ProblemOut, 422: InvalidOut},
    auth=TokenAuth(),
    summary="Pedidos que vejo",
)
def list_requests(request, filters: Query[RequestListFilters]):
    """Os pedidos visíveis para a dona do token, mais recentes primeiro, 50 por página.

    `deadline_state`: `on_time` (no prazo), `due_soon` (vence em até 2 dias úteis), `late`.
    """
    today, limit = queries.deadline_window()
    rows = filter_requests(queries.visible_to(request.auth), filters, today=today, limit=limit)
    count, page = rows.count(), filters.page
    start = (page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // PAGE_SIZE)),
        "results": [row(req, today, limit) for req in rows[start : start + PAGE_SIZE]],
    }


@router.get(
    "/requests/mine",
    response={200: MyRequestPageOut, 401: ProblemOut, 422: InvalidOut},
    auth=TokenAuth(),
    summary="Meus pedidos",
)
def my_requests(request, filters: Query[MyRequestFilters]):
    """Os pedidos que a dona do token acompanha como demandante, como na página "Meus
    pedidos": os que fez e os da sua organização ou prefeitura (nunca manifestações de
    ouvidoria ou pedidos de acesso à informação de colegas), mais recentes primeiro, 20 por
    página. Cada um traz o próximo passo e o que ela pode fazer agora (`actions`), com os
    endpoints do demandante, sem código de acesso.
    """
    user = request.auth
    form = MineFilterForm(
        {
            "q": filters.protocol,
            "situacao": {"open": MineFilterForm.OPEN, "closed": MineFilterForm.CLOSED}.get(
                filters.state or "", ""
            ),
        }
    )
    rows = form.apply(queries.requested_by(user))
    today, limit = queries.deadline_window()
    count, page = rows.count(), filters.page
    start = (page - 1) * MINE_PAGE_SIZE
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // MINE_PAGE_SIZE)),
        "results": [
            my_row(for_requester(user, req, today, limit))
            for req in rows[start : start + MINE_PAGE_SIZE]
        ],
    }


def _export_rows(request, filters: RequestFilters):
    """Every row of the filtered list, not a page, with the requester blanked where the
    caller may not see it (exports.request_rows)."""
    today, limit = queries.deadline_window()
    found = filter_requests(queries.visible_to(request.auth), filters, today=today, limit=limit)
    return exports.request_rows(found, user=request.auth, today=today, limit=limit)


@router.get(
    "/requests/export.csv",
    auth=TokenAuth(),
    summary="Exportar pedidos (CSV)",
    response={200: None, 401: ProblemOut},
)
def export_requests_csv(request, filters: Query[RequestFilters]):
    """Os pedidos visíveis, com os mesmos filtros da lista, em CSV."""
    return exports.export_api_csv(_export_rows(request, filters))


@router.get(
    "/requests/export.xlsx",
    auth=TokenAuth(),
    summary="Exportar pedidos (XLSX)",
    response={200: None, 401: ProblemOut},
)
def export_requests_xlsx(request, filters: Query[RequestFilters]):
    """Os pedidos visíveis, com os mesmos filtros da lista, em planilha XLSX."""
    return exports.export_xlsx(_export_rows(request, filters))


# --- tracking: last, because its number may contain a "/" (50000.000001/2025-12) and would
# otherwise swallow the action URLs above.


@router.get(
    "/requests/{path:protocol}",
    response={
        200: TrackingOut | RequestDetailOut,
        401: ProblemOut,
        404: ProblemOut,
        429: ProblemOut,
    },
    auth=OptionalTokenAuth(),
    summary="Acompanhar um pedido",
    openapi_extra=OPTIONAL_TOKEN_DOC,
)
@answers_problems
def get_request(
    request,
    protocol: str,
    x_access_code: str = ACCESS_CODE_HEADER,
    access_code: str = Query(
        "",
        deprecated=True,
        description="Obsoleto: o código na URL fica nos registros de acesso; "
        "envie-o no cabeçalho X-Access-Code.",
    ),
):
    """A situação, o prazo e a linha do tempo pública, com o número e o código de acesso
    (no cabeçalho `X-Access-Code`; o parâmetro `access_code` na URL é obsoleto).

    O número vale com ou sem pontuação (`50000.000001/2025-12` ou `50000000001202512`). Um
    número errado, um código errado ou um pedido inexistente respondem o mesmo 404. Com um
    token de quem pode ver o pedido, o código é dispensado e a resposta traz tudo
    (`"view": "full"`; notas internas só para a equipe).
    """
    user = request.auth
    if user.is_authenticated:
        try:
            return detail_view(fresh(queries.get_request_for(user, protocol)), user)
        except Http404:
            if not (x_access_code or access_code):
                raise
    return tracking_view(by_access_code(request, protocol, access_code))
