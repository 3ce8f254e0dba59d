"""Requests (protocolo): /api/v1/requests. The same service and query functions as the web.

Three kinds of caller:
- anyone may file a request (a Bearer token makes its owner the requester);
- the requester acts with the protocol number and its access code, rate-limited like the
  public tracking page;
- staff act with a Bearer token on the requests `visible_to` them: 404 when they cannot see
  the request, 403 when they see it but may not do that.
"""

import datetime as dt
import functools

import pydantic
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit, User
from apoia.api import idempotency
from apoia.api.auth import TokenAuth
from apoia.api.errors import error_body, field_path, message_for, rejected_body
from apoia.api.routers.protocol_schemas import (
    AppealIn,
    AssignmentIn,
    ConclusionIn,
    ContactIn,
    DecisionIn,
    ExtensionIn,
    InvalidOut,
    MessageIn,
    ProblemOut,
    RatingIn,
    ReceiptOut,
    ReopenIn,
    ReplyIn,
    RequestDetailOut,
    RequestFilters,
    RequestListFilters,
    RequestPageOut,
    RerouteIn,
    SubmissionIn,
    TrackingOut,
    WaitingIn,
)
from apoia.catalog import queries as catalog_queries
from apoia.lib.hostile_input import RejectedInput, load_json
from apoia.protocol import exports, queries, rules, services
from apoia.protocol.models import (
    Channel,
    ServiceRequest,
)
from apoia.protocol.notifications import tracking_url
from apoia.protocol.rules import Verb
from apoia.protocol.throttle import (
    submission_retry_after,
    too_many_submissions,
    tracking_retry_after,
)
from apoia.territory.models import Municipality

router = Router(tags=["protocolo"])

PAGE_SIZE = 50


# --- errors ----------------------------------------------------------------------------------


class Problem(Exception):
    """An answer other than success, raised anywhere below an endpoint."""

    def __init__(self, status: int, body: dict, headers: dict | None = None):
        super().__init__(body)
        self.status, self.body, self.headers = status, body, headers or {}


def _pairs(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(field, message) for field, messages in errors.items() for message in messages]


def _invalid(errors: dict[str, list[str]], status: int = 422) -> Problem:
    return Problem(status, error_body(_pairs(errors)))


def _forbidden(message: str) -> Problem:
    return Problem(403, {"detail": message})


