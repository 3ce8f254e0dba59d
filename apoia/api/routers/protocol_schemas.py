"""Request and response shapes of /api/v1/requests (see routers/protocol.py)."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BaseModel, Strict, model_validator
from pydantic_core import PydanticCustomError

from apoia.protocol import limits
from apoia.protocol.models import (
    Channel,
    ContactChannel,
    DeadlineState,
    EventKind,
    RefusalReason,
    Status,
)


def free_text(limit: int, default="", **kwargs):
    """A free-text field of at most `limit` characters (apoia/protocol/limits.py).

    Documented here, enforced by the service, so the API, the web and Open311 answer the same
    message for the same text (a line break "\\r\\n" counts as one character)."""
    return Field(default, json_schema_extra={"maxLength": limit}, **kwargs)


# JSON numbers only: in pydantic's lax mode `true` would pass for 1 (a rating of 1, a
# municipality 1).
Integer = Annotated[int, Strict()]


class BodyIn(Schema):
    """A JSON object sent by a client.

    Ninja's Schema reads any value through its attributes (it is made to serialize models), so
    `"requester": "Maria"` or `"organization": 5` would pass as an empty object and be
    silently dropped. A body and each object inside it must be a JSON object."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        if not isinstance(values, dict | BaseModel):
            raise PydanticCustomError("model_type", "Input should be an object")
        return handler(values)


class RequesterIn(BodyIn):
    name: str = free_text(limits.NAME)
    email: str = free_text(limits.EMAIL)
    document: str = free_text(limits.DOCUMENT, description="CPF ou CNPJ")
    phone: str = free_text(limits.PHONE)


class OrganizationIn(BodyIn):
    name: str = free_text(limits.ORGANIZATION_NAME)
    cnpj: str = free_text(limits.DOCUMENT)


class SubmissionIn(BodyIn):
    service: str = Field(
        ..., max_length=120, description="Identificador do serviço na Carta de Serviços."
    )
    option: str = Field(
        "", max_length=80, description="Identificador da opção, quando o serviço tem opções."
    )
    municipality: Integer | None = Field(None, description="Código IBGE do município.")
    requester: RequesterIn | None = Field(
        None, description="Quem pede, quando a chamada não traz token."
    )
    organization: OrganizationIn | None = None
    subject: str = free_text(limits.SUBJECT)
    description: str = free_text(limits.DESCRIPTION, ...)
    suggested_dates: str = free_text(limits.SUGGESTED_DATES)
    suggested_agenda: str = free_text(limits.SUGGESTED_AGENDA)
    anonymous: bool = False


class ReceiptOut(Schema):
    protocol: str
    access_code: str
    received: dt.datetime
    due: dt.date
    status: Status
    tracking_url: str


class NamedRef(Schema):
    slug: str
    name: str


class MunicipalityRef(Schema):
    ibge: int
    name: str


class PersonRef(Schema):
    email: str
    name: str


class RequesterOut(Schema):
    name: str
    email: str
    document: str
    phone: str


class OrganizationOut(Schema):
    name: str
    cnpj: str


class DecisionOut(Schema):
    accepted: bool
    decided: dt.datetime
    reason: str
    reason_label: str
    justification: str
    redirect_unit: NamedRef | None
    redirect_service: NamedRef | None


class EventOut(Schema):
    at: dt.datetime
    kind: EventKind
    kind_label: str
    text: str


class StaffEventOut(EventOut):
    internal: bool
    actor: str


class AttachmentOut(Schema):
    name: str
    content_type: str
    size: int
    uploaded: dt.datetime
    from_requester: bool
    internal: bool


class TrackingOut(Schema):
    """What the requester sees with the access code: no internal notes, no staff names."""

    view: Literal["public"]
    protocol: str
    status: Status
    status_label: str
    service: NamedRef
    option: NamedRef | None
    unit: NamedRef | None
    received: dt.datetime
    due: dt.date
    extended: bool
    decision: DecisionOut | None
    timeline: list[EventOut]


class RequestDetailOut(Schema):
    """What someone who may see the request sees with a token; internal notes for staff."""

    view: Literal["full"]
    protocol: str
    status: Status
    status_label: str
    channel: Channel
    service: NamedRef
    option: NamedRef | None
    unit: NamedRef | None
    assignee: PersonRef | None
    municipality: MunicipalityRef | None
    organization: OrganizationOut | None
    anonymous: bool
    requester: RequesterOut | None = Field(
        description="Vazio quando o pedido é anônimo ou a identidade é protegida (ouvidoria)."
    )
    subject: str
    description: str
    suggested_dates: str
    suggested_agenda: str
    received: dt.datetime
    due: dt.date
    original_due: dt.date
    extended: bool
    deadline_state: DeadlineState | None
    first_contact_due: dt.date | None
    decision: DecisionOut | None
    outcome: str
    rating: int | None
    rating_comment: str
    timeline: list[StaffEventOut]
    attachments: list[AttachmentOut]


