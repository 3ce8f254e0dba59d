"""Monitoring meetings of a program phase (issue 10, item 7): scheduling one for some adhered
municipalities, attendance, minutes, decisions that become follow-up tasks, and holding it
(which stores the generated agenda as it stood).

Only the program's managing staff (queries_meetings.may_run) act; a cancelled meeting takes
nothing more, and a held one is held only once (the row is locked: two people marking it held
at once store one agenda).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit, User
from apoia.followup import services as followup
from apoia.programs import queries_meetings
from apoia.programs.models import (
    Adhesion,
    AdhesionStatus,
    Meeting,
    MeetingAttendance,
    MeetingDecision,
    MeetingStatus,
    Modality,
    Phase,
    Plan,
    Program,
)
from apoia.territory.models import Municipality

TITLE_MAX = 200
PLACE_MAX = 300
LINK_MAX = 500
TEXT_MAX = 4000
MINUTES_MAX = 20000
REPRESENTED_MAX = 300


class MeetingTransitionError(Exception):
    """The meeting's status does not allow this now (409 in the API, a message on the web)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class TaskData:
    """The follow-up task a decision becomes: an owner (a person or a unit) and a due date in
    business days (or a date)."""

    title: str
    owner_user: User | None = None
    owner_unit: OrgUnit | None = None
    due_in_business_days: int | None = None
    due: dt.date | None = None
    description: str = ""


def _require_runner(user, program: Program) -> None:
    if not queries_meetings.may_run(user, program):
        raise PermissionDenied(
            _("Só a equipe da unidade gestora do programa organiza as reuniões de monitoramento.")
        )


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingTransitionError(_("Esta reunião foi cancelada."))


