"""The annual technical-support plan: public reading, the state's staff editing."""

from django.http import Http404

from apoia.agenda.queries.core import is_agenda_staff, managed_events, public_events

#
# A plan is an act published in the state's gazette: everyone reads it and its planned versus
# done figures. Its state's agenda staff (admins: every state) write it; anyone else asking for
# a staff page gets 404. On the plan page the public sees the public events of each entry; the
# state's staff see all of them (drafts and those in validation too).


def plans_visible():
    from apoia.agenda.models import SupportPlan

    return SupportPlan.objects.select_related("state")


def get_plan(uf, year):
    """The plan of this state (UF, any case) and year, else 404."""
    from apoia.agenda.models import SupportPlan

    try:
        return plans_visible().get(state__uf=str(uf).upper()[:2], year=int(year))
    except (SupportPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_manage_plan(user, plan) -> bool:
    return is_agenda_staff(user, plan.state_id)


def get_managed_plan(user, uf, year):
    """A plan the user may change, else 404."""
    plan = get_plan(uf, year)
    if not may_manage_plan(user, plan):
        raise Http404
    return plan


def get_managed_plan_entry(user, plan, pk):
    """An entry of `plan` the user may change, else 404."""
    from apoia.agenda.models import PlanEntry

    if not may_manage_plan(user, plan):
        raise Http404
    try:
        return plan.entries.select_related("axis", "strategy", "unit").get(pk=pk)
    except (PlanEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plan_events_visible_to(user, plan):
    """The events linked to the entries of `plan` that `user` may see listed on the plan page:
    every one for its state's staff, the public ones for anyone else."""
    qs = managed_events(user) if may_manage_plan(user, plan) else public_events()
    return qs.filter(plan_entry__plan=plan).select_related("state")
