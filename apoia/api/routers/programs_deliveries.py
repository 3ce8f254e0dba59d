"""Programs part 2: entregas e evidências (issue 10). Same services and scoping as the pages.

Every endpoint needs a token (401 otherwise); a delivery out of the caller's scope answers
404, an action the caller may not take 403, a status that does not allow it 409 (two reviewers
at once: the second gets 409 naming who analysed it first), a bad field 422 with its path.
"""

import datetime as dt
from typing import Literal

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import ValidationError as PydanticValidationError

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals, field_path, message_for
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.lib.hostile_input import load_json
from apoia.programs import queries_deliveries as queries
from apoia.programs.models import (
    Clarification,
    DeliveryStatus,
    EvidenceType,
    PlanDelivery,
)
from apoia.programs.services import deliveries as services
from apoia.protocol.files import download_name

router = Router(tags=["entregas e evidências"], auth=TokenAuth())

# The API names the process number "sei" (the word); the model says process_number.
API_KINDS = {"sei": EvidenceType.PROCESS_NUMBER}
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}


class DeliveryRowOut(Schema):
    id: int
    plan: int
    title: str
    weight: float
    due: dt.date
    status: str
    late: bool


class EvidenceOut(Schema):
    id: int
    kind: str
    version: int
    title: str
    value: str = Field(description="Número do processo ou link (vazio para arquivos).")
    original_name: str
    content_type: str
    size: int | None
    sha256: str = Field(description="SHA-256 dos bytes do arquivo (vazio para número e link).")
    sent_by: str
    sent_at: dt.datetime
    download: str | None = Field(description="Endereço do arquivo nesta API (com o token).")


class ReviewOut(Schema):
    decision: str
    reason: str
    comment: str
    new_due: dt.date | None
    checklist: dict[str, dict[str, bool]]
    evidence_ids: list[int]
    by: str
    at: dt.datetime


class ClarificationOut(Schema):
    id: int
    status: str
    justification: str
    proposed_due: dt.date | None
    asked_by: str
    asked_at: dt.datetime
    answer: str
    answered_by: str | None
    answered_at: dt.datetime | None
    granted_due: dt.date | None


class DeliveryOut(DeliveryRowOut):
    action: str
    unit: str
    # IBGE code of the plan's municipality; null for a strategic project's delivery.
    municipality: int | None
    # The strategic project's slug (null for a municipal plan's delivery).
    project: str | None = None
    evidence_types: list[str]
    checklist: dict[str, list[str]]
    submitted_at: dt.datetime | None
    validated_at: dt.datetime | None
    evidence: list[EvidenceOut]
    reviews: list[ReviewOut]
    clarifications: list[ClarificationOut]


class EvidenceValueIn(Schema):
    kind: Literal["sei", "process_number", "link"]
    value: str = Field(max_length=500)
    title: str = Field("", max_length=200)


class ReviewIn(Schema):
    decision: Literal["validate", "return"]
    reason: str = Field("", max_length=20, description="illegible, incomplete, mismatch, …")
    comment: str = Field("", max_length=4000)
    new_due: dt.date | None = Field(None, description="Obrigatório ao devolver.")
    checklist: dict[str, dict[str, bool]] = Field(
        {}, description="Por tipo de evidência: pergunta → sim/não."
    )


class ClarificationIn(Schema):
    justification: str = Field(max_length=4000)
    proposed_due: dt.date | None = None


class AnswerIn(Schema):
    decision: Literal["grant", "refuse"]
    answer: str = Field("", max_length=4000)
    new_due: dt.date | None = Field(None, description="Obrigatório ao conceder.")


# The services' refusals as JSON: 403, 409, and 422 naming each field path.
answers = answers_refusals(services.DeliveryTransitionError)


def _row(delivery: PlanDelivery, late: bool) -> dict:
    return {
        "id": delivery.pk,
        "plan": delivery.item.plan_id,
        "title": delivery.delivery.title,
        "weight": delivery.delivery.weight,
        "due": delivery.due,
        "status": delivery.status,
        "late": late,
    }


def _evidence(delivery: PlanDelivery, row) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "version": row.version,
        "title": row.title,
        "value": row.value,
        "original_name": row.original_name,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
        "sent_by": row.sent_by.full_name,
        "sent_at": row.sent_at,
        "download": f"/api/v1/deliveries/{delivery.pk}/evidence/{row.pk}/file"
        if row.is_file
        else None,
    }


