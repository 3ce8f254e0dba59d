"""The programs app's models, one module per concept; import them from here."""

from apoia.programs.models.challenges import *  # noqa: F403  (Challenge, FocalSnapshot…)
from apoia.programs.models.deliveries import *  # noqa: F403  (Evidence, DeliveryReview…)
from apoia.programs.models.meetings import *  # noqa: F403  (Meeting, MeetingDecision…)
from apoia.programs.models.menu import *  # noqa: F403  (Action, ActionDelivery…)
from apoia.programs.models.plans import *  # noqa: F403  (Plan, PlanItem, PlanVersion…)
from apoia.programs.models.program import (
    Adhesion,
    AdhesionApplication,
    AdhesionStatus,
    FocalPoint,
    Phase,
    PhaseStatus,
    Program,
    ProgramKind,
)

__all__ = [
    "Adhesion",
    "AdhesionApplication",
    "AdhesionStatus",
    "FocalPoint",
    "Phase",
    "PhaseStatus",
    "Program",
    "ProgramKind",
]
