"""Every state change of a request: one function per transition, each writing a timeline event
and scheduling its notifications after commit. The actor is always keyword-only.

Split by concept: `submission` (filing), `handling` (the state's verbs), `requester` (the
requester's verbs), `deadlines` (due dates watched) and `timeline` (events and their files).
Callers use this package: `services.submit_request(...)`, `services.decide(...)`.
"""

from apoia.protocol.rules import REOPEN_WINDOW_DAYS, NotPermitted, TransitionError
from apoia.protocol.services.deadlines import (
    calendar_for,
    deadline_state,
    due_soon_limit,
    restore_due_dates_for_removed_closure,
    send_reminders,
    shift_due_dates_for_closure,
)
from apoia.protocol.services.handling import (
    assign,
    conclude,
    decide,
    extend_deadline,
    post_message,
    record_contact,
    reroute,
    resume,
    wait_for_requester,
)
from apoia.protocol.services.requester import appeal, rate, reopen, requester_reply
from apoia.protocol.services.submission import (
    OrganizationData,
    RequesterData,
    allocate_sequence,
    protocol_unit_code,
    submit_request,
    validate_submission,
)
from apoia.protocol.services.timeline import record_from_app

__all__ = [
    "REOPEN_WINDOW_DAYS",
    "NotPermitted",
    "OrganizationData",
    "RequesterData",
    "TransitionError",
    "allocate_sequence",
    "appeal",
    "assign",
    "calendar_for",
    "conclude",
    "deadline_state",
    "decide",
    "due_soon_limit",
    "extend_deadline",
    "post_message",
    "protocol_unit_code",
    "rate",
    "record_contact",
    "record_from_app",
    "reopen",
    "requester_reply",
    "reroute",
    "restore_due_dates_for_removed_closure",
    "resume",
    "send_reminders",
    "shift_due_dates_for_closure",
    "submit_request",
    "validate_submission",
    "wait_for_requester",
]