def _check_place(modality: str, place: str, link: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if modality not in Modality.values:
        errors["modality"] = [
            _("Modalidade inválida; use uma de: %(values)s.")
            % {"values": ", ".join(Modality.values)}
        ]
        return errors
    if modality in (Modality.IN_PERSON, Modality.HYBRID) and not place.strip():
        errors["place"] = [_("Informe o local da reunião presencial.")]
    if modality in (Modality.ONLINE, Modality.HYBRID) and not link.strip():
        errors["link"] = [_("Informe o link da reunião online.")]
    if len(place) > PLACE_MAX:
        errors["place"] = [_("Use no máximo %(count)d caracteres.") % {"count": PLACE_MAX}]
    if len(link) > LINK_MAX:
        errors["link"] = [_("Use no máximo %(count)d caracteres.") % {"count": LINK_MAX}]
    elif link and not link.startswith(("https://", "http://")):
        errors["link"] = [_("Informe um endereço que comece com https://.")]
    return errors


def _invited(phase: Phase, invited, all_adhered: bool) -> tuple[list[Municipality], list[str]]:
    adhered = {m.pk: m for m in queries_meetings.adhered_municipalities(phase)}
    if all_adhered:
        return list(adhered.values()), []
    ids = [m.pk if isinstance(m, Municipality) else int(m) for m in invited or ()]
    outside = [str(i) for i in ids if i not in adhered]
    if outside:
        return [], [
            _("Só municípios aderidos à %(phase)s podem ser convidados: %(ids)s.")
            % {"phase": phase.name, "ids": ", ".join(outside)}
        ]
    if not ids:
        return [], [_("Convide ao menos um município aderido.")]
    return [adhered[i] for i in dict.fromkeys(ids)], []


@transaction.atomic
def create_meeting(
    *,
    program: Program,
    phase: Phase,
    title: str,
    starts_at: dt.datetime,
    modality: str,
    by,
    place: str = "",
    link: str = "",
    invited=(),
    all_adhered: bool = False,
) -> Meeting:
    """Schedule a meeting; `all_adhered` invites every municipality adhered to the phase."""
    _require_runner(by, program)
    errors: dict[str, list[str]] = {}
    if phase.program_id != program.pk:
        errors["phase"] = [_("Esta fase não é deste programa.")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Informe o título da reunião.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Use no máximo %(count)d caracteres.") % {"count": TITLE_MAX}]
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = [_("Informe a data e a hora da reunião.")]
    place, link = (place or "").strip(), (link or "").strip()
    errors.update(_check_place(modality, place, link))
    municipalities, invite_errors = (
        ([], []) if "phase" in errors else _invited(phase, invited, all_adhered)
    )
    if invite_errors:
        errors["invited"] = invite_errors
    if errors:
        raise ValidationError(errors)
    # A hybrid meeting shows both; the others keep only what their modality uses.
    meeting = Meeting.objects.create(
        phase=phase,
        title=title,
        starts_at=starts_at,
        modality=modality,
        place=place if modality != Modality.ONLINE else "",
        link=link if modality != Modality.IN_PERSON else "",
        created_by=by,
    )
    meeting.invited.set(municipalities)
    return meeting


def _locked(meeting: Meeting, by) -> Meeting:
    _require_runner(by, meeting.phase.program)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_not_cancelled(locked)
    return locked


@transaction.atomic
def record_attendance(meeting: Meeting, *, rows: dict, by) -> list[MeetingAttendance]:
    """rows: {municipality id: (present, represented by)} for invited municipalities."""
    meeting = _locked(meeting, by)
    invited = set(meeting.invited.values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    for ibge, (_present, represented_by) in rows.items():
        if ibge not in invited:
            errors[f"attendance.{ibge}"] = [_("Este município não foi convidado para a reunião.")]
        elif len(represented_by or "") > REPRESENTED_MAX:
            errors[f"attendance.{ibge}.represented_by"] = [
                _("Use no máximo %(count)d caracteres.") % {"count": REPRESENTED_MAX}
            ]
    if errors:
        raise ValidationError(errors)
    saved = []
    for ibge, (present, represented_by) in rows.items():
        row, _created = MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            municipality_id=ibge,
            defaults={
                "present": bool(present),
                "represented_by": (represented_by or "").strip() if present else "",
            },
        )
        saved.append(row)
    return saved


@transaction.atomic
def save_minutes(meeting: Meeting, *, minutes: str, by) -> Meeting:
    if len(minutes or "") > MINUTES_MAX:
        raise ValidationError(
            {"minutes": _("Use no máximo %(count)d caracteres.") % {"count": MINUTES_MAX}}
        )
    meeting = _locked(meeting, by)
    meeting.minutes = (minutes or "").strip()
    meeting.save(update_fields=["minutes"])
    return meeting


def _plan_of(meeting: Meeting, municipality: Municipality) -> Plan | None:
    adhesion = Adhesion.objects.filter(
        phase_id=meeting.phase_id, municipality=municipality, status=AdhesionStatus.ACTIVE
    ).first()
    return Plan.objects.filter(adhesion=adhesion).first() if adhesion else None


@transaction.atomic
def add_decision(
    meeting: Meeting,
    *,
    text: str,
    by,
    municipality: Municipality | None = None,
    task: TaskData | None = None,
    today: dt.date | None = None,
) -> MeetingDecision:
    """Record a decision of the minutes; with `task`, it becomes a follow-up task in the same
    transaction (a refused task records no decision either)."""
    meeting = _locked(meeting, by)
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Escreva a decisão.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("Use no máximo %(count)d caracteres.") % {"count": TEXT_MAX}]
    if municipality is not None and not meeting.invited.filter(pk=municipality.pk).exists():
        errors["municipality"] = [_("Este município não foi convidado para a reunião.")]
    if task is not None:
        task_errors = followup.check_task(
            title=task.title,
            description=task.description,
            owner_user=task.owner_user,
            owner_unit=task.owner_unit,
            due=task.due,
            due_in_business_days=task.due_in_business_days,
            today=today or timezone.localdate(),
        )
        errors.update({f"task.{field}": messages for field, messages in task_errors.items()})
    if errors:
        raise ValidationError(errors)
    decision = MeetingDecision.objects.create(
        meeting=meeting,
        text=text,
        municipality=municipality,
        plan=_plan_of(meeting, municipality) if municipality is not None else None,
    )
    if task is not None:
        followup.create_task(
            title=task.title,
            description=task.description or text,
            owner_user=task.owner_user,
            owner_unit=task.owner_unit,
            due=task.due,
            due_in_business_days=task.due_in_business_days,
            municipality=municipality,
            source=decision,
            by=by,
            today=today,
        )
    return decision


@transaction.atomic
def hold_meeting(meeting: Meeting, *, by, today: dt.date | None = None) -> Meeting:
    """Mark the meeting held and store its agenda as it stands now; it no longer changes."""
    meeting = _locked(meeting, by)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingTransitionError(_("Esta reunião já foi registrada como realizada."))
    meeting.agenda_snapshot = queries_meetings.live_agenda(meeting, today)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["agenda_snapshot", "status"])
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by) -> Meeting:
    meeting = _locked(meeting, by)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingTransitionError(_("Só uma reunião agendada pode ser cancelada."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    return meeting