def _clarification(row: Clarification) -> dict:
    return {
        "id": row.pk,
        "status": row.status,
        "justification": row.justification,
        "proposed_due": row.proposed_due,
        "asked_by": row.asked_by.full_name,
        "asked_at": row.asked_at,
        "answer": row.answer,
        "answered_by": row.answered_by.full_name if row.answered_by else None,
        "answered_at": row.answered_at,
        "granted_due": row.granted_due,
    }


def _detail(request, pk) -> dict:
    delivery = queries.get_delivery_for(request.auth, pk)
    action = delivery.delivery.action
    return {
        **_row(delivery, delivery.is_late),
        "action": action.title,
        "unit": action.unit.name,
        "municipality": queries.municipality_id_of(delivery),
        "project": delivery.item.plan.phase.program.slug
        if queries.is_project_delivery(delivery)
        else None,
        "evidence_types": list(delivery.delivery.evidence_types),
        "checklist": {k: action.checklist_for(k) for k in delivery.delivery.evidence_types},
        "submitted_at": delivery.submitted_at,
        "validated_at": delivery.validated_at,
        "evidence": [_evidence(delivery, r) for r in queries.evidence_of(delivery)],
        "reviews": [
            {
                "decision": r.decision,
                "reason": r.reason,
                "comment": r.comment,
                "new_due": r.new_due,
                "checklist": r.checklist,
                "evidence_ids": r.evidence_ids,
                "by": r.by.full_name,
                "at": r.at,
            }
            for r in queries.reviews_of(delivery)
        ],
        "clarifications": [_clarification(c) for c in queries.clarifications_of(delivery)],
    }


@router.get(
    "/deliveries",
    response={200: list[DeliveryRowOut], 401: ProblemOut, 422: InvalidOut},
    summary="Entregas que o chamador vê",
)
def list_deliveries(
    request,
    plan: int | None = None,
    status: str = "",
    late: bool | None = None,
    program: str = "",
    municipality: str = "",
):
    """As entregas dos planos aprovados que o chamador vê, pelo prazo. Filtros: `plan` (id),
    `status` (pending, submitted, returned, validated), `late` (true: prazo vencido, não
    validada e sem pedido de prorrogação em análise), `program` (slug), `municipality`
    (código IBGE ou parte do nome)."""
    if status and status not in DeliveryStatus.values:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(DeliveryStatus.values)},
        )
    today = timezone.localdate()
    qs = queries.filter_deliveries(
        queries.deliveries_visible_to(request.auth),
        today=today,
        plan=plan,
        program=program,
        status=status,
        late=late,
        municipality=municipality[:100],
    )
    rows = queries.with_late(qs, today).order_by("due", "pk")
    return [_row(d, d.is_late_today) for d in rows]


@router.get(
    "/deliveries/{pk}",
    response={200: DeliveryOut, 401: ProblemOut, 404: ProblemOut, 422: InvalidOut},
    summary="Uma entrega, com as versões das evidências, os hashes e as análises",
)
def get_delivery(request, pk: int):
    return _detail(request, pk)


EVIDENCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "kind"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "kind": {
                            "type": "string",
                            "enum": ["photo", "minutes", "attendance_list", "official_letter"]
                            + ["document"],
                        },
                        "title": {"type": "string", "maxLength": 200},
                    },
                }
            },
            "application/json": {"schema": EvidenceValueIn.model_json_schema()},
        },
    }
}


def _parse_evidence(request) -> dict:
    if request.content_type == "multipart/form-data":
        kind = request.POST.get("kind", "").strip()
        upload = request.FILES.get("file")
        if not kind:
            raise FieldError("kind", _("Campo obrigatório."))
        if kind in API_KINDS or kind == "link" or kind == EvidenceType.PROCESS_NUMBER:
            return {
                "kind": API_KINDS.get(kind, kind),
                "value": request.POST.get("value", ""),
                "title": request.POST.get("title", ""),
            }
        if upload is None:
            raise FieldError("file", _("Envie o arquivo no campo file."))
        return {"kind": kind, "file": upload, "title": request.POST.get("title", "")}
    try:
        raw = load_json(request.body or b"")
    except ValueError:
        raise FieldError("body", _("O corpo da requisição não é um JSON válido."), 400) from None
    if not isinstance(raw, dict):
        raise FieldError("body", _("Envie um objeto JSON."))
    try:
        data = EvidenceValueIn.model_validate(raw)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        raise FieldError(field_path(first.get("loc", ())), message_for(first)) from None
    return {"kind": API_KINDS.get(data.kind, data.kind), "value": data.value, "title": data.title}


