"""Municipal action plans: building, submitting, approving or returning, and revising them.

- The focal point saves the plan as a whole list of items (`save_plan`); only actions the
  adhesion may choose (`require_eligible`) are accepted, the error naming the action.
- Places (`Action.places`) are held by the plans that were submitted at least once. Saving
  a new action and submitting both lock the action's row and count inside the transaction,
  so concurrent submissions never overbook it (on SQLite, write transactions are serialized
  by `BEGIN IMMEDIATE`; on PostgreSQL, by the row lock).
- Until approval the baselines follow the latest indicator value; approval freezes them,
  fixes every due date still computed (business days after the approval day) and saves the
  version. A change after approval turns the plan into a draft revision that needs a reason.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.programs import queries_plans
from apoia.programs.models import (
    Action,
    Adhesion,
    AdhesionStatus,
    DeliveryStatus,
    Plan,
    PlanDelivery,
    PlanItem,
    PlanStatus,
    PlanTarget,
    PlanVersion,
)
from apoia.programs.queries_menu import require_eligible
from apoia.programs.services.menu import delivery_due_date
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import DeadlineUnit

REASON_MAX = 2000
COMMENT_MAX = 4000
RESPONSIBLE_MAX = {"name": 150, "role": 150, "contact": 200}
# Statuses whose plans hold a place of each of their actions.
HOLDING = (PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED)


class PlanTransitionError(Exception):
    """The plan's status does not allow this now (409 in the API, a message on the web)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ItemData:
    """One action of the plan as the focal point filled it in."""

    action: Action
    responsible: dict = field(default_factory=dict)  # {"name", "role", "contact"}
    targets: dict = field(default_factory=dict)  # indicator code → number (or None)
    dues: dict = field(default_factory=dict)  # ActionDelivery id → date (None: computed)


def _require_editor(user, adhesion: Adhesion) -> None:
    if not queries_plans.may_edit(user, adhesion):
        raise PermissionDenied(_("Só os pontos focais do município montam e alteram o plano."))


def _require_decider(user, plan: Plan) -> None:
    if not queries_plans.may_decide(user, plan):
        raise PermissionDenied(_("Só a unidade gestora do programa analisa os planos de ação."))


def _check_items(adhesion: Adhesion, items: list[ItemData], today: dt.date) -> dict:
    errors: dict[str, list[str]] = {}
    seen = set()
    for index, data in enumerate(items):
        prefix = f"items.{index}"
        try:
            require_eligible(data.action, adhesion)
        except ValidationError as exc:
            errors[f"{prefix}.action"] = list(exc.messages)
            continue
        if data.action.pk in seen:
            errors[f"{prefix}.action"] = [
                _("A ação “%(title)s” aparece duas vezes no plano.") % {"title": data.action.title}
            ]
        seen.add(data.action.pk)
        for key, limit in RESPONSIBLE_MAX.items():
            if len(str(data.responsible.get(key) or "")) > limit:
                errors[f"{prefix}.responsible.{key}"] = [
                    _("Use no máximo %(count)d caracteres.") % {"count": limit}
                ]
        codes = {i.code for i in queries_plans.linked_indicators(data.action)}
        for code in data.targets:
            if code not in codes:
                errors[f"{prefix}.targets.{code}"] = [
                    _("O indicador %(code)s não está ligado aos desafios da ação “%(title)s”.")
                    % {"code": code, "title": data.action.title}
                ]
        deliveries = {d.pk for d in data.action.deliveries.all()}
        for pk, due in data.dues.items():
            if pk not in deliveries:
                errors[f"{prefix}.deliveries.{pk}"] = [_("Esta entrega não é desta ação.")]
            elif due is not None and due < today:
                errors[f"{prefix}.deliveries.{pk}"] = [_("O prazo não pode estar no passado.")]
    return errors


def _require_places(actions, plan: Plan) -> None:
    """Refuse an action whose places are all held by other plans (locks the action rows)."""
    ids = sorted({a.pk for a in actions})
    # Ordered locks: two plans sharing actions never wait on each other in a cycle.
    for action in Action.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        if action.places is None:
            continue
        taken = (
            PlanItem.objects.filter(action=action)
            .exclude(plan_id=plan.pk)
            .filter(Q(plan__status__in=HOLDING) | Q(plan__version__gte=1))
            .values("plan_id")
            .distinct()
            .count()
        )
        if taken >= action.places:
            message = ngettext(
                "A ação “%(title)s” não tem mais vagas: a sua única vaga já está no plano de "
                "outro município.",
                "A ação “%(title)s” não tem mais vagas: as suas %(places)d vagas já estão nos "
                "planos de outros municípios.",
                action.places,
            ) % {"title": action.title, "places": action.places}
            raise ValidationError({"items": message}, code="no_places")


