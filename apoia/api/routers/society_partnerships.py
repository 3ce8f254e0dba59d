"""MROSC partnerships, public: `GET /partnerships?organization=&status=` and
`GET /partnerships/{id}` (the same data as /parcerias/)."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from apoia.accounts.models import Organization
from apoia.api.errors import FieldError
from apoia.society.models.partnerships import PartnershipStatus
from apoia.society.queries_partnerships import public_partnerships

DETAIL_FIELDS = (
    "object",
    "selection_mode",
    "call_number",
    "call_published_on",
    "proposals_until",
    "result_published_on",
    "exemption_justification",
    "signed_on",
    "closed_on",
    "closing_note",
    "process_number",
)
REPORT_FIELDS = (
    "id",
    "kind",
    "period_label",
    "is_final",
    "due_on",
    "received_on",
    "opinion",
    "opinion_text",
    "opinion_on",
)

router = Router(tags=["sociedade civil: parcerias (MROSC)"])


class OrganizationRefOut(Schema):
    id: int
    cnpj: str
    name: str


class PartnershipOut(Schema):
    id: int
    title: str
    organization: OrganizationRefOut | None
    term_kind: str
    term_number: str
    status: str
    value: Decimal | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    unit: str
    reports_due: int
    reports_late: int


class GoalOut(Schema):
    order: int
    description: str
    indicator: str
    due_on: datetime.date | None


class AmendmentOut(Schema):
    number: int
    signed_on: datetime.date
    description: str
    new_ends_on: datetime.date | None
    new_value: Decimal | None


class ReportOut(Schema):
    id: int
    kind: str
    period_label: str
    is_final: bool
    due_on: datetime.date
    received_on: datetime.date | None
    opinion: str
    opinion_text: str
    opinion_on: datetime.date | None
    late: bool


class PartnershipDetailOut(PartnershipOut):
    object: str
    selection_mode: str
    call_number: str
    call_published_on: datetime.date | None
    proposals_until: datetime.date | None
    result_published_on: datetime.date | None
    exemption_justification: str
    signed_on: datetime.date | None
    closed_on: datetime.date | None
    closing_note: str
    process_number: str
    goals: list[GoalOut]
    amendments: list[AmendmentOut]
    reports: list[ReportOut]


class PartnershipFilters(Schema):
    organization: str = Field("", max_length=20, description="Id ou CNPJ da organização.")
    status: str = Field(
        "", max_length=20, description="Situação: " + ", ".join(PartnershipStatus.values)
    )


def _row(p, today):
    reports = list(p.reports.all())
    org = p.organization
    return {
        "id": p.pk,
        "title": p.title,
        "organization": {"id": org.pk, "cnpj": org.cnpj, "name": org.name} if org else None,
        "term_kind": p.term_kind,
        "term_number": p.term_number,
        "status": p.status,
        "value": p.value,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "unit": p.unit.slug,
        "reports_due": sum(1 for r in reports if not r.received_on and r.due_on >= today),
        "reports_late": sum(1 for r in reports if not r.received_on and r.due_on < today),
    }


@router.get("/partnerships", response=list[PartnershipOut], summary="Parcerias MROSC")
def list_partnerships(request, filters: Query[PartnershipFilters]):
    qs = public_partnerships().prefetch_related("reports")
    if filters.status:
        if filters.status not in PartnershipStatus.values:
            raise FieldError("status", "Situação desconhecida.")
        qs = qs.filter(status=filters.status)
    if filters.organization:
        key = filters.organization.strip()
        digits = "".join(c for c in key if c.isdigit())
        if key.isdigit() and len(key) < 14:
            qs = qs.filter(organization_id=int(key))
        elif len(digits) == 14:
            ids = Organization.objects.filter(cnpj__in=[digits, key]).values("pk")
            qs = qs.filter(organization_id__in=ids)
        else:
            raise FieldError("organization", "Informe o id ou o CNPJ da organização.")
    today = datetime.date.today()
    return [_row(p, today) for p in qs]


@router.get(
    "/partnerships/{partnership_id}",
    response=PartnershipDetailOut,
    summary="Uma parceria, com metas, aditivos e prestações de contas",
)
def get_partnership(request, partnership_id: int):
    p = get_object_or_404(public_partnerships(), pk=partnership_id)
    today = datetime.date.today()
    data = _row(p, today)
    data.update({f: getattr(p, f) for f in DETAIL_FIELDS})
    data["goals"] = list(p.goals.all())
    data["amendments"] = list(p.amendments.all())
    data["reports"] = [
        {
            **{f: getattr(r, f) for f in REPORT_FIELDS},
            "late": not r.received_on and r.due_on < today,
        }
        for r in p.reports.all()
    ]
    return data
