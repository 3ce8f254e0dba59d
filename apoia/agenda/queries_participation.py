"""Who took part in hearings and forums: the organizations the staff recorded and those whose
people's attendance was checked in (a registration naming the organization)."""

from django.db.models import Q

from apoia.accounts.models import Organization
from apoia.agenda import queries
from apoia.agenda.models import Event


def participating_organizations(event: Event):
    return (
        Organization.objects.filter(
            Q(agenda_events=event)
            | Q(
                agenda_registrations__event=event, agenda_registrations__checked_in_at__isnull=False
            )
        )
        .select_related("municipality")
        .distinct()
        .order_by("name")
    )


def events_of_organization(organization: Organization):
    """The public events the organization took part in, latest first."""
    return (
        queries.public_events()
        .filter(
            Q(participating_organizations=organization)
            | Q(
                registrations__organization=organization,
                registrations__checked_in_at__isnull=False,
            )
        )
        .select_related("state")
        .distinct()
        .order_by("-start")
    )


def organizations_for_state(state_id: int):
    return Organization.objects.filter(municipality__state_id=state_id).order_by("name")