def _field_errors(exc: DjangoValidationError, rename: dict | None = None) -> dict[str, list]:
    if not hasattr(exc, "error_dict"):
        return {"__all__": list(exc.messages)}
    rename = rename or {}
    return {
        rename.get(field, "__all__" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def answers_problems(view):
    """Turns Problem, TransitionError (409) and ValidationError (422) into JSON answers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Problem as exc:
            return JsonResponse(exc.body, status=exc.status, headers=exc.headers)
        except rules.NotPermitted as exc:
            return JsonResponse({"detail": exc.message}, status=403)
        except services.TransitionError as exc:
            return JsonResponse({"detail": " ".join(exc.messages)}, status=409)
        except DjangoValidationError as exc:
            return JsonResponse(error_body(_pairs(_field_errors(exc))), status=422)

    return wrapper


# --- callers ---------------------------------------------------------------------------------


# The OpenAPI way of saying "a Bearer token, or nothing".
OPTIONAL_TOKEN_DOC = {"security": [{"TokenAuth": []}, {}]}


class OptionalTokenAuth(TokenAuth):
    """A Bearer token is optional here; when one is sent it must be valid (else 401)."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return AnonymousUser()
        user = super().__call__(request)
        if user is None:
            raise AuthenticationError()
        return user


def throttle_tracking(request) -> None:
    """Lookups by access code: at most APOIA_TRACKING_RATE per client address per minute.

    The counter lives in the cache under the key the tracking page uses (public_views), so
    the page and the API share one budget per address: guessing access codes is no faster
    through both than through one.
    """
    if wait := tracking_retry_after(request):
        raise Problem(
            429,
            {"detail": _("Muitas consultas deste endereço. Tente de novo em um minuto.")},
            {"Retry-After": str(wait)},
        )


def throttle_submission(request, user) -> None:
    """Submissions without a token: at most APOIA_SUBMISSION_RATE per client address per
    minute, counted with the web form's and Open311's."""
    if wait := submission_retry_after(request, user):
        raise Problem(429, {"detail": too_many_submissions(wait)}, {"Retry-After": str(wait)})


# Documented on every endpoint that reads it; the header keeps the code out of URLs, and so
# out of access logs, browser histories and Referer headers.
ACCESS_CODE_HEADER = Header(
    "",
    alias="X-Access-Code",
    description="Código de acesso do pedido (está no recibo e no e-mail de confirmação).",
)


def _by_access_code(request, protocol: str, access_code: str) -> ServiceRequest:
    """The request of `protocol` when the X-Access-Code header (or, for older clients, the
    deprecated `access_code` field given here) holds its code; 404 otherwise."""
    throttle_tracking(request)
    access_code = request.headers.get("X-Access-Code") or access_code
    req = queries.find_by_access_code(protocol, access_code)
    if req is None:
        raise Http404
    return req


def _as_requester(request, protocol: str, access_code: str) -> tuple[ServiceRequest, bool]:
    """The request its requester acts on, and whether the caller proved the access code.

    The code (header, or the deprecated field) proves it; without a code, the Bearer token of
    the account that filed the request does, as a signed-in requester acts on the web. Anyone
    else gets the same 404 as a wrong code.
    """
    user = request.auth
    code = request.headers.get("X-Access-Code") or access_code
    if not code and user is not None and user.is_authenticated:
        req = queries.get_request_for(user, protocol)
        if not rules.is_requester(user, req):
            raise Http404
        return req, False
    return _by_access_code(request, protocol, access_code), True


def _by(request):
    user = request.auth
    return user if user is not None and user.is_authenticated else None


def _staff_request(user, protocol: str, verb: str) -> ServiceRequest:
    """The request if `user` sees it (else 404) and is among those who may take `verb` on it
    (else 403), asked of the rules table before the body is read, as the web does."""
    req = queries.get_request_for(user, protocol)
    if not rules.is_party_to(user, req, verb):
        raise _forbidden(rules.why_not(user, req, verb))
    return req


# --- request bodies read by hand (JSON, or multipart with files) ------------------------------


def _inline_refs(schema: dict) -> dict:
    """A pydantic JSON schema with its $defs inlined, to embed in an OpenAPI operation."""
    definitions = schema.pop("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(schema)


def _body_doc(schema: type[Schema]) -> dict:
    """The OpenAPI request body of an endpoint that reads its body with read_body()."""
    fields = _inline_refs(schema.model_json_schema())
    multipart = {
        "type": "object",
        "properties": {
            "payload": {
                "type": "string",
                "description": "Os mesmos dados do corpo JSON, como texto JSON.",
            },
            "attachments": {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "description": (
                    "PDF, ODT, DOCX ou imagens; até 10 arquivos, 10 MB cada e 25 MB ao todo."
                ),
            },
        },
        "required": ["payload"],
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": fields},
                "multipart/form-data": {"schema": multipart},
            },
        }
    }


def read_body(request, schema: type[Schema]):
    """(data, files) from a JSON body, or from multipart with a `payload` JSON field and
    `attachments` files. Problems answer 400 (unreadable) or 422 (invalid), naming the field."""
    files = []
    if request.content_type == "multipart/form-data":
        source, raw = "payload", request.POST.get("payload")
        files = request.FILES.getlist("attachments")
        if raw is None:
            raise _invalid({"payload": [_("Envie os dados em JSON no campo payload.")]}, 400)
    else:
        source, raw = "body", request.body
    try:
        data = load_json(raw or b"null", source=source)
    except RejectedInput as exc:
        raise Problem(exc.status, rejected_body(exc)) from exc
    except ValueError as exc:
        raise _invalid({source: [_("JSON inválido.")]}, 400) from exc
    if not isinstance(data, dict):
        raise _invalid({source: [_("Envie um objeto JSON.")]}, 400)
    try:
        return schema.model_validate(data), files
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            errors.setdefault(field_path(error["loc"]), []).append(message_for(error))
        raise _invalid(errors) from exc


# --- serializers -----------------------------------------------------------------------------


def _named(obj) -> dict | None:
    return {"slug": obj.slug, "name": obj.name} if obj is not None else None


def _decision(req: ServiceRequest) -> dict | None:
    if req.decided_at is None:
        return None
    accepted = not req.refusal_reason
    return {
        "accepted": accepted,
        "decided": req.decided_at,
        "reason": req.refusal_reason,
        "reason_label": req.get_refusal_reason_display() if req.refusal_reason else "",
        "justification": req.decision_justification,
        "redirect_unit": None if accepted else _named(req.redirect_unit),
        "redirect_service": None if accepted else _named(req.redirect_service),
    }


def _event(event) -> dict:
    return {
        "at": event.at,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "text": event.text,
    }


def tracking_view(req: ServiceRequest) -> dict:
    return {
        "view": "public",
        "protocol": req.protocol,
        "status": req.status,
        "status_label": req.get_status_display(),
        "service": _named(req.service),
        "option": _named(req.option),
        "unit": _named(req.unit),
        "received": req.received_at,
        "due": req.due_date,
        "extended": req.extended,
        "decision": _decision(req),
        "timeline": [_event(e) for e in queries.public_events(req)],
    }


def _person(user) -> dict | None:
    return {"email": user.email, "name": user.full_name} if user is not None else None


def _organization(req: ServiceRequest) -> dict | None:
    """The organization linked to the request, or the one its filer only typed."""
    if req.organization is not None:
        return {"name": req.organization.name, "cnpj": req.organization.cnpj}
    if req.organization_name or req.organization_cnpj:
        return {"name": req.organization_name, "cnpj": req.organization_cnpj}
    return None


def _staff_event(event, req: ServiceRequest, identity: bool) -> dict:
    if not identity and queries.acts_as_requester(event, req):
        actor = _("Demandante")
    else:
        actor = event.actor.full_name if event.actor else event.actor_label
    return {**_event(event), "internal": event.is_internal, "actor": actor}


def detail_view(req: ServiceRequest, user) -> dict:
    staff = queries.is_staff_for(user, req)
    events = req.events.select_related("actor")
    attachments = req.attachments.all()
    if not staff:
        events = events.filter(is_internal=False)
        attachments = attachments.filter(is_internal=False)
    identity = queries.can_see_requester(user, req)
    requester = organization = None
    if identity:
        requester = {
            "name": req.requester_name,
            "email": req.requester_email,
            "document": req.requester_document,
            "phone": req.requester_phone,
        }
        organization = _organization(req)
    municipality = req.municipality
    return {
        "view": "full",
        "protocol": req.protocol,
        "status": req.status,
        "status_label": req.get_status_display(),
        "channel": req.channel,
        "service": _named(req.service),
        "option": _named(req.option),
        "unit": _named(req.unit),
        "assignee": _person(req.assignee),
        "municipality": (
            {"ibge": municipality.ibge, "name": municipality.name} if municipality else None
        ),
        # The organization would tell who a protected requester is: identity too.
        "organization": organization,
        "anonymous": req.is_anonymous,
        "requester": requester,
        "subject": req.subject,
        "description": req.description,
        "suggested_dates": req.suggested_dates,
        "suggested_agenda": req.suggested_agenda,
        "received": req.received_at,
        "due": req.due_date,
        "original_due": req.original_due_date,
        "extended": req.extended,
        "deadline_state": services.deadline_state(req, *queries.deadline_window()) or None,
        "first_contact_due": req.first_contact_due,
        "decision": _decision(req),
        "outcome": req.outcome,
        "rating": req.rating,
        "rating_comment": req.rating_comment,
        "timeline": [_staff_event(e, req, identity) for e in events],
        "attachments": [
            {
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "uploaded": a.uploaded_at,
                "from_requester": a.from_requester,
                "internal": a.is_internal,
            }
            for a in attachments
        ],
    }


def _fresh(req: ServiceRequest) -> ServiceRequest:
    """The request re-read with what the views show (a transition may have changed them)."""
    return (
        ServiceRequest.objects.select_related(
            "service",
            "option",
            "unit",
            "assignee",
            "municipality",
            "organization",
            "state",
            "redirect_unit",
            "redirect_service",
        )
    ).get(pk=req.pk)


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
        raise _invalid(errors)
    return service, option, municipality


@router.post(
    "/requests",
    response={201: ReceiptOut, 400: InvalidOut, 401: ProblemOut, 422: InvalidOut},
    auth=OptionalTokenAuth(),
    summary="Fazer um pedido",
    openapi_extra={
        **_body_doc(SubmissionIn),
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
        raise _invalid({exc.field: [exc.message]}) from exc


def _earlier_answer(caller: str, key: str, print_: str) -> dict | None:
    try:
        return idempotency.earlier_answer(caller, key, print_)
    except idempotency.BadKey as exc:
        raise _invalid({exc.field: [exc.message]}) from exc


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


def _row(req: ServiceRequest, today: dt.date, limit: dt.date) -> dict:
    municipality = req.municipality
    return {
        "protocol": req.protocol,
        "service": _named(req.service),
        "status": req.status,
        "status_label": req.get_status_display(),
        "unit": _named(req.unit),
        "municipality": (
            {"ibge": municipality.ibge, "name": municipality.name} if municipality else None
        ),
        "assignee": _person(req.assignee),
        "received": req.received_at,
        "due": req.due_date,
        "deadline_state": services.deadline_state(req, today, limit) or None,
    }


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
        "results": [_row(req, today, limit) for req in rows[start : start + PAGE_SIZE]],
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
    return exports.export_csv(_export_rows(request, filters))


@router.get(
    "/requests/export.xlsx",
    auth=TokenAuth(),
    summary="Exportar pedidos (XLSX)",
    response={200: None, 401: ProblemOut},
)
def export_requests_xlsx(request, filters: Query[RequestFilters]):
    """Os pedidos visíveis, com os mesmos filtros da lista, em planilha XLSX."""
    return exports.export_xlsx(_export_rows(request, filters))


# --- one request: the requester's actions ----------------------------------------


REQUESTER_RESPONSES = {
    200: TrackingOut,
    201: TrackingOut,
    401: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: InvalidOut,
    429: ProblemOut,
}


@router.post(
    "/requests/{protocol}/replies",
    response=REQUESTER_RESPONSES,
    auth=OptionalTokenAuth(),
    summary="Responder (demandante)",
    openapi_extra={**_body_doc(ReplyIn), **OPTIONAL_TOKEN_DOC},
)
@answers_problems
def reply(request, protocol: str, x_access_code: str = ACCESS_CODE_HEADER):
    """O demandante responde ou envia documentos; retoma o atendimento que o aguardava.

    Anexos: `multipart/form-data` com `payload` (o JSON) e os arquivos em `attachments`.
    """
    data, files = read_body(request, ReplyIn)
    req, holds_code = _as_requester(request, protocol, data.access_code)
    services.requester_reply(
        req, text=data.text, attachments=files, by=_by(request), holds_code=holds_code
    )
    return HttpStatus(201, tracking_view(_fresh(req)))


@router.post(
    "/requests/{protocol}/rating",
    response=REQUESTER_RESPONSES,
    auth=OptionalTokenAuth(),
    summary="Avaliar",
    openapi_extra=OPTIONAL_TOKEN_DOC,
)
@answers_problems
def rate(request, protocol: str, data: RatingIn, x_access_code: str = ACCESS_CODE_HEADER):
    """O demandante avalia o atendimento concluído, de 1 a 5, uma vez."""
    req, holds_code = _as_requester(request, protocol, data.access_code)
    services.rate(
        req, score=data.score, comment=data.comment, by=_by(request), holds_code=holds_code
    )
    return tracking_view(_fresh(req))


@router.post(
    "/requests/{protocol}/reopen",
    response=REQUESTER_RESPONSES,
    auth=OptionalTokenAuth(),
    summary="Reabrir",
    openapi_extra=OPTIONAL_TOKEN_DOC,
)
@answers_problems
def reopen(request, protocol: str, data: ReopenIn, x_access_code: str = ACCESS_CODE_HEADER):
    """O demandante pede a reabertura até 10 dias depois da conclusão."""
    req, holds_code = _as_requester(request, protocol, data.access_code)
    services.reopen(req, reason=data.reason, by=_by(request), holds_code=holds_code)
    return tracking_view(_fresh(req))


@router.post(
    "/requests/{protocol}/appeal",
    response=REQUESTER_RESPONSES,
    auth=OptionalTokenAuth(),
    summary="Recorrer",
    openapi_extra=OPTIONAL_TOKEN_DOC,
)
@answers_problems
def appeal(request, protocol: str, data: AppealIn, x_access_code: str = ACCESS_CODE_HEADER):
    """O demandante recorre de uma recusa, uma vez; o pedido volta à coordenação."""
    req, holds_code = _as_requester(request, protocol, data.access_code)
    services.appeal(req, text=data.text, by=_by(request), holds_code=holds_code)
    return tracking_view(_fresh(req))


# --- one request: staff actions ---------------------------------------------------------------

STAFF_RESPONSES = {
    200: RequestDetailOut,
    201: RequestDetailOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: InvalidOut,
}


def _unit(slug: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(slug=slug.strip()).first()
    if unit is None:
        raise _invalid({field: [_("Unidade desconhecida: %(slug)s.") % {"slug": slug}]})
    return unit


def _staff_user(email: str, field: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise _invalid({field: [_("Ninguém com o e-mail %(email)s.") % {"email": email}]})
    return user


@router.post(
    "/requests/{protocol}/decision",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Aceitar ou recusar",
)
@answers_problems
def decide(request, protocol: str, data: DecisionIn):
    """Aceita (podendo designar o técnico) ou recusa com justificativa escrita e motivo,
    indicando se for o caso a unidade ou o serviço a procurar. Só a coordenação da unidade."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.DECIDE)
    redirect_unit = _unit(data.redirect_unit, "redirect_unit") if data.redirect_unit else None
    redirect_service = None
    if data.redirect_service:
        redirect_service = (
            catalog_queries.visible_to(user).filter(slug=data.redirect_service.strip()).first()
        )
        if redirect_service is None:
            raise _invalid(
                {
                    "redirect_service": [
                        _("Serviço desconhecido: %(slug)s.") % {"slug": data.redirect_service}
                    ]
                }
            )
    assignee = _staff_user(data.assignee, "assignee") if data.assignee else None
    services.decide(
        req,
        accepted=data.accepted,
        by=user,
        justification=data.justification,
        reason=data.reason,
        redirect_unit=redirect_unit,
        redirect_service=redirect_service,
        assignee=assignee,
    )
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/reroute",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Redirecionar a outra unidade",
)
@answers_problems
def reroute(request, protocol: str, data: RerouteIn):
    """Manda o pedido para a fila de outra unidade, com o motivo."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.REROUTE)
    services.reroute(req, unit=_unit(data.unit, "unit"), reason=data.reason, by=user)
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/assignment",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Designar técnico",
)
@answers_problems
def assign(request, protocol: str, data: AssignmentIn):
    """Designa o técnico responsável, que tem o prazo do primeiro contato para procurá-lo."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.ASSIGN)
    technician = _staff_user(data.technician, "technician")
    try:
        services.assign(req, technician=technician, by=user)
    except services.TransitionError:
        raise
    except DjangoValidationError as exc:
        raise _invalid(_field_errors(exc, {"assignee": "technician"})) from exc
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/contacts",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Registrar contato",
)
@answers_problems
def record_contact(request, protocol: str, data: ContactIn):
    """Registra um contato com o demandante (telefone, e-mail, reunião, visita...)."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.CONTACT)
    services.record_contact(
        req, channel=data.channel, summary=data.summary, internal=data.internal, by=user
    )
    return HttpStatus(201, detail_view(_fresh(req), user))


@router.post(
    "/requests/{protocol}/messages",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Mensagem ao demandante ou nota interna",
    openapi_extra=_body_doc(MessageIn),
)
@answers_problems
def post_message(request, protocol: str):
    """Escreve ao demandante ou registra uma nota interna.

    Anexos: `multipart/form-data` com `payload` (o JSON) e os arquivos em `attachments`.
    """
    user = request.auth
    req = _staff_request(user, protocol, Verb.MESSAGE)
    data, files = read_body(request, MessageIn)
    services.post_message(req, text=data.text, internal=data.internal, by=user, attachments=files)
    return HttpStatus(201, detail_view(_fresh(req), user))


@router.post(
    "/requests/{protocol}/waiting",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Aguardar o demandante",
)
@answers_problems
def wait_for_requester(request, protocol: str, data: WaitingIn):
    """Pede algo ao demandante; o prazo para se o serviço assim prevê."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.WAIT)
    services.wait_for_requester(req, message=data.message, by=user)
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/resume",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Retomar o atendimento",
)
@answers_problems
def resume(request, protocol: str):
    user = request.auth
    req = _staff_request(user, protocol, Verb.RESUME)
    services.resume(req, by=user)
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/extension",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Prorrogar o prazo",
)
@answers_problems
def extend_deadline(request, protocol: str, data: ExtensionIn):
    """Prorroga uma vez, com justificativa, nos serviços que o permitem (ouvidoria, LAI)."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.EXTEND)
    services.extend_deadline(req, justification=data.justification, by=user)
    return detail_view(_fresh(req), user)


@router.post(
    "/requests/{protocol}/conclusion",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Concluir",
)
@answers_problems
def conclude(request, protocol: str, data: ConclusionIn):
    """Conclui o atendimento com o resumo do resultado."""
    user = request.auth
    req = _staff_request(user, protocol, Verb.CONCLUDE)
    services.conclude(req, outcome=data.outcome, by=user)
    return detail_view(_fresh(req), user)


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
            return detail_view(_fresh(queries.get_request_for(user, protocol)), user)
        except Http404:
            if not (x_access_code or access_code):
                raise
    return tracking_view(_by_access_code(request, protocol, access_code))
