"""Who may see and do what in the agenda: the one place the views, the API and the feeds ask.

A package split by concept; callers use `from apoia.agenda import queries` and `queries.x`.

- Staff of the agenda of a state: coordinators and technicians of any unit of that state
  (the plan, events, check-in, appointments, visits); admins everywhere.
- The NEEP of a state: its members validate the themes of the state's events; admins too.
- Everyone sees published events; staff also see the drafts of their states; the NEEP sees
  what waits for it.
- Who may register for an event is its audience: the invited municipalities, or every
  municipality of its state when it names none.
"""

from apoia.agenda.queries.appointments import (
    APPOINTMENT_SERVICE,
    appointment_service,
    appointments_visible_to,
    available_slots,
    booking_municipalities,
    get_appointment_for,
    may_change_appointment,
    may_manage_slots,
    slot_units,
)
from apoia.agenda.queries.consultations import (
    consultation_municipalities,
    consultations_visible_to,
    get_consultation,
    may_manage_consultations,
)
from apoia.agenda.queries.core import (
    STAFF_ROLES,
    audience,
    events_visible_to,
    focal_point_municipalities,
    get_event_for,
    in_audience,
    is_agenda_staff,
    is_neep,
    managed_events,
    may_manage_event,
    may_validate_event,
    neep_state_ids,
    places_left,
    private_feed_events,
    public_events,
    registration_open,
    staff_state_ids,
    staff_states,
    units_of,
    validation_queue,
)
from apoia.agenda.queries.plan import (
    get_managed_plan,
    get_managed_plan_entry,
    get_plan,
    may_manage_plan,
    plan_events_visible_to,
    plans_visible,
)
from apoia.agenda.queries.registrations import (
    ONLINE_CHECKIN_AFTER_MINUTES,
    ONLINE_CHECKIN_BEFORE_MINUTES,
    attendance_by_municipality,
    event_ended,
    get_certificate,
    get_registration,
    may_give_feedback,
    may_register_others,
    online_checkin_open,
    open_for_registration,
    registrable_municipalities,
    registrations_of,
    waiting_count,
    waiting_position,
)
from apoia.agenda.queries.visits import (
    get_visit_event_for,
    get_visit_plan_for,
    get_visit_proposal_for,
    visit_plans_visible_to,
)

__all__ = [
    "APPOINTMENT_SERVICE",
    "ONLINE_CHECKIN_AFTER_MINUTES",
    "ONLINE_CHECKIN_BEFORE_MINUTES",
    "STAFF_ROLES",
    "appointment_service",
    "appointments_visible_to",
    "attendance_by_municipality",
    "audience",
    "available_slots",
    "booking_municipalities",
    "consultation_municipalities",
    "consultations_visible_to",
    "event_ended",
    "events_visible_to",
    "focal_point_municipalities",
    "get_appointment_for",
    "get_certificate",
    "get_consultation",
    "get_event_for",
    "get_managed_plan",
    "get_managed_plan_entry",
    "get_plan",
    "get_registration",
    "get_visit_event_for",
    "get_visit_plan_for",
    "get_visit_proposal_for",
    "in_audience",
    "is_agenda_staff",
    "is_neep",
    "managed_events",
    "may_change_appointment",
    "may_give_feedback",
    "may_manage_consultations",
    "may_manage_event",
    "may_manage_plan",
    "may_manage_slots",
    "may_register_others",
    "may_validate_event",
    "neep_state_ids",
    "online_checkin_open",
    "open_for_registration",
    "places_left",
    "plan_events_visible_to",
    "plans_visible",
    "private_feed_events",
    "public_events",
    "registrable_municipalities",
    "registration_open",
    "registrations_of",
    "slot_units",
    "staff_state_ids",
    "staff_states",
    "units_of",
    "validation_queue",
    "visit_plans_visible_to",
    "waiting_count",
    "waiting_position",
]
