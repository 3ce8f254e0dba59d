"""Strategic projects (issue 10, item 9): approving a project phase's plan.

A project has no adhesion: its plan (one per phase, `Plan.adhesion` empty) carries every goal
of the phase (its actions) with all their deliveries. The managing unit approves it
(`approve_project_plan`): the plan takes the goals and deliveries added since the last
approval, and the approval (services/plans.decide_plan, as for a municipal plan) freezes the
due dates, counted in business days from the approval day on the state's calendar. From then
on the delivery machinery (services/deliveries.py) applies unchanged.

"A plan has an adhesion, or else belongs to a strategic project's phase" crosses tables, so it
is enforced here (and in Plan.clean): this is the only place that creates a plan without one.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.programs import queries_projects
from apoia.programs.models import Phase, Plan, PlanDelivery, PlanItem, PlanStatus
from apoia.programs.services.plans import (
    REASON_MAX,
    PlanTransitionError,
    decide_plan,
    plan_due_date,
)


def _sync(plan: Plan, goals, today) -> bool:
    """Add the goals and deliveries the plan does not carry yet; True if anything was added."""
    added = False
    items = {item.action_id: item for item in plan.items.all()}
    for order, goal in enumerate(goals):
        item = items.get(goal.pk)
        if item is None:
            item = PlanItem.objects.create(
                plan=plan, action=goal, order=order, responsible_name=goal.unit.name[:150]
            )
            added = True
        elif item.order != order:
            item.order = order
            item.save(update_fields=["order"])
        carried = set(item.deliveries.values_list("delivery_id", flat=True))
        for delivery in goal.deliveries.all():
            if delivery.pk not in carried:
                PlanDelivery.objects.create(
                    item=item, delivery=delivery, due=plan_due_date(delivery, today, plan)
                )
                added = True
    return added


@transaction.atomic
def approve_project_plan(program, *, phase: Phase, reason: str = "", by, today=None) -> Plan:
    """The managing unit approves the phase's plan (a new version when it was approved
    before: then `reason` is required, and only new goals or deliveries make a new version)."""
    if not program.is_project:
        raise ValidationError(
            {"program": _("Só um projeto estratégico tem plano sem adesão municipal.")}
        )
    if phase.program_id != program.pk:
        raise ValidationError({"phase": _("Esta fase não é deste projeto.")})
    if not queries_projects.may_approve(by, program):
        raise PermissionDenied(_("Só a unidade gestora do projeto aprova o seu plano."))
    today = today or timezone.localdate()
    # The phase's row lock serializes two approvals of the same phase (SQLite: BEGIN IMMEDIATE).
    Phase.objects.select_for_update().get(pk=phase.pk)
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .filter(phase=phase, adhesion__isnull=True)
        .first()
    )
    plan = plan or Plan.objects.create(phase=phase, adhesion=None)
    goals = queries_projects.goals_of(phase)
    errors: dict[str, list[str]] = {}
    if not goals:
        errors["goals"] = [_("Cadastre ao menos uma meta (com suas entregas) antes de aprovar.")]
    for index, goal in enumerate(goals):
        if not goal.deliveries.all():
            errors[f"goals.{index}"] = [
                _("A meta “%(title)s” não tem entregas.") % {"title": goal.title}
            ]
    if errors:
        raise ValidationError(errors)
    if plan.status == PlanStatus.APPROVED and not queries_projects.has_new_goals(plan, goals):
        raise PlanTransitionError(
            _("O plano do projeto já está aprovado e não há metas nem entregas novas.")
        )
    reason = (reason or "").strip()
    if plan.version >= 1 and not reason:
        errors["reason"] = [
            _("Informe o motivo da alteração: o plano já foi aprovado e terá uma nova versão.")
        ]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Use no máximo %(count)d caracteres.") % {"count": REASON_MAX}]
    if errors:
        raise ValidationError(errors)
    _sync(plan, goals, today)
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    plan.revision_reason = reason if plan.version >= 1 else ""
    plan.save()
    return decide_plan(plan, approved=True, by=by, today=today)
