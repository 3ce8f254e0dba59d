"""Technical visits from indicators (art. 9º): the staff's proposals and reports."""

from django.http import Http404

from apoia.agenda.models import Event
from apoia.agenda.queries.core import managed_events, staff_state_ids

#
# The proposals, their trips and the reports are the staff's working papers: the agenda staff
# of the state (admins: every state) see and decide them; anyone else gets 404. The visit
# itself is a published event like any other.


def visit_plans_visible_to(user):
    from apoia.agenda.models import VisitPlan

    ids = staff_state_ids(user)
    qs = VisitPlan.objects.select_related("state", "ranking", "created_by")
    return qs if ids is None else qs.filter(state_id__in=ids)


def get_visit_plan_for(user, pk):
    from apoia.agenda.models import VisitPlan

    try:
        return visit_plans_visible_to(user).get(pk=pk)
    except (VisitPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visit_proposal_for(user, pk):
    from apoia.agenda.models import VisitProposal

    try:
        return VisitProposal.objects.select_related("plan__state", "municipality", "event").get(
            pk=pk, plan__in=visit_plans_visible_to(user)
        )
    except (VisitProposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visit_event_for(user, pk) -> Event:
    """A technical visit the user may write the report of (404 otherwise)."""
    from apoia.agenda.models import EventType

    try:
        return (
            managed_events(user)
            .select_related("state", "unit")
            .get(pk=pk, type=EventType.VISITA_TECNICA)
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
