"""Demo monitoring meetings with attendance, minutes, decisions and follow-up tasks.

On the demo program's phase 3: a meeting held four weeks ago with Campo Grande (the demo focal
point's municipality) and the adhered municipalities whose agenda has the most items, with its
agenda stored, attendance, minutes and three decisions turned into tasks (one done, one open
for a unit, one late for a technician); and one scheduled for next week with every adhered
municipality, whose agenda is computed live. The agendas come from the deliveries demo when it
ran (and are empty otherwise). Nothing happens once the program has meetings.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import Membership, OrgUnit, Role, User
from apoia.followup import services as followup
from apoia.programs import queries_meetings
from apoia.programs.demo import CAMPO_GRANDE, SLUG
from apoia.programs.models import Meeting, Modality, Program
from apoia.programs.services import meetings as services
from apoia.territory.calendar import state_timezone

HELD_INVITED = 8


def _organizer(program) -> User | None:
    member = (
        Membership.objects.filter(
            role__in=[Role.COORDINATOR, Role.TECHNICIAN],
            org_unit_id__in=program.managing_unit.descendant_ids(),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if member:
        return member.user
    return User.objects.filter(memberships__role=Role.ADMIN, is_active=True).order_by("pk").first()


def _technician() -> User | None:
    member = (
        Membership.objects.filter(role=Role.TECHNICIAN, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def load_demo_meetings() -> str:
    program = Program.objects.filter(slug=SLUG).select_related("managing_unit", "state").first()
    phase = program.phases.filter(slug="fase-3").first() if program else None
    if phase is None:
        return "programs: sem programa, nenhuma reunião de demonstração"
    if Meeting.objects.filter(phase__program=program).exists():
        return "programs: reuniões ok"
    adhered = list(queries_meetings.adhered_municipalities(phase))
    organizer = _organizer(program)
    if not adhered or organizer is None:
        return "programs: sem adesões, nenhuma reunião de demonstração"
    with transaction.atomic():
        held = _held_meeting(program, phase, adhered, organizer)
        _next_meeting(program, phase, organizer)
    return f"programs: 2 reuniões de demonstração ({held} decisões)"


def _at(day: dt.date, hour: int, program) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=state_timezone(program.state.uf))


def _busiest(phase, adhered) -> list:
    """Campo Grande first, then the municipalities with the most agenda items."""
    rows = queries_meetings.agenda_for(phase, adhered)
    size = {
        row["municipality"]["ibge"]: len(row["late"])
        + len(row["returned"])
        + len(row["clarifications"])
        for row in rows
    }
    ranked = sorted(adhered, key=lambda m: (m.pk != CAMPO_GRANDE, -size.get(m.pk, 0), m.name))
    return ranked[:HELD_INVITED]


def _held_meeting(program, phase, adhered, organizer) -> int:
    today = timezone.localdate()
    day = today - dt.timedelta(days=28)
    invited = _busiest(phase, adhered)
    meeting = services.create_meeting(
        program=program,
        phase=phase,
        title="Reunião mensal de monitoramento dos planos de ação",
        starts_at=_at(day, 14, program),
        modality=Modality.HYBRID,
        place="Sala de reuniões da SEGEM, Parque dos Poderes, Campo Grande",
        link="https://reuniao.ms.gov.br/ms-ativo-monitoramento",
        invited=invited,
        by=organizer,
    )
    services.record_attendance(
        meeting,
        rows={
            m.pk: (index % 4 != 3, f"Equipe municipal de {m.name}" if index % 4 != 3 else "")
            for index, m in enumerate(invited)
        },
        by=organizer,
    )
    services.save_minutes(
        meeting,
        minutes=(
            "Abertura pela coordenação do programa. Cada município presente relatou a situação "
            "das entregas atrasadas e devolvidas da pauta; a equipe estadual explicou os motivos "
            "das devoluções e os documentos que faltam. Encaminhamentos registrados abaixo."
        ),
        by=organizer,
    )
    units = {u.slug: u for u in OrgUnit.objects.filter(slug__in=["ms-sec-spp-comunitarios"])}
    technician = _technician()
    first = invited[0]
    decisions = [
        (
            "A equipe estadual fará uma visita técnica para apoiar o reenvio das evidências "
            "devolvidas.",
            first,
            services.TaskData(
                title=f"Agendar a visita técnica a {first.name}",
                owner_unit=program.managing_unit,
                due_in_business_days=5,
            ),
            "done",
        ),
        (
            "Os municípios com entregas atrasadas recebem orientação por escrito sobre as "
            "evidências exigidas.",
            None,
            services.TaskData(
                title="Enviar a orientação sobre as evidências exigidas",
                owner_unit=units.get("ms-sec-spp-comunitarios") or program.managing_unit,
                due_in_business_days=30,
            ),
            "open",
        ),
    ]
    if technician is not None and len(invited) > 1:
        second = invited[1]
        decisions.append(
            (
                f"{second.name} reenvia a lista de presença assinada da oficina.",
                second,
                services.TaskData(
                    title=f"Conferir a lista de presença reenviada por {second.name}",
                    owner_user=technician,
                    due_in_business_days=10,
                ),
                "late",
            )
        )
    for text, municipality, task, outcome in decisions:
        decision = services.add_decision(
            meeting, text=text, municipality=municipality, task=task, by=organizer, today=day
        )
        if outcome == "done":
            created = followup_task(decision)
            followup.complete_task(
                created, by=organizer, note="Visita marcada com a secretaria municipal."
            )
    services.hold_meeting(meeting, by=organizer)
    return len(decisions)


def followup_task(decision):
    from apoia.followup.queries import tasks_for

    return tasks_for([decision]).get()


def _next_meeting(program, phase, organizer) -> None:
    day = timezone.localdate() + dt.timedelta(days=7)
    services.create_meeting(
        program=program,
        phase=phase,
        title="Reunião mensal de monitoramento — próximo ciclo",
        starts_at=_at(day, 9, program),
        modality=Modality.ONLINE,
        link="https://reuniao.ms.gov.br/ms-ativo-proximo-ciclo",
        all_adhered=True,
        by=organizer,
    )
