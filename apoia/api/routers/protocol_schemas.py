"""Request and response shapes of /api/v1/requests (see routers/protocol.py)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from apoia.protocol.models import (
    Channel,
    ContactChannel,
    DeadlineState,
    EventKind,
    RefusalReason,
    Status,
)


class RequesterIn(Schema):
    name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    document: str = Field("", max_length=20, description="CPF ou CNPJ")
    phone: str = Field("", max_length=40)


class OrganizationIn(Schema):
    name: str = Field("", max_length=200)
    cnpj: str = Field("", max_length=20)


class SubmissionIn(Schema):
    service: str = Field(..., description="Identificador do serviço na Carta de Serviços.")
    option: str = Field("", description="Identificador da opção, quando o serviço tem opções.")
    municipality: int | None = Field(None, description="Código IBGE do município.")
    requester: RequesterIn | None = Field(
        None, description="Quem pede, quando a chamada não traz token."
    )
    organization: OrganizationIn | None = None
    subject: str = Field("", max_length=200)
    description: str
    suggested_dates: str = Field("", max_length=300)
    suggested_agenda: str = ""
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


class ReplyIn(Schema):
    access_code: str
    text: str = ""


class RatingIn(Schema):
    access_code: str
    score: int
    comment: str = ""


class ReopenIn(Schema):
    access_code: str
    reason: str


class AppealIn(Schema):
    access_code: str
    text: str


class DecisionIn(Schema):
    accepted: bool
    justification: str = ""
    reason: RefusalReason | Literal[""] = Field("", description="Obrigatório na recusa.")
    redirect_unit: str = Field("", description="Identificador da unidade indicada.")
    redirect_service: str = Field("", description="Identificador do serviço indicado.")
    assignee: str = Field("", description="E-mail do técnico designado no aceite.")


class RerouteIn(Schema):
    unit: str = Field(..., description="Identificador da nova unidade.")
    reason: str


class AssignmentIn(Schema):
    technician: str = Field(..., description="E-mail do técnico.")


class ContactIn(Schema):
    channel: ContactChannel
    summary: str
    internal: bool = False


class MessageIn(Schema):
    text: str
    internal: bool = Field(False, description="Nota interna: o demandante não vê.")


class WaitingIn(Schema):
    message: str


class ExtensionIn(Schema):
    justification: str


class ConclusionIn(Schema):
    outcome: str
