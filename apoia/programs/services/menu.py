"""The action menu: saving an action with its deliveries, and when a delivery falls due."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apoia.programs.models import (
    Action,
    ActionDelivery,
    Eligibility,
    PlanDelivery,
    validate_review_checklist,
)
from apoia.programs.services.challenges import require_manager
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import DeadlineUnit, Municipality


def check_action(action: Action, challenges) -> None:
    """What the fields alone do not say: its challenges are of its phase, and an action for
    focal municipalities only names at least one challenge (else nobody could choose it)."""
    challenges = list(challenges)
    errors = {}
    foreign = [c.name for c in challenges if c.phase_id != action.phase_id]
    if foreign:
        errors["challenges"] = _("Desafios de outra fase: %(names)s.") % {
            "names": ", ".join(foreign)
        }
    elif action.eligibility == Eligibility.FOCAL_ONLY and not challenges:
        errors["challenges"] = _(
            "Uma ação só para municípios focais precisa de ao menos um desafio."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_action(
    action: Action, *, challenges, deliveries: list[dict], by, review_checklist=None
) -> Action:
    """Create or update an action with its challenges and its whole list of deliveries.

    `deliveries`: [{"id" (None for a new one), "title", "weight", "due_offset_days",
    "evidence_types", "delete"}] in the order they are shown; at least one must remain.
    `review_checklist` ({evidence type: [question]}), when given, replaces the action's own.
    A delivery that municipal plans already carry cannot be deleted (their record stays).
    """
    require_manager(by, action.phase.program)
    check_action(action, challenges)
    kept = [d for d in deliveries if not d.get("delete")]
    if not kept:
        raise ValidationError(_("A ação precisa de ao menos uma entrega."))
    dropped = [d["id"] for d in deliveries if d.get("delete") and d.get("id")]
    in_plans = list(
        ActionDelivery.objects.filter(pk__in=dropped, action=action.pk)
        .filter(pk__in=PlanDelivery.objects.values("delivery"))
        .values_list("title", flat=True)
    )
    if in_plans:
        raise ValidationError(
            [
                _(
                    "A entrega “%(title)s” já está em planos municipais: ela não pode ser "
                    "excluída (altere o título ou o prazo, se preciso)."
                )
                % {"title": title}
                for title in in_plans
            ]
        )
    if review_checklist is not None:
        validate_review_checklist(review_checklist)
        action.review_checklist = review_checklist
    action.full_clean(exclude=["challenges"])
    action.save()
    action.challenges.set(challenges)
    existing = {d.pk: d for d in action.deliveries.all()}
    for data in deliveries:
        delivery = existing.get(data.get("id")) if data.get("id") else None
        if data.get("delete"):
            if delivery is not None:
                delivery.delete()
            continue
        delivery = delivery or ActionDelivery(action=action)
        delivery.title = data["title"]
        delivery.weight = data["weight"]
        delivery.due_offset_days = data["due_offset_days"]
        delivery.evidence_types = list(data["evidence_types"])
        delivery.order = kept.index(data)
        delivery.full_clean(exclude=["action"])
        delivery.save()
    return action


def delivery_due_date(
    delivery: ActionDelivery, approved_on: dt.date, municipality: Municipality
) -> dt.date:
    """The due date of a delivery for a plan approved on `approved_on`: its offset in business
    days of the municipality's calendar (the territory calendar's rule)."""
    return compute_deadline(
        approved_on,
        delivery.due_offset_days,
        DeadlineUnit.BUSINESS_DAYS,
        uf=municipality.state.uf,
        municipality=municipality.ibge,
    ).due
