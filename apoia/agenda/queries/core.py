"""The core rules of the agenda: who runs a state's agenda, who is its NEEP, which events
anyone may open, an event's audience and places (see the package docstring)."""

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


def places_left(event: Event) -> int | None:
    """Free places of `event` (None: no limit). Waiting and cancelled registrations take none."""
    if event.capacity is None:
        return None
    from apoia.agenda.models import RegistrationStatus

    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return max(event.capacity - taken, 0)


def registration_open(event: Event, now) -> bool:
    """Whether people may still register (or join the waiting list): a published event that
    has not started and whose registration has not closed."""
    if event.status != EventStatus.PUBLISHED or event.start <= now:
        return False
    return event.registration_closes is None or now < event.registration_closes


def validation_queue(user):
    """Events waiting for the NEEP of the user's states (every state for an admin)."""
    ids = neep_state_ids(user)
    if not is_neep(user):
        return Event.objects.none()
    qs = Event.objects.filter(status=EventStatus.IN_VALIDATION)
    return qs if ids is None else qs.filter(state_id__in=ids)


def staff_states(user):
    """The states whose agenda the user runs, as a queryset."""
    from apoia.territory.models import State

    ids = staff_state_ids(user)
    return State.objects.all() if ids is None else State.objects.filter(pk__in=ids)


def units_of(user) -> set[int]:
    """The units the user works in (any role with a unit)."""
    if not user.is_authenticated:
        return set()
    return {m.org_unit_id for m in user.active_memberships if m.org_unit_id}


def private_feed_events(user):
    """The events of a person's private calendar: those they registered for (by their account
    or their e-mail), not cancelled, and those of the units they work in; public ones only."""
    from apoia.agenda.models import Registration, RegistrationStatus

    registered = (
        Registration.objects.filter(Q(registered_by=user) | Q(email__iexact=user.email))
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("event_id")
    )
    return public_events().filter(Q(pk__in=registered) | Q(unit_id__in=units_of(user)))
