"""Programs part 2: reuniões de monitoramento (issue 10). Same services and scoping as the pages.

Every endpoint needs a token (401 otherwise); a meeting out of the caller's scope answers 404.
A focal point reads the meetings its municipality was invited to, with its own agenda only."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError
from apoia.api.routers.followup import TaskOut, task_out
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.programs import queries, queries_meetings
from apoia.programs.models import Meeting
from apoia.territory.calendar import state_timezone

router = Router(tags=["reuniões de monitoramento"], auth=TokenAuth())


class MunicipalityOut(Schema):
    ibge: int
    name: str


class MeetingRowOut(Schema):
    id: int
    program: str
    phase: str
    title: str
    starts_at: dt.datetime
    modality: str
    place: str
    link: str
    status: str
    invited: list[MunicipalityOut]


class AgendaDeliveryOut(Schema):
    id: int
    plan: int
    title: str
    action: str
    due: dt.date
    status: str


class AgendaClarificationOut(Schema):
    id: int
    delivery: int
    plan: int
    title: str
    action: str
    asked_on: dt.date
    proposed_due: dt.date | None


class AgendaRowOut(Schema):
    municipality: MunicipalityOut
    plan: int | None
    late: list[AgendaDeliveryOut]
    returned: list[AgendaDeliveryOut]
    clarifications: list[AgendaClarificationOut]


class AttendanceOut(Schema):
    municipality: MunicipalityOut
    present: bool
    represented_by: str


class DecisionOut(Schema):
    id: int
    text: str
    municipality: MunicipalityOut | None
    plan: int | None
    tasks: list[TaskOut]


class MeetingOut(MeetingRowOut):
    agenda_stored: bool
    agenda: list[AgendaRowOut]
    attendance: list[AttendanceOut]
    minutes: str
    decisions: list[DecisionOut]


def _municipality(m) -> dict:
    return {"ibge": m.ibge, "name": m.name}


def _row(meeting: Meeting, only=None) -> dict:
    invited = sorted(meeting.invited.all(), key=lambda m: m.name)
    return {
        "id": meeting.pk,
        "program": meeting.phase.program.slug,
        "phase": meeting.phase.slug,
        "title": meeting.title,
        # In the state's time zone, as the meeting was scheduled.
        "starts_at": timezone.localtime(
            meeting.starts_at, state_timezone(meeting.phase.program.state.uf)
        ),
        "modality": meeting.modality,
        "place": meeting.place,
        "link": meeting.link,
        "status": meeting.status,
        "invited": [_municipality(m) for m in invited if only is None or m.pk in only],
    }


@router.get(
    "/meetings",
    response={200: list[MeetingRowOut], 401: ProblemOut, 404: ProblemOut, 422: InvalidOut},
    summary="Reuniões de monitoramento que o chamador vê",
)
def list_meetings(request, program: str = "", phase: str = ""):
    """A equipe da unidade gestora vê as reuniões dos seus programas; o ponto focal, as
    reuniões para as quais o seu município foi convidado (com só o seu município na lista de
    convidados). `program` (identificador) e `phase` (identificador da fase, com `program`)
    filtram; um programa desconhecido responde 404, uma fase desconhecida 422."""
    qs = queries_meetings.meetings_visible_to(request.auth).prefetch_related("invited")
    if phase and not program:
        raise FieldError("phase", _("Informe também o programa (program)."))
    if program:
        found = queries.get_program(program)
        qs = qs.filter(phase__program=found)
        if phase:
            chosen = found.phases.filter(slug=phase).first()
            if chosen is None:
                raise FieldError(
                    "phase", _("Este programa não tem a fase %(slug)s.") % {"slug": phase}
                )
            qs = qs.filter(phase=chosen)
    rows = []
    for meeting in qs.order_by("-starts_at", "pk"):
        rows.append(_row(meeting, queries_meetings.viewer_municipalities(request.auth, meeting)))
    return rows


@router.get(
    "/meetings/{pk}",
    response={200: MeetingOut, 401: ProblemOut, 404: ProblemOut},
    summary="Uma reunião de monitoramento, com a pauta gerada, presenças, decisões e tarefas",
)
def get_meeting(request, pk: int):
    """A pauta é gerada dos dados (entregas atrasadas e devolvidas e pedidos de prorrogação em
    análise de cada município convidado) até a reunião ser realizada; depois, é a pauta
    registrada (`agenda_stored: true`). Cada decisão traz as suas tarefas de acompanhamento.
    Responde 404 para uma reunião fora do alcance do chamador."""
    meeting = queries_meetings.get_meeting_for(request.auth, pk)
    only = queries_meetings.viewer_municipalities(request.auth, meeting)
    today = timezone.localdate()
    attendance = queries_meetings.attendance_of(meeting)
    decisions = queries_meetings.decisions_of(meeting, only)
    tasks = queries_meetings.tasks_by_decision(decisions)
    invited = sorted(meeting.invited.all(), key=lambda m: m.name)
    return {
        **_row(meeting, only),
        "agenda_stored": meeting.agenda_snapshot is not None,
        "agenda": queries_meetings.agenda(meeting, today, only=only),
        "attendance": [
            {
                "municipality": _municipality(m),
                "present": bool(attendance.get(m.pk) and attendance[m.pk].present),
                "represented_by": attendance[m.pk].represented_by if m.pk in attendance else "",
            }
            for m in invited
            if only is None or m.pk in only
        ],
        "minutes": meeting.minutes,
        "decisions": [
            {
                "id": d.pk,
                "text": d.text,
                "municipality": _municipality(d.municipality) if d.municipality else None,
                "plan": d.plan_id,
                "tasks": [task_out(t, today) for t in tasks.get(d.pk, [])],
            }
            for d in decisions
        ],
    }
