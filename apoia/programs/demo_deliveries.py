"""Demo deliveries in every status, with evidence and reviews, on the approved demo plans.

The demo is loaded on the day `make run` first runs, so the dates are counted from that day
(business days of each municipality's calendar): validated deliveries due in the past, others
waiting for validation (some for more than 5 business days), returned with a reason and a new
due date, one returned and sent again (version 2), pending ones due soon or later, late ones,
and late ones covered by an open request for more time. Evidence files are a tiny generated
PNG and PDF, each stored under its own random name. Bulk inserts in one transaction; nothing
happens once the demo plans have evidence or reviews.
"""

import datetime as dt
import hashlib
import secrets
import struct
import zlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import Membership, Role, User
from apoia.programs.demo import SLUG
from apoia.programs.models import (
    FILE_EVIDENCE_TYPES,
    Clarification,
    DeliveryReview,
    DeliveryStatus,
    Evidence,
    EvidenceType,
    PlanDelivery,
    PlanStatus,
    ReturnReason,
)
from apoia.territory.calendar import BusinessCalendar

# The order the scenarios take along the deliveries (municipality, then action and delivery).
SCENARIOS = [
    "validated",
    "waiting_long",
    "pending_soon",
    "returned",
    "validated",
    "late",
    "waiting",
    "pending_later",
    "validated",
    "late_with_request",
    "resubmitted",
    "late_partial",
]
RETURN_COMMENTS = {
    ReturnReason.ILLEGIBLE: "A foto está escura e não mostra a atividade.",
    ReturnReason.INCOMPLETE: "Falta a segunda página da ata.",
    ReturnReason.MISMATCH: "O documento enviado é de outra ação do plano.",
    ReturnReason.OUTDATED: "A lista de presença é de um encontro anterior ao plano.",
    ReturnReason.OTHER: "Envie a versão assinada pelo secretário.",
}
TITLES = {
    EvidenceType.PHOTO: "Foto da atividade",
    EvidenceType.MINUTES: "Ata da reunião",
    EvidenceType.ATTENDANCE_LIST: "Lista de presença",
    EvidenceType.OFFICIAL_LETTER: "Ofício da prefeitura",
    EvidenceType.DOCUMENT: "Relatório",
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def tiny_png() -> bytes:
    """An 8 × 8 green square."""
    width = height = 8
    rows = b"".join(b"\x00" + b"\x16\x8a\x4a" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def tiny_pdf(text: str = "Documento de demonstracao do Apoia") -> bytes:
    """A one-page PDF with one line of text (ASCII), its cross-reference table computed."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class _Days:
    """Business days counted back and forth from today in one municipality's calendar."""

    def __init__(self, municipality, today: dt.date):
        self.calendar = BusinessCalendar(municipality.state.uf, municipality.ibge)
        self.today = today

    def shift(self, count: int) -> dt.date:
        day, step, left = self.today, (1 if count > 0 else -1), abs(count)
        while left:
            day += dt.timedelta(days=step)
            if self.calendar.is_business_day(day):
                left -= 1
        return day


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _reviewers(units) -> dict[int, User]:
    """unit id → a technician or coordinator of it or of a unit above it, else an admin."""
    admin = User.objects.filter(memberships__role=Role.ADMIN, is_active=True).order_by("pk").first()
    found = {}
    for unit in units:
        chain, current = [], unit
        while current is not None:
            chain.append(current.pk)
            current = current.parent
        member = (
            Membership.objects.filter(
                role__in=[Role.TECHNICIAN, Role.COORDINATOR], org_unit_id__in=chain
            )
            .select_related("user")
            .order_by("role", "pk")
            .first()
        )
        found[unit.pk] = member.user if member else admin
    return found


def load_demo_deliveries() -> str:
    deliveries = list(
        PlanDelivery.objects.filter(
            item__plan__adhesion__program__slug=SLUG,
            item__plan__status=PlanStatus.APPROVED,
            frozen=True,
        )
        .select_related(
            "delivery__action__unit__parent",
            "item__plan__adhesion__municipality__state",
            "item__plan__submitted_by",
        )
        .prefetch_related("item__plan__adhesion__focal_points__user")
        .order_by("item__plan__adhesion__municipality_id", "item__order", "delivery__order", "pk")
    )
    if not deliveries:
        return "programs: sem planos aprovados, nenhuma entrega de demonstração"
    ids = [d.pk for d in deliveries]
    if (
        Evidence.objects.filter(delivery_id__in=ids).exists()
        or DeliveryReview.objects.filter(delivery_id__in=ids).exists()
    ):
        return "programs: entregas ok"
    today = timezone.localdate()
    with transaction.atomic():
        _create(deliveries, today)
    rows = PlanDelivery.objects.filter(pk__in=ids)
    by_status = {s: rows.filter(status=s).count() for s in DeliveryStatus.values}
    return (
        f"programs: {len(ids)} entregas de demonstração ({by_status['validated']} validadas, "
        f"{by_status['submitted']} aguardando validação, {by_status['returned']} devolvidas, "
        f"{by_status['pending']} pendentes; {rows.late(today).count()} atrasadas)"
    )


def _sender(delivery):
    plan = delivery.item.plan
    if plan.submitted_by_id:
        return plan.submitted_by
    return next((fp.user for fp in plan.adhesion.focal_points.all() if fp.user_id), None)


class _Builder:
    def __init__(self, today):
        self.today = today
        self.evidence: list[Evidence] = []
        self.reviews: list[DeliveryReview] = []
        self.clarifications: list[Clarification] = []
        self.versions: dict[tuple[int, str], int] = {}
        self.files = {"png": tiny_png(), "pdf": tiny_pdf()}
        self.serial = 0

    def send(self, delivery, kinds, by, at: dt.datetime) -> None:
        municipality = delivery.item.plan.adhesion.municipality
        for kind in kinds:
            key = (delivery.pk, kind)
            version = self.versions[key] = self.versions.get(key, 0) + 1
            self.serial += 1
            row = Evidence(delivery=delivery, kind=kind, version=version, sent_by=by, sent_at=at)
            if kind in FILE_EVIDENCE_TYPES:
                ext = "png" if kind == EvidenceType.PHOTO else "pdf"
                data = self.files[ext]
                name = default_storage.save(
                    f"programs/evidence/{secrets.token_hex(16)}.{ext}", ContentFile(data)
                )
                row.file = name
                row.content_type = "image/png" if ext == "png" else "application/pdf"
                row.size = len(data)
                row.sha256 = hashlib.sha256(data).hexdigest()
                row.title = f"{TITLES[kind]} — {municipality.name}"
                row.original_name = f"{TITLES[kind].lower().replace(' ', '-')}-v{version}.{ext}"
            elif kind == EvidenceType.PROCESS_NUMBER:
                row.value = (
                    f"{municipality.ibge % 100000:05d}.{self.serial:06d}/{at.year}-{version:02d}"
                )
                row.title = row.value
            else:
                row.value = f"https://www.ms.gov.br/transparencia/{municipality.ibge}/{self.serial}"
                row.title = f"Publicação no portal — {municipality.name}"
            self.evidence.append(row)

    def review(self, delivery, by, at, *, reason="", new_due=None) -> None:
        action = delivery.delivery.action
        self.reviews.append(
            DeliveryReview(
                delivery=delivery,
                decision="return" if reason else "validate",
                reason=reason,
                comment=RETURN_COMMENTS.get(reason, "Evidências conferidas."),
                new_due=new_due,
                checklist={
                    kind: {q: not reason for q in action.checklist_for(kind)}
                    for kind in delivery.delivery.evidence_types
                },
                by=by,
                at=at,
            )
        )


def _create(deliveries, today: dt.date) -> dict[str, int]:
    builder = _Builder(today)
    units = {d.delivery.action.unit for d in deliveries}
    reviewers = _reviewers(units)
    calendars: dict[int, _Days] = {}
    reasons = list(ReturnReason.values)
    counts: dict[str, int] = {}
    changed = []
    for index, delivery in enumerate(deliveries):
        sender = _sender(delivery)
        reviewer = reviewers.get(delivery.delivery.action.unit_id)
        if sender is None:
            continue
        scenario = SCENARIOS[index % len(SCENARIOS)]
        if scenario == "late_with_request" and (index // len(SCENARIOS)) % 3:
            scenario = "late"  # a few open requests, not one in every cycle
        if reviewer is None and scenario in ("validated", "returned", "resubmitted"):
            scenario = "waiting"
        municipality = delivery.item.plan.adhesion.municipality
        days = calendars.get(municipality.ibge) or calendars.setdefault(
            municipality.ibge, _Days(municipality, today)
        )
        kinds = list(delivery.delivery.evidence_types)
        spread = index % 7
        if scenario == "validated":
            delivery.due = days.shift(-(20 + 3 * spread))
            builder.send(delivery, kinds, sender, _moment(days.shift(-(26 + 3 * spread)), 10))
            delivery.status = DeliveryStatus.SUBMITTED
            delivery.submitted_at = _moment(days.shift(-(25 + 3 * spread)), 11)
            delivery.submitted_by = sender
            reviewed = _moment(days.shift(-(22 + 3 * spread)), 15)
            builder.review(delivery, reviewer, reviewed)
            delivery.status, delivery.validated_at = DeliveryStatus.VALIDATED, reviewed
        elif scenario in ("waiting", "waiting_long"):
            age = 8 + spread if scenario == "waiting_long" else 1 + spread % 3
            delivery.due = days.shift(10 + spread)
            builder.send(delivery, kinds, sender, _moment(days.shift(-(age + 1)), 9))
            delivery.status = DeliveryStatus.SUBMITTED
            delivery.submitted_at = _moment(days.shift(-age), 16)
            delivery.submitted_by = sender
        elif scenario == "returned":
            new_due = days.shift(8 + spread)
            builder.send(delivery, kinds, sender, _moment(days.shift(-12), 10))
            delivery.submitted_at = _moment(days.shift(-11), 11)
            delivery.submitted_by = sender
            reason = reasons[index % len(reasons)]
            builder.review(
                delivery, reviewer, _moment(days.shift(-6), 14), reason=reason, new_due=new_due
            )
            delivery.status, delivery.due = DeliveryStatus.RETURNED, new_due
        elif scenario == "resubmitted":
            builder.send(delivery, kinds, sender, _moment(days.shift(-15), 10))
            builder.review(
                delivery,
                reviewer,
                _moment(days.shift(-10), 14),
                reason=ReturnReason.INCOMPLETE,
                new_due=days.shift(6),
            )
            builder.send(delivery, kinds[:1], sender, _moment(days.shift(-3), 9))
            delivery.due = days.shift(6)
            delivery.status = DeliveryStatus.SUBMITTED
            delivery.submitted_at = _moment(days.shift(-3), 10)
            delivery.submitted_by = sender
        elif scenario in ("pending_soon", "pending_later"):
            delivery.due = days.shift(
                2 + spread % 3 if scenario == "pending_soon" else 15 + 5 * spread
            )
            delivery.status = DeliveryStatus.PENDING
        elif scenario in ("late", "late_partial"):
            delivery.due = days.shift(-(3 + 2 * spread))
            delivery.status = DeliveryStatus.PENDING
            if scenario == "late_partial" and len(kinds) > 1:
                builder.send(delivery, kinds[:1], sender, _moment(days.shift(-(5 + spread)), 10))
        elif scenario == "late_with_request":
            delivery.due = days.shift(-2)
            delivery.status = DeliveryStatus.PENDING
            builder.clarifications.append(
                Clarification(
                    delivery=delivery,
                    justification=(
                        "A atividade foi remarcada por causa das chuvas; pedimos mais 15 dias "
                        "úteis para enviar as evidências."
                    ),
                    proposed_due=days.shift(15),
                    asked_by=sender,
                    asked_at=_moment(days.shift(-1), 9),
                )
            )
        counts[scenario] = counts.get(scenario, 0) + 1
        changed.append(delivery)
    PlanDelivery.objects.bulk_update(
        changed, ["due", "status", "submitted_at", "submitted_by", "validated_at"]
    )
    Evidence.objects.bulk_create(builder.evidence)
    sent: dict[int, list[Evidence]] = {}
    for row in builder.evidence:
        sent.setdefault(row.delivery_id, []).append(row)
    for review in builder.reviews:
        # The versions the reviewer looked at: the latest of each type sent before the review.
        latest = {}
        for row in sorted(sent.get(review.delivery_id, []), key=lambda r: r.version):
            if row.sent_at <= review.at:
                latest[row.kind] = row.pk
        review.evidence_ids = sorted(pk for pk in latest.values() if pk)
    DeliveryReview.objects.bulk_create(builder.reviews)
    Clarification.objects.bulk_create(builder.clarifications)
    return counts
