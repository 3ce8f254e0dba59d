"""Programs and their adhesions (issue 9, item 10): public reads over programs.queries."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.api import idempotency
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, error_body
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.programs import queries, services
from apoia.programs.models import AdhesionStatus
from apoia.programs.services.adhesion import MAX_FOCAL_POINTS
from apoia.protocol.models import Channel
from apoia.territory.models import Municipality

router = Router(tags=["programas"])


class PhaseOut(Schema):
    slug: str
    name: str
    start: dt.date | None
    end: dt.date | None
    status: str


class ProgramOut(Schema):
    slug: str
    name: str
    state: str
    phases: list[PhaseOut]

    @staticmethod
    def resolve_state(obj):
        return obj.state.uf

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


class AdhesionCountOut(Schema):
    count: int
    eligible: int


class ProgramDetailOut(ProgramOut):
    adhesions: AdhesionCountOut

    @staticmethod
    def resolve_adhesions(obj):
        summary = queries.adhesion_summary(obj)
        return {"count": summary["count"], "eligible": summary["eligible"]}


class AdhesionOut(Schema):
    ibge: int
    municipality: str
    phase: str | None
    since: dt.date
    status: str
    protocol: str | None


@router.get("/programs", response=list[ProgramOut], summary="Programas de cooperação")
def list_programs(request):
    return list(queries.programs_visible_to(request.user).prefetch_related("phases"))


@router.get("/programs/{slug}", response=ProgramDetailOut, summary="Um programa e suas adesões")
def get_program(request, slug: str):
    return queries.get_program(slug)


@router.get(
    "/programs/{slug}/adhesions",
    response=list[AdhesionOut],
    summary="Adesões de um programa (padrão: as ativas da fase atual)",
)
def list_adhesions(request, slug: str, phase: str = "", status: str = ""):
    program = queries.get_program(slug)
    if status and status not in AdhesionStatus.values:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(AdhesionStatus.values)},
        )
    if phase:
        found = program.phases.filter(slug=phase).first()
        if found is None:
            raise FieldError("phase", _("Este programa não tem a fase %(slug)s.") % {"slug": phase})
    else:
        found = queries.current_phase(program)
    qs = program.adhesions.select_related("municipality", "phase", "request").order_by(
        "municipality__name"
    )
    if found is not None and not (status == AdhesionStatus.QUEUED and not phase):
        qs = qs.filter(phase=found)
    qs = qs.filter(status=status or AdhesionStatus.ACTIVE)
    # Public facts only: the municipality, the phase, the date, the status and the protocol
    # number; the focal points' names and contacts stay on the scoped web pages.
    return [
        {
            "ibge": a.municipality_id,
            "municipality": a.municipality.name,
            "phase": a.phase.slug if a.phase_id else None,
            "since": a.since,
            "status": a.status,
            "protocol": a.request.protocol if a.request_id else None,
        }
        for a in qs
    ]


class FocalPointIn(Schema):
    name: str = Field("", max_length=150)
    role: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)


class AdhesionRequestIn(Schema):
    municipality: int
    phase: str = Field(max_length=80)
    focal_points: list[FocalPointIn] = Field(max_length=MAX_FOCAL_POINTS)
    declaration: bool = False


class AdhesionReceiptOut(Schema):
    protocol: str
    status: str
    due_date: dt.date


# The service names the web form's field; the API's body calls it `declaration`.
API_FIELDS = {"mayor_declaration": "declaration"}


@router.post(
    "/programs/{slug}/adhesions",
    response={
        201: AdhesionReceiptOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        422: InvalidOut,
    },
    auth=TokenAuth(),
    summary="Pedir a adesão de um município a uma fase do programa",
    openapi_extra={"parameters": [idempotency.OPENAPI_PARAMETER]},
)
def request_adhesion(request, slug: str, data: AdhesionRequestIn):
    """Protocola o pedido de adesão, como o formulário da página do programa: só o ponto
    focal do município (papel municipal) pode pedir. O pedido segue o prazo do serviço de
    adesão; quando aceito, cria a adesão e o termo. Responde 201 com o protocolo, a situação
    e o prazo; erros de validação respondem 422 com o caminho de cada campo
    (`focal_points.0.email`).

    **Repetir com segurança**: com o cabeçalho `Idempotency-Key` (um valor único por pedido,
    por exemplo um UUID), repetir a chamada com a mesma chave e o mesmo corpo, em até 24
    horas, devolve o mesmo protocolo sem protocolar de novo; a mesma chave com outro corpo
    responde 422."""
    try:
        key = idempotency.read_key(request)
        caller = idempotency.caller_of(request)
        # The program is part of the call: the same body to another program is another call.
        print_ = _digest(slug, idempotency.fingerprint(data, [])) if key else None
        earlier = idempotency.earlier_answer(caller, key, print_) if key else None
    except idempotency.BadKey as exc:
        raise FieldError(exc.field, exc.message) from exc
    if earlier is not None:
        return HttpStatus(201, earlier)
    program = queries.get_program(slug)
    ibge = data.municipality
    municipality = (
        Municipality.objects.filter(ibge=ibge).first() if 1_000_000 <= ibge <= 9_999_999 else None
    )
    if municipality is None:
        raise FieldError("municipality", _("Município desconhecido: %(ibge)s.") % {"ibge": ibge})
    phase = program.phases.filter(slug=data.phase.strip()).first()
    if phase is None:
        raise FieldError(
            "phase", _("Este programa não tem a fase %(slug)s.") % {"slug": data.phase}
        )

    def remember(req):
        if key:
            idempotency.remember(caller, key, print_, req, _adhesion_receipt(req))

    try:
        req = services.request_adhesion(
            program=program,
            phase=phase,
            municipality=municipality,
            focal_points=[services.FocalPointData(**fp.dict()) for fp in data.focal_points],
            mayor_declaration=data.declaration,
            by=request.auth,
            channel=Channel.API,
            on_filed=remember,
        )
    except idempotency.KeyTaken:
        # A simultaneous call with this key filed first; this one was rolled back.
        return HttpStatus(201, idempotency.earlier_answer(caller, key, print_))
    except PermissionDenied as exc:
        return JsonResponse({"detail": str(exc)}, status=403)
    except DjangoValidationError as exc:
        pairs = (
            [
                (API_FIELDS.get(field, field), message)
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
            if hasattr(exc, "error_dict")
            else [("__all__", m) for m in exc.messages]
        )
        return JsonResponse(error_body(pairs), status=422)
    return HttpStatus(201, _adhesion_receipt(req))


def _digest(slug: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{slug}\n{fingerprint}".encode()).hexdigest()


def _adhesion_receipt(req) -> dict:
    # JSON-ready: the idempotency ledger stores it as the answer to repeat.
    return {"protocol": req.protocol, "status": req.status, "due_date": req.due_date.isoformat()}
