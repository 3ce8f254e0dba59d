"""API of the legislative desk: parliamentary demands.

- `POST /parliamentary-demands` files a demand as the web form does (any account's token):
  a protocol request of the `demanda-parlamentar` service, routed to the desk, with its
  number, deadline and tracking address. The generic `POST /requests` refuses the service and
  names this endpoint.
- `GET /parliamentary-demands?house=&status=` is the desk's list (its staff and the
  administrators; 403 for everyone else), without the requester's personal data.
"""

import datetime as dt
import hashlib
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.api import idempotency
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, error_body
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.legislative import queries_demands
from apoia.legislative.models import Bill, House
from apoia.legislative.reference_demands import demand_service
from apoia.legislative.services_demands import file_demand
from apoia.protocol.models import Channel, Status
from apoia.protocol.notifications import tracking_url
from apoia.territory.models import Municipality

router = Router(tags=["acompanhamento legislativo"])
STATUS_FILTERS = ("open", "late", *Status.values)


class DemandIn(Schema):
    legislator: str = Field(description="Nome parlamentar.")
    party: str = Field("", description="Sigla do partido.")
    house: Literal["municipal_chamber", "state_assembly"] = Field(
        description="Casa legislativa: municipal_chamber (câmara municipal) ou state_assembly."
    )
    municipality: int | None = Field(
        None, description="Código IBGE do município da câmara (só para municipal_chamber)."
    )
    bill: int | None = Field(None, description="Id da proposição relacionada (opcional).")
    subject: str
    description: str


class DemandReceiptOut(Schema):
    protocol: str
    access_code: str
    received: dt.datetime
    due: dt.date
    status: str
    tracking_url: str


class DemandOut(Schema):
    id: int
    protocol: str
    legislator: str
    party: str
    house: str
    municipality: int | None
    bill: int | None
    subject: str
    status: str
    received: dt.datetime
    due: dt.date | None
    late: bool
    url: str


class DemandFilters(Schema):
    house: str = Field("", max_length=30, description="Casa: " + ", ".join(House.values))
    status: str = Field(
        "",
        max_length=30,
        description="Situação do pedido (open, late ou uma de: " + ", ".join(Status.values) + ")",
    )


def _receipt(req) -> dict:
    # JSON-ready: the idempotency ledger stores it as the answer to repeat.
    return {
        "protocol": req.protocol,
        "access_code": req.access_code,
        "received": req.received_at.isoformat(),
        "due": req.due_date.isoformat(),
        "status": req.status,
        "tracking_url": tracking_url(req),
    }


def _digest(fingerprint: str) -> str:
    return hashlib.sha256(f"parliamentary-demands\n{fingerprint}".encode()).hexdigest()


def _municipality(ibge: int | None):
    if ibge is None:
        return None
    found = (
        Municipality.objects.filter(ibge=ibge).first() if 1_000_000 <= ibge <= 9_999_999 else None
    )
    if found is None:
        raise FieldError("municipality", _("Município desconhecido: %(ibge)s.") % {"ibge": ibge})
    return found


def _bill(pk: int | None, service):
    if pk is None:
        return None
    found = Bill.objects.filter(pk=pk, state_id=service.state_id).first() if service else None
    if found is None:
        raise FieldError("bill", _("Proposição desconhecida: %(id)s.") % {"id": pk})
    return found


@router.post(
    "/parliamentary-demands",
    response={201: DemandReceiptOut, 401: ProblemOut, 422: InvalidOut},
    auth=TokenAuth(),
    summary="Registrar uma demanda parlamentar",
    openapi_extra={"parameters": [idempotency.OPENAPI_PARAMETER]},
)
def create_demand(request, data: DemandIn):
    """Protocola o pedido de um(a) parlamentar, como o formulário /legislativo/demandas/nova/:
    o pedido vai à Superintendência de Acompanhamento Legislativo, com o prazo do serviço em
    dias úteis. Uma demanda de câmara municipal precisa do município (código IBGE); a
    proposição relacionada, quando informada, precisa ser da mesma casa. Responde 201 com o
    protocolo, o código de acesso, o prazo e o endereço de acompanhamento; erros respondem 422
    com o campo (`municipality`, `bill`...).

    **Repetir com segurança**: com o cabeçalho `Idempotency-Key`, repetir a chamada com a
    mesma chave e o mesmo corpo, em até 24 horas, devolve o mesmo recibo sem protocolar de
    novo."""
    try:
        key = idempotency.read_key(request)
        caller = idempotency.caller_of(request)
        print_ = _digest(idempotency.fingerprint(data, [])) if key else None
        earlier = idempotency.earlier_answer(caller, key, print_) if key else None
    except idempotency.BadKey as exc:
        raise FieldError(exc.field, exc.message) from exc
    if earlier is not None:
        return HttpStatus(201, earlier)
    municipality = _municipality(data.municipality)
    bill = _bill(data.bill, demand_service())

    def remember(req):
        if key:
            idempotency.remember(caller, key, print_, req, _receipt(req))

    try:
        req = file_demand(
            by=request.auth,
            legislator=data.legislator,
            party=data.party,
            house=data.house,
            municipality=municipality,
            bill=bill,
            subject=data.subject,
            description=data.description,
            channel=Channel.API,
            on_filed=remember,
        )
    except idempotency.KeyTaken:
        # A simultaneous call with this key filed first; this one was rolled back.
        return HttpStatus(201, idempotency.earlier_answer(caller, key, print_))
    except DjangoValidationError as exc:
        pairs = [(field, m) for field, messages in exc.message_dict.items() for m in messages]
        return JsonResponse(error_body(pairs), status=422)
    return HttpStatus(201, _receipt(req))


@router.get(
    "/parliamentary-demands",
    response={200: list[DemandOut], 401: ProblemOut, 403: ProblemOut, 422: InvalidOut},
    auth=TokenAuth(),
    summary="Demandas parlamentares da mesa de acompanhamento legislativo",
)
def list_demands(request, filters: Query[DemandFilters]):
    """As demandas da mesa (equipe da Superintendência de Acompanhamento Legislativo, das
    unidades acima dela e administradores; 403 para os demais), das mais recentes às mais
    antigas, sem os dados pessoais de quem pediu."""
    if not queries_demands.is_desk_staff(request.auth):
        return HttpStatus(403, {"detail": _("Só a mesa de acompanhamento legislativo vê a lista.")})
    if filters.house and filters.house not in House.values:
        raise FieldError(
            "house",
            _("Casa desconhecida; use uma de: %(values)s.") % {"values": ", ".join(House.values)},
        )
    if filters.status and filters.status not in STATUS_FILTERS:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(STATUS_FILTERS)},
        )
    today = timezone.localdate()
    rows = queries_demands.filter_desk_demands(
        queries_demands.desk_demands(request.auth),
        status=filters.status,
        house=filters.house,
        today=today,
    )
    return [
        {
            "id": d.pk,
            "protocol": d.request.protocol,
            "legislator": d.legislator,
            "party": d.party,
            "house": d.house,
            "municipality": d.municipality_id,
            "bill": d.bill_id,
            "subject": d.request.subject,
            "status": d.request.status,
            "received": d.request.received_at,
            "due": d.request.due_date,
            "late": d.request.is_open
            and d.request.due_date is not None
            and d.request.due_date < today,
            "url": f"{settings.SITE_URL}{d.request.get_absolute_url()}",
        }
        for d in rows
    ]
