"""One-to-one support appointments (art. 6º, II): slots, bookings, who sees and changes them."""

from django.db.models import Q
from django.http import Http404

from apoia.agenda.queries.core import STAFF_ROLES, focal_point_municipalities
from apoia.territory.models import Municipality

#
# A unit's technicians and coordinators publish its slots and see its bookings (admins: every
# unit). A municipality's focal points book the slots of the service's state and see their
# municipality's appointments. An appointment anyone else asks for answers 404.

APPOINTMENT_SERVICE = "apoio-tecnico-individualizado-suas"


def slot_units(user):
    """The units whose slots the user publishes (OrgUnit queryset): those where they are a
    technician or coordinator; every unit with themes for an admin."""
    from apoia.accounts.models import OrgUnit

    if not user.is_authenticated:
        return OrgUnit.objects.none()
    if user.is_admin:
        return OrgUnit.objects.filter(themes__isnull=False).distinct()
    ids = {
        m.org_unit_id for m in user.active_memberships if m.role in STAFF_ROLES and m.org_unit_id
    }
    return OrgUnit.objects.filter(pk__in=ids)


def may_manage_slots(user, unit) -> bool:
    return slot_units(user).filter(pk=unit.pk).exists()


def appointment_service():
    from apoia.catalog.models import Service

    return Service.objects.filter(slug=APPOINTMENT_SERVICE).select_related("state").first()


def booking_municipalities(user, service=None) -> list[Municipality]:
    """The municipalities in whose name the user books: those they are the focal point of, in
    the service's state (the service is Mato Grosso's)."""
    service = service or appointment_service()
    if service is None:
        return []
    return [m for m in focal_point_municipalities(user) if m.state_id == service.state_id]


def available_slots(now):
    """Future slots, not withdrawn, without a live booking."""
    from apoia.agenda.models import AppointmentStatus, Slot

    live = Q(appointments__status__in=[AppointmentStatus.BOOKED, AppointmentStatus.DONE])
    return (
        Slot.objects.filter(withdrawn_at__isnull=True, start__gt=now)
        .exclude(live)
        .select_related("unit__state", "theme", "technician")
    )


def appointments_visible_to(user):
    """The appointments of the user's municipalities and of the units whose slots they run."""
    from apoia.agenda.models import Appointment

    qs = Appointment.objects.select_related(
        "slot__unit__state", "slot__theme", "slot__technician", "municipality", "request"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin:
        return qs
    municipalities = [m.pk for m in focal_point_municipalities(user)]
    return qs.filter(Q(municipality_id__in=municipalities) | Q(slot__unit__in=slot_units(user)))


def get_appointment_for(user, pk):
    from apoia.agenda.models import Appointment

    try:
        return appointments_visible_to(user).get(pk=pk)
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_change_appointment(user, appointment) -> bool:
    """Either side cancels or reschedules: the municipality's focal points, the unit's staff."""
    if not user.is_authenticated:
        return False
    if user.is_admin or may_manage_slots(user, appointment.slot.unit):
        return True
    return appointment.municipality_id in {m.pk for m in focal_point_municipalities(user)}
