"""The requester's and the staff's actions on one request: /api/v1/requests/{protocol}/…

Each asks the rules table (`protocol.rules`) before it reads the body, then calls the service
function, which enforces the same table: 404 when the caller cannot see the request, 403 when
they see it but may not do that, 409 when its status does not allow it now.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status as HttpStatus

from apoia.accounts.models import OrgUnit, User
from apoia.api.auth import TokenAuth
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
    ReopenIn,
    ReplyIn,
    RequestDetailOut,
    RerouteIn,
    TrackingOut,
    WaitingIn,
)
from apoia.api.routers.protocol_serializers import detail_view, fresh, tracking_view
from apoia.api.routers.protocol_support import (
    ACCESS_CODE_HEADER,
    OPTIONAL_TOKEN_DOC,
    OptionalTokenAuth,
    acting_user,
    answers_problems,
    as_requester,
    body_doc,
    field_errors,
    invalid,
    read_body,
    staff_request,
)
from apoia.catalog import queries as catalog_queries
from apoia.protocol import services
from apoia.protocol.rules import Verb

router = Router(tags=["protocolo"])

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
    openapi_extra={**body_doc(ReplyIn), **OPTIONAL_TOKEN_DOC},
)
@answers_problems
def reply(request, protocol: str, x_access_code: str = ACCESS_CODE_HEADER):
    """O demandante responde ou envia documentos; retoma o atendimento que o aguardava.

    Anexos: `multipart/form-data` com `payload` (o JSON) e os arquivos em `attachments`.
    """
    data, files = read_body(request, ReplyIn)
    req, holds_code = as_requester(request, protocol, data.access_code)
    services.requester_reply(
        req, text=data.text, attachments=files, by=acting_user(request), holds_code=holds_code
    )
    return HttpStatus(201, tracking_view(fresh(req)))


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
    req, holds_code = as_requester(request, protocol, data.access_code)
    services.rate(
        req, score=data.score, comment=data.comment, by=acting_user(request), holds_code=holds_code
    )
    return tracking_view(fresh(req))


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
    req, holds_code = as_requester(request, protocol, data.access_code)
    services.reopen(req, reason=data.reason, by=acting_user(request), holds_code=holds_code)
    return tracking_view(fresh(req))


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
    req, holds_code = as_requester(request, protocol, data.access_code)
    services.appeal(req, text=data.text, by=acting_user(request), holds_code=holds_code)
    return tracking_view(fresh(req))


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
        raise invalid({field: [_("Unidade desconhecida: %(slug)s.") % {"slug": slug}]})
    return unit


def _staff_user(email: str, field: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise invalid({field: [_("Ninguém com o e-mail %(email)s.") % {"email": email}]})
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
    req = staff_request(user, protocol, Verb.DECIDE)
    redirect_unit = _unit(data.redirect_unit, "redirect_unit") if data.redirect_unit else None
    redirect_service = None
    if data.redirect_service:
        redirect_service = (
            catalog_queries.visible_to(user).filter(slug=data.redirect_service.strip()).first()
        )
        if redirect_service is None:
            raise invalid(
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
    return detail_view(fresh(req), user)


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
    req = staff_request(user, protocol, Verb.REROUTE)
    services.reroute(req, unit=_unit(data.unit, "unit"), reason=data.reason, by=user)
    return detail_view(fresh(req), user)


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
    req = staff_request(user, protocol, Verb.ASSIGN)
    technician = _staff_user(data.technician, "technician")
    try:
        services.assign(req, technician=technician, by=user)
    except services.TransitionError:
        raise
    except DjangoValidationError as exc:
        raise invalid(field_errors(exc, {"assignee": "technician"})) from exc
    return detail_view(fresh(req), user)


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
    req = staff_request(user, protocol, Verb.CONTACT)
    services.record_contact(
        req, channel=data.channel, summary=data.summary, internal=data.internal, by=user
    )
    return HttpStatus(201, detail_view(fresh(req), user))


@router.post(
    "/requests/{protocol}/messages",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Mensagem ao demandante ou nota interna",
    openapi_extra=body_doc(MessageIn),
)
@answers_problems
def post_message(request, protocol: str):
    """Escreve ao demandante ou registra uma nota interna.

    Anexos: `multipart/form-data` com `payload` (o JSON) e os arquivos em `attachments`.
    """
    user = request.auth
    req = staff_request(user, protocol, Verb.MESSAGE)
    data, files = read_body(request, MessageIn)
    services.post_message(req, text=data.text, internal=data.internal, by=user, attachments=files)
    return HttpStatus(201, detail_view(fresh(req), user))


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
    req = staff_request(user, protocol, Verb.WAIT)
    services.wait_for_requester(req, message=data.message, by=user)
    return detail_view(fresh(req), user)


@router.post(
    "/requests/{protocol}/resume",
    response=STAFF_RESPONSES,
    auth=TokenAuth(),
    summary="Retomar o atendimento",
)
@answers_problems
def resume(request, protocol: str):
    user = request.auth
    req = staff_request(user, protocol, Verb.RESUME)
    services.resume(req, by=user)
    return detail_view(fresh(req), user)


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
    req = staff_request(user, protocol, Verb.EXTEND)
    services.extend_deadline(req, justification=data.justification, by=user)
    return detail_view(fresh(req), user)


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
    req = staff_request(user, protocol, Verb.CONCLUDE)
    services.conclude(req, outcome=data.outcome, by=user)
    return detail_view(fresh(req), user)