@router.post(
    "/deliveries/{pk}/evidence",
    response={201: EvidenceOut, 400: InvalidOut, **ERRORS},
    openapi_extra=EVIDENCE_BODY,
    summary="Enviar uma evidência (uma nova versão)",
)
@answers
def send_evidence(request, pk: int):
    """O ponto focal do município envia uma evidência de um tipo que a entrega exige: um
    arquivo (`multipart/form-data`: `file`, `kind`, `title` opcional; tipo lido dos bytes,
    até 10 MB, foto só imagem) ou, em JSON, `{"kind": "sei" | "link", "value"}` (processo no
    formato do SEI, NNNNN.NNNNNN/AAAA-DD; link http ou https). Cada envio é uma nova versão;
    nada é substituído. Só entregas pendentes ou devolvidas recebem evidências (409)."""
    delivery = queries.get_delivery_for(request.auth, pk)
    data = _parse_evidence(request)
    row = services.send_evidence(delivery, by=request.auth, **data)
    return HttpStatus(201, _evidence(delivery, row))


@router.get(
    "/deliveries/{pk}/evidence/{evidence_pk}/file",
    response={200: None, 401: ProblemOut, 404: ProblemOut, 422: InvalidOut},
    summary="Baixar o arquivo de uma evidência",
)
def evidence_file(request, pk: int, evidence_pk: int):
    """Os bytes guardados, cujo SHA-256 é o da evidência."""
    row = queries.get_evidence_for(request.auth, pk, evidence_pk)
    if not row.is_file:
        raise Http404
    try:
        stream = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=download_name(row.original_name or row.file.name, row.content_type),
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/deliveries/{pk}/submit",
    response={200: DeliveryOut, **ERRORS},
    summary="Enviar a entrega para validação",
)
@answers
def submit_delivery(request, pk: int):
    """Exige ao menos uma versão de cada tipo de evidência pedido (422 em `evidence`, com os
    que faltam)."""
    services.submit_delivery(queries.get_delivery_for(request.auth, pk), by=request.auth)
    return _detail(request, pk)


@router.post(
    "/deliveries/{pk}/review",
    response={200: DeliveryOut, **ERRORS},
    summary="Validar ou devolver a entrega",
)
@answers
def review_delivery(request, pk: int, data: ReviewIn):
    """A unidade que oferta a ação (técnicos e coordenação, e as unidades acima) ou um
    administrador valida (`validate`) ou devolve (`return`, com `reason`: illegible,
    incomplete, mismatch, outdated ou other; `comment`; `new_due`, dia útil a partir de
    amanhã). O município nunca analisa a própria entrega (403). Uma entrega já analisada
    responde 409 dizendo por quem."""
    services.review_delivery(
        queries.get_delivery_for(request.auth, pk),
        decision=data.decision,
        reason=data.reason.strip(),
        comment=data.comment,
        new_due=data.new_due,
        checklist=data.checklist,
        by=request.auth,
    )
    return _detail(request, pk)


@router.post(
    "/deliveries/{pk}/clarifications",
    response={201: ClarificationOut, **ERRORS},
    summary="Pedir mais prazo para a entrega",
)
@answers
def ask_clarification(request, pk: int, data: ClarificationIn):
    """O ponto focal pede mais prazo com uma justificativa (e, se quiser, a data proposta).
    Enquanto o pedido está em análise, a entrega não conta como atrasada."""
    row = services.ask_clarification(
        queries.get_delivery_for(request.auth, pk),
        justification=data.justification,
        proposed_due=data.proposed_due,
        by=request.auth,
    )
    return HttpStatus(201, _clarification(row))


@router.post(
    "/deliveries/{pk}/clarifications/{clarification_pk}/answer",
    response={200: ClarificationOut, **ERRORS},
    summary="Conceder ou negar um pedido de mais prazo",
)
@answers
def answer_clarification(request, pk: int, clarification_pk: int, data: AnswerIn):
    """Quem analisa a entrega concede (`grant`, com `new_due`: o novo prazo da entrega) ou
    nega (`refuse`, com `answer`)."""
    delivery = queries.get_delivery_for(request.auth, pk)
    row = delivery.clarifications.filter(pk=clarification_pk).first()
    if row is None:
        raise Http404
    row = services.answer_clarification(
        row,
        granted=data.decision == "grant",
        answer=data.answer,
        new_due=data.new_due,
        by=request.auth,
    )
    return _clarification(
        Clarification.objects.select_related("asked_by", "answered_by").get(pk=row.pk)
    )
