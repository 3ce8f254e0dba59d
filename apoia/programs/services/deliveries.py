"""Deliveries of approved plans: evidence, submission, review and requests for more time.

- The municipality's focal points send evidence, one version at a time, per evidence type the
  action requires (`send_evidence`): a file (size-limited, typed by its bytes, SHA-256 stored),
  a process number (SEI or the office's own format) or a link. Nothing sent is ever replaced
  or deleted: sending again adds version n + 1, numbered under the delivery's row lock.
- `submit_delivery` sends the delivery for validation once every required type has a version.
- A reviewer (queries_deliveries.may_review) validates it or returns it with a reason code, a
  comment and a new due date (`review_delivery`). The delivery's row is locked and its status
  checked inside the transaction: of two reviewers acting at once one wins, the other is told
  who analysed it first.
- While a request for more time (`ask_clarification`) is open the delivery is not counted
  late; a reviewer grants it (a new due date) or refuses it with an answer.
"""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.programs import queries_deliveries
from apoia.programs.models import (
    FILE_EVIDENCE_TYPES,
    Clarification,
    ClarificationStatus,
    DeliveryReview,
    DeliveryStatus,
    Evidence,
    EvidenceType,
    PlanDelivery,
    ReturnReason,
    ReviewDecision,
)
from apoia.protocol.files import inspect_upload
from apoia.territory.calendar import BusinessCalendar

COMMENT_MAX = 4000
TITLE_MAX = 200
VALUE_MAX = 500
# SEI (the federal NUP layout, used by the state's SEI): 12345.123456/2024-12.
SEI_PATTERN = re.compile(r"^\d{5}\.\d{6}/\d{4}-\d{2}$")
SEI_EXAMPLE = "12345.123456/2024-12"
# Any other office's own number: digit groups joined by "." or "-", a slash and the year, an
# optional check digit ("1.234/2024", "00123-4/2023", "4567/2025-8"): what municipalities
# without SEI write on their process covers.
OTHER_PROCESS_PATTERN = re.compile(r"^\d{1,7}(?:[.-]\d{1,7})*/(?:19|20)\d{2}(?:-\d{1,2})?$")
OTHER_PROCESS_EXAMPLE = "1.234/2024"


class DeliveryTransitionError(Exception):
    """The delivery's status does not allow this now (409 in the API, a message on the web)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked(delivery: PlanDelivery) -> PlanDelivery:
    return (
        PlanDelivery.objects.select_for_update(of=("self",))
        .select_related(
            "delivery__action__unit",
            "item__plan__adhesion__municipality__state",
            "item__plan__phase__program__state",
        )
        .get(pk=delivery.pk)
    )


def _calendar(delivery: PlanDelivery) -> BusinessCalendar:
    """The municipality's calendar; a strategic project's delivery: its state's."""
    return queries_deliveries.Calendars().of_plan(delivery.item.plan)


def check_new_due(delivery: PlanDelivery, new_due, today: dt.date, field: str) -> dict:
    """Errors of a new due date: required, a business day of the municipality, after today."""
    if new_due is None:
        return {field: [_("Informe o novo prazo.")]}
    if new_due <= today:
        return {field: [_("O novo prazo deve ser a partir de amanhã.")]}
    if not _calendar(delivery).is_business_day(new_due):
        return {
            field: [
                (
                    _("%(day)s não é dia útil no estado; escolha outro dia.")
                    if queries_deliveries.is_project_delivery(delivery)
                    else _("%(day)s não é dia útil no município; escolha outro dia.")
                )
                % {"day": new_due.strftime("%d/%m/%Y")}
            ]
        }
    return {}


def _check_value(kind: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({"value": _("Informe o número do processo ou o link.")})
    if len(value) > VALUE_MAX:
        raise ValidationError({"value": _("Use no máximo %(count)d caracteres.") % {"count": 500}})
    if kind == EvidenceType.PROCESS_NUMBER:
        if not (SEI_PATTERN.match(value) or OTHER_PROCESS_PATTERN.match(value)):
            raise ValidationError(
                {
                    "value": _(
                        "Número de processo inválido: use o formato do SEI, "
                        "NNNNN.NNNNNN/AAAA-DD (por exemplo, %(example)s), ou o número do "
                        "órgão seguido do ano (por exemplo, %(other)s)."
                    )
                    % {"example": SEI_EXAMPLE, "other": OTHER_PROCESS_EXAMPLE}
                }
            )
        return value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {"value": _("Link inválido: informe um endereço completo, começando por https://.")}
        ) from None
    return value


def _kind_label(kind: str) -> str:
    return str(dict(EvidenceType.choices).get(kind, kind))