class RequestRowOut(Schema):
    protocol: str
    service: NamedRef
    status: Status
    status_label: str
    unit: NamedRef | None
    municipality: MunicipalityRef | None
    assignee: PersonRef | None
    received: dt.datetime
    due: dt.date
    deadline_state: DeadlineState | None


class NextStepOut(Schema):
    code: Literal[
        "your_reply",
        "requester_reply",
        "triage",
        "unit_review",
        "assignment",
        "in_progress",
        "appeal_review",
        "appeal",
        "rate",
        "reopen",
        "closed",
    ] = Field(description="O próximo passo, estável para programas.")
    label: str = Field(description="O próximo passo em palavras, como em Meus pedidos.")
    yours: bool = Field(description="Cabe a quem pergunta agir (responder, recorrer, avaliar…).")


class MyRequestOut(Schema):
    protocol: str
    service: NamedRef
    option: NamedRef | None
    status: Status
    status_label: str
    received: dt.datetime
    due: dt.date
    deadline_state: DeadlineState | None
    next_step: NextStepOut
    actions: list[Literal["reply", "rate", "reopen", "appeal"]] = Field(
        description="O que quem pergunta pode fazer agora, com os endpoints do demandante "
        "(replies, rating, reopen, appeal)."
    )


class MyRequestPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[MyRequestOut]


class MyRequestFilters(Schema):
    state: Literal["open", "closed"] | None = Field(
        None, description="`open`: em andamento; `closed`: encerrados (recusados e concluídos)."
    )
    protocol: str = Field("", max_length=40, description="O número, inteiro ou uma parte.")
    page: int = Field(1, ge=1, le=100_000)


class RequestPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[RequestRowOut]


class RequestFilters(Schema):
    status: Status | None = None
    unit: str = Field("", description="Identificador da unidade.")
    service: str = Field("", description="Identificador do serviço.")
    municipality: int | None = Field(None, description="Código IBGE do município.")
    deadline_state: DeadlineState | None = None


class RequestListFilters(RequestFilters):
    page: int = Field(1, ge=1, le=100_000)


class ProblemOut(Schema):
    detail: str


class FieldProblem(Schema):
    field: str
    message: str


class InvalidOut(Schema):
    detail: str
    errors: list[FieldProblem]


# The access code travels in the X-Access-Code header; in the body it still works for the
# clients written before, but a body is logged and replayed by more tools than a header.
def deprecated_code():
    # Marked in the schema only: pydantic's `deprecated=True` also warns on every read.
    return Field(
        "",
        description="Obsoleto: envie o código de acesso no cabeçalho X-Access-Code.",
        json_schema_extra={"deprecated": True},
    )


class ReplyIn(BodyIn):
    access_code: str = deprecated_code()
    text: str = free_text(limits.TEXT)


class RatingIn(BodyIn):
    access_code: str = deprecated_code()
    score: Integer
    comment: str = free_text(limits.COMMENT)


class ReopenIn(BodyIn):
    access_code: str = deprecated_code()
    reason: str = free_text(limits.TEXT, ...)


class AppealIn(BodyIn):
    access_code: str = deprecated_code()
    text: str = free_text(limits.TEXT, ...)


class DecisionIn(BodyIn):
    accepted: bool
    justification: str = free_text(limits.TEXT)
    reason: RefusalReason | Literal[""] = Field("", description="Obrigatório na recusa.")
    redirect_unit: str = Field("", description="Identificador da unidade indicada.")
    redirect_service: str = Field("", description="Identificador do serviço indicado.")
    assignee: str = Field("", description="E-mail do técnico designado no aceite.")


class RerouteIn(BodyIn):
    unit: str = Field(..., description="Identificador da nova unidade.")
    reason: str = free_text(limits.TEXT, ...)


class AssignmentIn(BodyIn):
    technician: str = Field(..., description="E-mail do técnico.")


class ContactIn(BodyIn):
    channel: ContactChannel
    summary: str = free_text(limits.TEXT, ...)
    internal: bool = False


class MessageIn(BodyIn):
    text: str = free_text(limits.TEXT, ...)
    internal: bool = Field(False, description="Nota interna: o demandante não vê.")


class WaitingIn(BodyIn):
    message: str = free_text(limits.TEXT, ...)


class ExtensionIn(BodyIn):
    justification: str = free_text(limits.TEXT, ...)


class ConclusionIn(BodyIn):
    outcome: str = free_text(limits.TEXT, ...)
