"""Public participation (issue 12, item 6): hearings ("audiências públicas") and forums are
agenda events like any other (registrations, attendance, certificates); after them the staff
record their minutes and the civil-society organizations that took part, which the event's
page and each organization's page then show."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import Organization
from apoia.agenda import queries
from apoia.agenda.models import Event, EventStatus, EventType

PARTICIPATION_TYPES = frozenset({EventType.AUDIENCIA_PUBLICA, EventType.FORUM})


def records_participation(event: Event) -> bool:
    return event.type in PARTICIPATION_TYPES


def may_record_participation(user, event: Event, *, now=None) -> bool:
    """The event's staff, once a hearing or forum has started and unless it was cancelled."""
    now = now or timezone.now()
    return (
        records_participation(event)
        and event.status == EventStatus.PUBLISHED
        and event.start <= now
        and queries.may_manage_event(user, event)
    )


def record_participation(
    event: Event, *, by, minutes: str, organizations: list[Organization], now=None
) -> Event:
    """Save the minutes and the organizations that took part (replacing the previous list)."""
    now = now or timezone.now()
    if not queries.may_manage_event(by, event):
        raise PermissionDenied
    if not records_participation(event):
        raise ValidationError(
            {"minutes": _("Só audiências públicas e fóruns registram ata e participantes.")}
        )
    if event.status != EventStatus.PUBLISHED or event.start > now:
        raise ValidationError(
            {"minutes": _("A ata e os participantes são registrados depois que o evento começa.")}
        )
    outside = [o for o in organizations if o.municipality.state_id != event.state_id]
    if outside:
        raise ValidationError(
            {
                "organizations": _("%(name)s não é de um município de %(state)s.")
                % {"name": outside[0].name, "state": event.state.name}
            }
        )
    with transaction.atomic():
        event.minutes = minutes.strip()
        event.save(update_fields=["minutes"])
        event.participating_organizations.set(organizations)
    return event