@transaction.atomic
def send_evidence(
    delivery: PlanDelivery, *, kind: str, file=None, value: str = "", title: str = "", by, now=None
) -> Evidence:
    """Add a new version of one evidence type: a file, or a process number or link (`value`)."""
    delivery = _locked(delivery)
    if not queries_deliveries.may_send_evidence(by, delivery):
        raise PermissionDenied(
            _("Só a unidade responsável pela meta envia as evidências.")
            if queries_deliveries.is_project_delivery(delivery)
            else _("Só os pontos focais do município enviam as evidências.")
        )
    if not delivery.takes_evidence:
        raise DeliveryTransitionError(
            _("Esta entrega está “%(status)s”: não recebe novas evidências.")
            % {"status": delivery.get_status_display()}
        )
    required = list(delivery.delivery.evidence_types)
    if kind not in required:
        raise ValidationError(
            {
                "kind": _("Esta entrega não pede “%(kind)s”; envie um de: %(kinds)s.")
                % {
                    "kind": _kind_label(kind),
                    "kinds": ", ".join(_kind_label(k) for k in required),
                }
            }
        )
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": _("Use no máximo %(count)d caracteres.") % {"count": 200}})
    row = Evidence(delivery=delivery, kind=kind, sent_by=by, sent_at=now or timezone.now())
    if kind in FILE_EVIDENCE_TYPES:
        if file is None:
            raise ValidationError({"file": _("Escolha o arquivo da evidência.")})
        try:
            content_type, size, sha256 = inspect_upload(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        if kind == EvidenceType.PHOTO and not content_type.startswith("image/"):
            raise ValidationError(
                {"file": _("Uma foto deve ser uma imagem (PNG, JPEG, GIF ou WEBP).")}
            )
        original = (file.name or "").rsplit("/", 1)[-1][:TITLE_MAX]
        row.content_type, row.size, row.sha256, row.original_name = (
            content_type,
            size,
            sha256,
            original,
        )
        row.title = title or original or _kind_label(kind)
        # The storage name comes from evidence_path (random); the content type is set first.
        row.file = file
    else:
        if file is not None:
            raise ValidationError({"file": _("Este tipo de evidência não leva arquivo.")})
        row.value = _check_value(kind, value)
        row.title = title or row.value[:TITLE_MAX]
    last = (
        Evidence.objects.filter(delivery=delivery, kind=kind)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    row.version = (last or 0) + 1
    row.save()
    return row


def missing_types(delivery: PlanDelivery) -> list[str]:
    """The required evidence types without any version yet."""
    sent = set(Evidence.objects.filter(delivery=delivery).values_list("kind", flat=True))
    return [kind for kind in delivery.delivery.evidence_types if kind not in sent]


@transaction.atomic
def submit_delivery(delivery: PlanDelivery, *, by, now=None) -> PlanDelivery:
    """Send the delivery for validation: every required evidence type must have a version."""
    delivery = _locked(delivery)
    if not queries_deliveries.may_send_evidence(by, delivery):
        raise PermissionDenied(
            _("Só a unidade responsável pela meta envia a entrega.")
            if queries_deliveries.is_project_delivery(delivery)
            else _("Só os pontos focais do município enviam a entrega.")
        )
    if not delivery.takes_evidence:
        raise DeliveryTransitionError(
            _("Esta entrega está “%(status)s”: não pode ser enviada agora.")
            % {"status": delivery.get_status_display()}
        )
    missing = missing_types(delivery)
    if missing:
        raise ValidationError(
            {
                "evidence": _("Falta enviar a evidência: %(kinds)s.")
                % {"kinds": ", ".join(_kind_label(k) for k in missing)}
            }
        )
    delivery.status = DeliveryStatus.SUBMITTED
    delivery.submitted_at = now or timezone.now()
    delivery.submitted_by = by
    delivery.save()
    return delivery


def _already_reviewed(delivery: PlanDelivery) -> DeliveryTransitionError:
    last = delivery.reviews.select_related("by").order_by("-at", "-pk").first()
    if last is not None and delivery.status != DeliveryStatus.PENDING:
        local = timezone.localtime(last.at)
        return DeliveryTransitionError(
            _("Esta entrega já foi analisada por %(who)s em %(when)s (%(decision)s).")
            % {
                "who": last.by.full_name,
                "when": local.strftime("%d/%m/%Y %H:%M"),
                "decision": last.get_decision_display().lower(),
            }
        )
    return DeliveryTransitionError(_("Só uma entrega enviada para validação pode ser analisada."))


def normalize_checklist(delivery: PlanDelivery, answers) -> dict:
    """{type: {question: bool}} for every question of the action's checklist (unanswered:
    False); answers to questions the checklist does not ask are dropped."""
    answers = answers if isinstance(answers, dict) else {}
    action = delivery.delivery.action
    found = {}
    for kind in delivery.delivery.evidence_types:
        given = answers.get(kind) if isinstance(answers.get(kind), dict) else {}
        found[kind] = {q: given.get(q) is True for q in action.checklist_for(kind)}
    return found


@transaction.atomic
def review_delivery(
    delivery: PlanDelivery,
    *,
    decision: str,
    reason: str = "",
    comment: str = "",
    new_due=None,
    checklist=None,
    by,
    today=None,
    now=None,
) -> DeliveryReview:
    """Validate the submitted delivery, or return it with a reason, comment and new due date."""
    delivery = _locked(delivery)
    if not queries_deliveries.may_review(by, delivery):
        raise PermissionDenied(
            _("Só a unidade gestora do projeto analisa esta entrega, nunca quem a enviou.")
            if queries_deliveries.is_project_delivery(delivery)
            else _("Só a unidade que oferta a ação (ou um administrador) analisa esta entrega.")
        )
    if delivery.status != DeliveryStatus.SUBMITTED:
        raise _already_reviewed(delivery)
    today = today or timezone.localdate()
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in ReviewDecision.values:
        errors["decision"] = [_("Escolha validar ou devolver.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("Use no máximo %(count)d caracteres.") % {"count": COMMENT_MAX}]
    if decision == ReviewDecision.RETURN:
        if not reason:
            errors["reason"] = [_("Informe o motivo da devolução.")]
        elif reason not in ReturnReason.values:
            errors["reason"] = [
                _("Motivo desconhecido; use um de: %(values)s.")
                % {"values": ", ".join(ReturnReason.values)}
            ]
        errors.update(check_new_due(delivery, new_due, today, "new_due"))
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    latest = {}
    for row in Evidence.objects.filter(delivery=delivery).order_by("kind", "-version"):
        latest.setdefault(row.kind, row.pk)
    review = DeliveryReview.objects.create(
        delivery=delivery,
        decision=decision,
        reason=reason if decision == ReviewDecision.RETURN else "",
        comment=comment,
        new_due=new_due if decision == ReviewDecision.RETURN else None,
        checklist=normalize_checklist(delivery, checklist),
        evidence_ids=sorted(latest.values()),
        by=by,
        at=now,
    )
    if decision == ReviewDecision.VALIDATE:
        delivery.status = DeliveryStatus.VALIDATED
        delivery.validated_at = now
    else:
        delivery.status = DeliveryStatus.RETURNED
        delivery.due = new_due
    delivery.save()
    return review


@transaction.atomic
def ask_clarification(
    delivery: PlanDelivery, *, justification: str, proposed_due=None, by, today=None, now=None
) -> Clarification:
    """The municipality asks for more time; while the request is open the delivery is not late."""
    delivery = _locked(delivery)
    if not queries_deliveries.may_send_evidence(by, delivery):
        raise PermissionDenied(
            _("Só a unidade responsável pela meta pede mais prazo.")
            if queries_deliveries.is_project_delivery(delivery)
            else _("Só os pontos focais do município pedem mais prazo.")
        )
    if delivery.status == DeliveryStatus.VALIDATED:
        raise DeliveryTransitionError(_("Esta entrega já foi validada."))
    if delivery.clarifications.filter(status=ClarificationStatus.OPEN).exists():
        raise DeliveryTransitionError(_("Já há um pedido de prorrogação em análise."))
    today = today or timezone.localdate()
    justification = (justification or "").strip()
    errors: dict[str, list[str]] = {}
    if not justification:
        errors["justification"] = [_("Explique por que a entrega precisa de mais prazo.")]
    elif len(justification) > COMMENT_MAX:
        errors["justification"] = [
            _("Use no máximo %(count)d caracteres.") % {"count": COMMENT_MAX}
        ]
    if proposed_due is not None:
        errors.update(check_new_due(delivery, proposed_due, today, "proposed_due"))
    if errors:
        raise ValidationError(errors)
    return Clarification.objects.create(
        delivery=delivery,
        justification=justification,
        proposed_due=proposed_due,
        asked_by=by,
        asked_at=now or timezone.now(),
    )


@transaction.atomic
def answer_clarification(
    clarification: Clarification,
    *,
    granted: bool,
    answer: str = "",
    new_due=None,
    by,
    today=None,
    now=None,
) -> Clarification:
    """Grant the request (the delivery's due date becomes `new_due`) or refuse it."""
    delivery = _locked(clarification.delivery)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if not queries_deliveries.may_answer_clarification(by, delivery):
        raise PermissionDenied(
            _("Só a unidade gestora do projeto responde a este pedido.")
            if queries_deliveries.is_project_delivery(delivery)
            else _("Só a unidade que oferta a ação (ou um administrador) responde a este pedido.")
        )
    if clarification.status != ClarificationStatus.OPEN:
        raise DeliveryTransitionError(_("Este pedido de prorrogação já foi respondido."))
    today = today or timezone.localdate()
    answer = (answer or "").strip()
    errors: dict[str, list[str]] = {}
    if len(answer) > COMMENT_MAX:
        errors["answer"] = [_("Use no máximo %(count)d caracteres.") % {"count": COMMENT_MAX}]
    if granted:
        errors.update(check_new_due(delivery, new_due, today, "new_due"))
    elif not answer:
        errors["answer"] = [_("Explique ao município por que o pedido foi negado.")]
    if errors:
        raise ValidationError(errors)
    clarification.status = ClarificationStatus.GRANTED if granted else ClarificationStatus.REFUSED
    clarification.answer = answer
    clarification.answered_by = by
    clarification.answered_at = now or timezone.now()
    clarification.granted_due = new_due if granted else None
    clarification.save()
    if granted:
        delivery.due = new_due
        delivery.save()
    return clarification