def refresh_baselines(plan: Plan) -> None:
    """Baselines not yet frozen take the latest value and period of their indicator."""
    targets = list(
        PlanTarget.objects.filter(item__plan=plan, frozen=False).select_related("indicator")
    )
    if not targets:
        return  # nothing to refresh (a strategic project's plan has no targets)
    latest = queries_plans.latest_values(
        {t.indicator_id for t in targets}, plan.adhesion.municipality_id
    )
    for target in targets:
        target.baseline_value, target.baseline_period = latest.get(
            target.indicator_id, (None, None)
        )
    PlanTarget.objects.bulk_update(targets, ["baseline_value", "baseline_period"])


def _sync_item(item: PlanItem, data: ItemData, municipality, today: dt.date) -> None:
    linked = queries_plans.linked_indicators(data.action)
    targets = {t.indicator_id: t for t in item.targets.all()}
    for indicator in linked:
        target = targets.pop(indicator.pk, None) or PlanTarget(item=item, indicator=indicator)
        value = data.targets.get(indicator.code)
        target.target = float(value) if value is not None else None
        target.save()
    for stale in targets.values():
        stale.delete()
    rows = {d.delivery_id: d for d in item.deliveries.all()}
    for delivery in data.action.deliveries.all():
        row = rows.get(delivery.pk) or PlanDelivery(item=item, delivery=delivery)
        given = data.dues.get(delivery.pk)
        if row.frozen:
            # Approved before: only an explicit new date moves it.
            if given is not None and given != row.due:
                row.due, row.due_adjusted = given, True
        else:
            computed = delivery_due_date(delivery, today, municipality)
            if given is not None and given != computed:
                row.due, row.due_adjusted = given, True
            else:
                row.due, row.due_adjusted = computed, False
        row.save()


def _require_keeps_worked_items(existing: dict, kept: set[int]) -> None:
    """An action whose deliveries already carry work (evidence sent, a review, a request for
    more time, a status past pending) stays in the plan: that record is kept for good."""
    dropped = [item for action_id, item in existing.items() if action_id not in kept]
    worked = [
        item.action.title
        for item in dropped
        if item.deliveries.filter(
            Q(evidence__isnull=False)
            | Q(reviews__isnull=False)
            | Q(clarifications__isnull=False)
            | ~Q(status=DeliveryStatus.PENDING)
        ).exists()
    ]
    if worked:
        raise ValidationError(
            {
                "items": [
                    _(
                        "A ação “%(title)s” já tem entregas em andamento (evidências ou "
                        "análises): ela não pode sair do plano."
                    )
                    % {"title": title}
                    for title in worked
                ]
            }
        )


@transaction.atomic
def save_plan(
    adhesion: Adhesion, *, items: list[ItemData], reason: str = "", by, today=None
) -> Plan:
    """Create or replace the plan's whole list of items; after an approval, start a revision
    (a draft that needs `reason`)."""
    _require_editor(by, adhesion)
    today = today or timezone.localdate()
    if adhesion.status != AdhesionStatus.ACTIVE:
        raise PlanTransitionError(_("Só uma adesão ativa tem plano de ação."))
    plan = Plan.objects.select_for_update(of=("self",)).filter(adhesion=adhesion).first()
    plan = plan or Plan(adhesion=adhesion, phase_id=adhesion.phase_id)
    if plan.status == PlanStatus.SUBMITTED:
        raise PlanTransitionError(
            _("O plano está em análise pela unidade gestora; aguarde a devolução ou a aprovação.")
        )
    errors = _check_items(adhesion, items, today)
    reason = (reason or "").strip()
    if plan.version >= 1 and not reason:
        errors["reason"] = [
            _("Informe o motivo da alteração: o plano já foi aprovado e terá uma nova versão.")
        ]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Use no máximo %(count)d caracteres.") % {"count": REASON_MAX}]
    if not items:
        errors["items"] = [_("Escolha ao menos uma ação do cardápio.")]
    if errors:
        raise ValidationError(errors)
    existing = {} if plan.pk is None else {i.action_id: i for i in plan.items.all()}
    _require_keeps_worked_items(existing, {d.action.pk for d in items})
    _require_places([d.action for d in items if d.action.pk not in existing], plan)
    if plan.status == PlanStatus.APPROVED:
        plan.status = PlanStatus.DRAFT
    if plan.version >= 1:
        plan.revision_reason = reason
    plan.save()
    for order, data in enumerate(items):
        item = existing.pop(data.action.pk, None) or PlanItem(plan=plan, action=data.action)
        item.responsible_name = str(data.responsible.get("name") or "").strip()
        item.responsible_role = str(data.responsible.get("role") or "").strip()
        item.responsible_contact = str(data.responsible.get("contact") or "").strip()
        item.order = order
        item.save()
        _sync_item(item, data, adhesion.municipality, today)
    for removed in existing.values():
        removed.delete()
    refresh_baselines(plan)
    return plan


@transaction.atomic
def save_and_submit_plan(
    adhesion: Adhesion, *, items: list[ItemData], reason: str = "", by, today=None
) -> Plan:
    """The builder's "save and send": both or neither, so a refused submission leaves the
    plan as it was stored (the page still holds what the focal point typed)."""
    plan = save_plan(adhesion, items=items, reason=reason, by=by, today=today)
    return submit_plan(plan, by=by)


