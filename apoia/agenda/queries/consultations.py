"""Theme consultations ("escuta"): who proposes, votes and closes."""

from django.http import Http404

from apoia.agenda.queries.core import focal_point_municipalities, is_agenda_staff
from apoia.territory.models import Municipality


def may_manage_consultations(user, series) -> bool:
    return is_agenda_staff(user, series.state_id)


def consultation_municipalities(user, consultation) -> list[Municipality]:
    """The municipalities in whose name the user proposes and votes: those they are the focal
    point of, in the series' state."""
    state_id = consultation.series.state_id
    return [m for m in focal_point_municipalities(user) if m.state_id == state_id]


def consultations_visible_to(user):
    """Consultations are public: the themes and the municipalities that proposed them are
    what the state publishes about how it listened."""
    from apoia.agenda.models import Consultation

    return Consultation.objects.select_related("series", "series__state")


def get_consultation(pk):
    from apoia.agenda.models import Consultation

    try:
        return consultations_visible_to(None).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
