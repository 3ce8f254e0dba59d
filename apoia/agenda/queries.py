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


# --- events ---------------------------------------------------------------------------------


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


# --- appointments (one-to-one support, art. 6º, II) -----------------------------------------
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


# --- visits (technical visits from indicators, art. 9º) -------------------------------------
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


# --- registrations, attendance and certificates ---------------------------------------------
#
# A registration's code is its capability: whoever holds it opens the registration page, cancels
# it, downloads its certificate and rates the event. Staff of the event's state see and run
# every registration of the event. The certificate check is public and shows only the name.

# Online attendance: the announced code is accepted from 15 min before the start to 30 min
# after the end.
ONLINE_CHECKIN_BEFORE_MINUTES = 15
ONLINE_CHECKIN_AFTER_MINUTES = 30


def registrable_municipalities(user, event: Event) -> list[Municipality]:
    """The municipalities in whose name `user` registers people for `event`: every one of the
    audience for the event's staff; the focal point's own in the audience; none otherwise."""
    if not user.is_authenticated:
        return []
    if may_manage_event(user, event):
        return list(audience(event).order_by("name"))
    return [m for m in focal_point_municipalities(user) if in_audience(event, m)]


def may_register_others(user, event: Event) -> bool:
    """Staff and focal points register a team; anyone else only themselves (not at all here)."""
    return bool(registrable_municipalities(user, event))


def registrations_of(user):
    """A person's registrations: those their account made and those with their e-mail."""
    from apoia.agenda.models import Registration

    if not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(Q(registered_by=user) | Q(email__iexact=user.email))


def get_registration(code):
    """The registration whose code this is (the code is the capability), else 404."""
    from apoia.agenda.codes import normalize_code
    from apoia.agenda.models import Registration

    found = (
        Registration.objects.select_related("event__state", "event__unit", "municipality")
        .filter(code=normalize_code(str(code))[:12])
        .first()
    )
    if found is None:
        raise Http404
    return found


def waiting_position(registration) -> int | None:
    """1 for the first of the waiting list; None when the registration is not waiting."""
    from apoia.agenda.models import RegistrationStatus

    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.event.registrations.filter(status=RegistrationStatus.WAITING).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def waiting_count(event: Event) -> int:
    from apoia.agenda.models import RegistrationStatus

    return event.registrations.filter(status=RegistrationStatus.WAITING).count()


def event_ended(event: Event, now) -> bool:
    return event.end <= now


def online_checkin_open(event: Event, now) -> bool:
    """Whether attendees may type the announced code now (an online or hybrid session with a
    code, from 15 minutes before its start to 30 minutes after its end)."""
    import datetime as dt

    if event.status != EventStatus.PUBLISHED or not event.shows_link or not event.attendance_code:
        return False
    opens = event.start - dt.timedelta(minutes=ONLINE_CHECKIN_BEFORE_MINUTES)
    closes = event.end + dt.timedelta(minutes=ONLINE_CHECKIN_AFTER_MINUTES)
    return opens <= now <= closes


def may_give_feedback(registration, now) -> bool:
    """An attendee rates the event once it has ended."""
    return registration.attended and event_ended(registration.event, now)


def attendance_by_municipality(event: Event) -> list[dict]:
    """Per municipality of `event`'s registrations (cancelled ones left out): its IBGE code,
    name, registered people (waiting list included) and attendees, by name."""
    from django.db.models import Count

    from apoia.agenda.models import RegistrationStatus

    rows = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .values("municipality_id", "municipality__name")
        .annotate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by("municipality__name")
    )
    return [
        {
            "ibge": row["municipality_id"],
            "name": row["municipality__name"],
            "registered": row["registered"],
            "waiting": row["waiting"],
            "attended": row["attended"],
        }
        for row in rows
    ]


def get_certificate(code):
    """The certificate of this verification code (revoked ones too), else 404."""
    from apoia.agenda.codes import normalize_code
    from apoia.agenda.models import Certificate

    found = (
        Certificate.objects.select_related("registration__event__state")
        .filter(code=normalize_code(str(code))[:20])
        .first()
    )
    if found is None:
        raise Http404
    return found


def open_for_registration(user, now, limit: int = 8) -> list[Event]:
    """The next public events whose registration is open and for which `user` may register
    someone (their "Minhas inscrições" offers them)."""
    if not user.is_authenticated:
        return []
    found = []
    upcoming = public_events().filter(start__gt=now).select_related("state").order_by("start")
    for event in upcoming[:60]:
        if registration_open(event, now) and registrable_municipalities(user, event):
            found.append(event)
            if len(found) == limit:
                break
    return found


# --- plan (the annual technical-support plan) -----------------------------------------------
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
