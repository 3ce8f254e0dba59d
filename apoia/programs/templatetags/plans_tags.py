"""What the adhesion page and the profile section ask about a municipality's plan."""

from django import template

from apoia.programs import queries_plans
from apoia.programs.models import Plan

register = template.Library()


@register.filter
def plan_editable_by(adhesion, user) -> bool:
    return queries_plans.may_edit(user, adhesion)


@register.filter
def plan_visible_to(plan, user) -> bool:
    if not isinstance(plan, Plan) or not getattr(user, "is_authenticated", False):
        return False
    return queries_plans.plans_visible_to(user).filter(pk=plan.pk).exists()