def _completeness(items: list[PlanItem]) -> dict:
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        if not item.responsible_name:
            errors[f"items.{index}.responsible.name"] = [
                _("Informe o responsável pela ação “%(title)s”.") % {"title": item.action.title}
            ]
        for target in item.targets.all():
            if target.target is None:
                errors[f"items.{index}.targets.{target.indicator.code}"] = [
                    _("Informe a meta de %(indicator)s na ação “%(title)s”.")
                    % {"indicator": target.indicator.name, "title": item.action.title}
                ]
    return errors


@transaction.atomic
def submit_plan(plan: Plan, *, by) -> Plan:
    """Send the plan to the managing unit; it then holds a place of each of its actions."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join (Plan.adhesion).
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("adhesion__municipality")
        .get(pk=plan.pk)
    )
    _require_editor(by, plan.adhesion)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise PlanTransitionError(_("Este plano já foi enviado."))
    items = queries_plans.plan_items(plan)
    if not items:
        raise ValidationError({"items": _("Escolha ao menos uma ação do cardápio.")})
    errors = {}
    for index, item in enumerate(items):
        try:
            require_eligible(item.action, plan.adhesion)
        except ValidationError as exc:
            errors[f"items.{index}.action"] = list(exc.messages)
    errors.update(_completeness(items))
    if plan.version >= 1 and not plan.revision_reason:
        errors["reason"] = [_("Informe o motivo da alteração.")]
    if errors:
        raise ValidationError(errors)
    _require_places([item.action for item in items], plan)
    refresh_baselines(plan)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.save()
    return plan


@transaction.atomic
def decide_plan(
    plan: Plan,
    *,
    approved: bool,
    comment: str = "",
    item_comments: dict | None = None,
    by,
    today=None,
) -> Plan:
    """Approve the submitted plan (a new version) or return it with comments.

    `item_comments`: PlanItem id → comment. A return needs at least one comment.
    """
    # of=self: PostgreSQL cannot lock the nullable side of the outer join (Plan.adhesion).
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("adhesion__municipality")
        .get(pk=plan.pk)
    )
    _require_decider(by, plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanTransitionError(_("Só um plano enviado para análise pode ser analisado."))
    comment = (comment or "").strip()
    comments = {int(k): str(v).strip() for k, v in (item_comments or {}).items() if str(v).strip()}
    items = {item.pk: item for item in plan.items.all()}
    errors = {}
    if len(comment) > COMMENT_MAX or any(len(v) > COMMENT_MAX for v in comments.values()):
        errors["comment"] = [_("Use no máximo %(count)d caracteres.") % {"count": COMMENT_MAX}]
    unknown = [pk for pk in comments if pk not in items]
    if unknown:
        errors["items"] = [_("Ação que não está neste plano: %(ids)s.") % {"ids": unknown}]
    if not approved and not comment and not comments:
        errors["comment"] = [
            _("Para devolver o plano, escreva um comentário (geral ou em alguma ação).")
        ]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    plan.decided_at = now
    if not approved:
        for pk, item in items.items():
            if item.return_comment != comments.get(pk, ""):
                item.return_comment = comments.get(pk, "")
                item.save(update_fields=["return_comment"])
        plan.status = PlanStatus.RETURNED
        plan.return_comment = comment
        plan.save()
        return plan
    _approve(plan, by=by, now=now, today=today or timezone.localdate())
    return plan


def plan_due_date(delivery, approved_on: dt.date, plan: Plan) -> dt.date:
    """A delivery's due date for `plan` approved on `approved_on`: business days of the
    municipality's calendar, or of the state's for a strategic project (no municipality)."""
    if plan.adhesion_id is not None:
        return delivery_due_date(delivery, approved_on, plan.adhesion.municipality)
    return compute_deadline(
        approved_on,
        delivery.due_offset_days,
        DeadlineUnit.BUSINESS_DAYS,
        uf=plan.phase.program.state.uf,
    ).due


def _approve(plan: Plan, *, by, now, today: dt.date) -> None:
    refresh_baselines(plan)
    PlanTarget.objects.filter(item__plan=plan, frozen=False).update(frozen=True)
    for row in PlanDelivery.objects.filter(item__plan=plan, frozen=False).select_related(
        "delivery"
    ):
        if not row.due_adjusted:
            row.due = plan_due_date(row.delivery, today, plan)
        row.frozen = True
        row.save()
    for item in plan.items.exclude(return_comment=""):
        item.return_comment = ""
        item.save(update_fields=["return_comment"])
    reason = plan.revision_reason if plan.version >= 1 else ""
    plan.version += 1
    plan.status = PlanStatus.APPROVED
    plan.approved_on = today
    plan.return_comment = ""
    plan.revision_reason = ""
    plan.save()
    PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        approved_at=now,
        approved_by=by,
        changed_by=plan.submitted_by if plan.version >= 2 else None,
        reason=reason,
        snapshot=queries_plans.snapshot(plan),
    )
