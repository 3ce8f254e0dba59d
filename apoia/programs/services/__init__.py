"""Every state change of programs, one module per concept. Callers import this package."""

from apoia.programs.services.adhesion import (
    DECLARATION_TEXT,
    FocalPointData,
    accept_adhesion_request,
    program_for_service,
    renew_adhesion,
    request_adhesion,
    requestable_municipalities,
    target_phase,
    update_phase,
    withdraw_adhesion,
)
from apoia.programs.services.program import update_program

__all__ = [
    "DECLARATION_TEXT",
    "FocalPointData",
    "accept_adhesion_request",
    "program_for_service",
    "renew_adhesion",
    "request_adhesion",
    "requestable_municipalities",
    "target_phase",
    "update_phase",
    "update_program",
    "withdraw_adhesion",
]
