"""Who may see and do what in the agenda: the one place the views, the API and the feeds ask.

- Staff of the agenda of a state: coordinators and technicians of any unit of that state
  (the plan, events, check-in, appointments, visits); admins everywhere.
- The NEEP of a state: its members validate the themes of the state's events; admins too.
- Everyone sees published events; staff also see the drafts of their states; the NEEP sees
  what waits for it.
- Who may register for an event is its audience: the invited municipalities, or every
  municipality of its state when it names none.
"""

from django.db.models import Q
from django.http import Http404

from apoia.accounts.models import Role
from apoia.agenda.models import Event, EventStatus
from apoia.territory.models import Municipality

STAFF_ROLES = (Role.COORDINATOR, Role.TECHNICIAN)


def staff_state_ids(user) -> set[int] | None:
    """States whose agenda the user runs; None means every state (an admin)."""
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    return {
        m.org_unit.state_id
        for m in user.active_memberships
        if m.role in STAFF_ROLES and m.org_unit_id
    }


def neep_state_ids(user) -> set[int] | None:
    """States whose event themes the user validates; None means every state (an admin)."""
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    return {m.org_unit.state_id for m in user.active_memberships if m.role == Role.NEEP}


def _in(state_ids: set[int] | None, state_id: int) -> bool:
    return state_ids is None or state_id in state_ids


def is_agenda_staff(user, state_id: int | None = None) -> bool:
    ids = staff_state_ids(user)
    if state_id is None:
        return ids is None or bool(ids)
    return _in(ids, state_id)


def is_neep(user, state_id: int | None = None) -> bool:
    if not user.is_authenticated or not user.has_role(Role.NEEP, Role.ADMIN):
        return False
    ids = neep_state_ids(user)
    return ids is None or (bool(ids) if state_id is None else state_id in ids)


def may_manage_event(user, event: Event) -> bool:
    return is_agenda_staff(user, event.state_id)


def may_validate_event(user, event: Event) -> bool:
    return is_neep(user, event.state_id)


def public_events():
    """What the public agenda, its feeds and the public API list: published events, and the
    cancelled ones that had been published (shown as cancelled)."""
    return Event.objects.filter(
        Q(status=EventStatus.PUBLISHED)
        | Q(status=EventStatus.CANCELLED, published_at__isnull=False)
    )


def events_visible_to(user):
    """Every event the user may open: public ones, and those their roles work on."""
    q = Q(status=EventStatus.PUBLISHED) | Q(
        status=EventStatus.CANCELLED, published_at__isnull=False
    )
    staff = staff_state_ids(user)
    if staff is None:
        return Event.objects.all()
    if staff:
        q |= Q(state_id__in=staff)
    neep = neep_state_ids(user)
    if neep:
        q |= Q(status=EventStatus.IN_VALIDATION, state_id__in=neep)
    return Event.objects.filter(q)


def managed_events(user):
    ids = staff_state_ids(user)
    qs = Event.objects.all()
    return qs if ids is None else qs.filter(state_id__in=ids)


def get_event_for(user, pk) -> Event:
    try:
        return events_visible_to(user).select_related("state", "unit", "axis").get(pk=pk)
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def audience(event: Event):
    """The municipalities whose people may register for `event`."""
    invited = event.audience_municipalities.all()
    if invited.exists():
        return invited
    return Municipality.objects.filter(state_id=event.state_id)


def in_audience(event: Event, municipality: Municipality) -> bool:
    if event.audience_municipalities.exists():
        return event.audience_municipalities.filter(pk=municipality.pk).exists()
    return municipality.state_id == event.state_id


def focal_point_municipalities(user) -> list[Municipality]:
    if not user.is_authenticated:
        return []
    return [m.municipality for m in user.active_memberships if m.role == Role.MUNICIPAL]


# --- consultations ("escuta") -------------------------------------------------------------


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
