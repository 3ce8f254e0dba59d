from apoia.agenda.models.appointments import Appointment, AppointmentStatus, Slot
from apoia.agenda.models.common import Modality
from apoia.agenda.models.consultations import (
    Consultation,
    ConsultationStatus,
    ThemeProposal,
    ThemeVote,
)
from apoia.agenda.models.events import (
    TYPES_WITHOUT_VALIDATION,
    Event,
    EventStatus,
    EventType,
    EventValidation,
    Series,
    ValidationAction,
)
from apoia.agenda.models.plan import (
    Axis,
    EntryStatus,
    PlanEntry,
    Presence,
    Strategy,
    SupportPlan,
)
from apoia.agenda.models.registrations import (
    CalendarFeed,
    Certificate,
    CheckinMethod,
    Feedback,
    Registration,
    RegistrationStatus,
)
from apoia.agenda.models.visits import (
    ProposalStatus,
    VisitFinding,
    VisitPlan,
    VisitProposal,
    VisitRecommendation,
    VisitReport,
)

__all__ = [
    "TYPES_WITHOUT_VALIDATION",
    "Appointment",
    "AppointmentStatus",
    "Axis",
    "CalendarFeed",
    "Certificate",
    "CheckinMethod",
    "Consultation",
    "ConsultationStatus",
    "EntryStatus",
    "Event",
    "EventStatus",
    "EventType",
    "EventValidation",
    "Feedback",
    "Modality",
    "PlanEntry",
    "Presence",
    "ProposalStatus",
    "Registration",
    "RegistrationStatus",
    "Series",
    "Slot",
    "Strategy",
    "SupportPlan",
    "ThemeProposal",
    "ThemeVote",
    "ValidationAction",
    "VisitFinding",
    "VisitPlan",
    "VisitProposal",
    "VisitRecommendation",
    "VisitReport",
]
