"""Demo data of programs: MS Ativo Municipalismo (seeds 001 and 002) with its three phases,
phase 3 running since July 2024, and 52 of the 79 MS municipalities adhered to it, each with
its protocol request accepted and one or two fictitious focal points.

Written with bulk inserts (it runs in tests and on every `make run`): the requests, their
timeline events, the applications, adhesions, focal points and their accounts are inserted in
a handful of queries, in the shape the services would have left them.
"""

import datetime as dt
import hashlib

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apoia.accounts.models import Membership, OrgUnit, Role, User
from apoia.catalog.models import Service
from apoia.programs.models import (
    Adhesion,
    AdhesionApplication,
    AdhesionStatus,
    FocalPoint,
    Phase,
    Program,
)
from apoia.programs.services.adhesion import DECLARATION_TEXT
from apoia.protocol.models import (
    EventKind,
    ProtocolSequence,
    ServiceRequest,
    Status,
    TimelineEvent,
)
from apoia.protocol.numbering import format_protocol
from apoia.protocol.services import protocol_unit_code
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import Municipality, State

SLUG = "ms-ativo-municipalismo"
ADHERED = 52
CAMPO_GRANDE = 5002704
DOMAIN = "exemplo.ms.gov.br"

DESCRIPTION = (
    "Programa de Cooperação entre o Governo do Estado e os Municípios de Mato Grosso do Sul "
    "focado na melhoria da qualidade dos serviços públicos e na competitividade empresarial "
    "dos Municípios, baseado em indicadores de fontes abertas.\n\n"
    "O programa identifica os municípios em situação crítica em cada indicador, foca os "
    "desafios prioritários no território e oferece um cardápio de ações das secretarias "
    "finalísticas, adotadas voluntariamente pelos municípios que aderem. A execução das "
    "entregas dos planos de ação é monitorada a partir das evidências dos municípios."
)

PHASES = [
    # slug, name, order, start, end, adhesion opens, adhesion closes, status
    ("fase-1", "Fase 1", 1, dt.date(2021, 8, 2), dt.date(2022, 12, 16), None, None, "closed"),
    ("fase-2", "Fase 2", 2, dt.date(2023, 3, 1), dt.date(2024, 4, 30), None, None, "closed"),
    (
        "fase-3",
        "Fase 3",
        3,
        dt.date(2024, 7, 1),
        None,
        dt.date(2024, 5, 6),
        dt.date(2024, 6, 21),
        "running",
    ),
]

FIRST_NAMES = (
    "Ana", "Bruno", "Carla", "Diego", "Elaine", "Fábio", "Gisele", "Hugo", "Isabela", "João",
    "Karina", "Leandro", "Marta", "Nelson", "Olívia", "Pedro", "Raquel", "Sérgio", "Tatiane",
    "Vinícius",
)  # fmt: skip
LAST_NAMES = (
    "Almeida", "Barbosa", "Cardoso", "Duarte", "Esteves", "Ferraz", "Gomes", "Henriques",
    "Lacerda", "Moraes", "Nogueira", "Oliveira", "Prado", "Queiroz", "Rezende", "Siqueira",
    "Teixeira", "Vasconcelos",
)  # fmt: skip
ROLES = (
    "Secretário(a) Municipal de Planejamento",
    "Secretário(a) Municipal de Administração",
    "Chefe de Gabinete do Prefeito",
    "Coordenador(a) de Projetos Estratégicos",
)

OUTCOME = "Adesão registrada e termo de adesão emitido."


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def chosen_municipalities(state: State) -> list[Municipality]:
    """52 of the state's municipalities, the same ones on every run: the capital, then those
    whose IBGE code has the smallest SHA-256 (a fixed, arbitrary order)."""
    towns = list(Municipality.objects.filter(state=state))
    towns.sort(
        key=lambda m: (m.ibge != CAMPO_GRANDE, hashlib.sha256(str(m.ibge).encode()).hexdigest())
    )
    return sorted(towns[:ADHERED], key=lambda m: m.ibge)


def ensure_program() -> Program | None:
    """MS Ativo and its phases (reference data the demo builds on); None without MS."""
    state = State.objects.filter(uf="MS").first()
    unit = OrgUnit.objects.filter(slug="ms-segem").first()
    if state is None or unit is None:
        return None
    program, _ = Program.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "MS Ativo Municipalismo",
            "goal": (
                "Melhorar a qualidade dos serviços públicos e a competitividade dos municípios "
                "de Mato Grosso do Sul, com desafios e ações orientados por indicadores."
            ),
            "description": DESCRIPTION,
            "state": state,
            "managing_unit": unit,
            "adhesion_service": Service.objects.filter(slug="adesao-ms-ativo").first(),
        },
    )
    for slug, name, order, start, end, opens, closes, status in PHASES:
        Phase.objects.get_or_create(
            program=program,
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "start": start,
                "end": end,
                "adhesion_opens": opens,
                "adhesion_closes": closes,
                "status": status,
            },
        )
    return program


def load_demo_programs() -> int:
    """52 adhesions to the program `load_reference` made; nothing when they already exist
    (or when the reference data was not loaded)."""
    with transaction.atomic():
        program = Program.objects.filter(slug=SLUG).first()
        if program is None or program.adhesions.exists() or program.adhesion_service is None:
            return 0
        return _create_adhesions(program)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _create_adhesions(program: Program) -> int:
    phase = program.phases.get(slug="fase-3")
    service = program.adhesion_service
    unit = service.responsible_unit
    towns = chosen_municipalities(program.state)

    # People: one or two focal points a town, each with an account without a password.
    people = []  # (town, name, role, email, phone)
    for index, town in enumerate(towns):
        for k in range(1 + index % 2):
            first = FIRST_NAMES[(index * 3 + k * 7) % len(FIRST_NAMES)]
            last = LAST_NAMES[(index * 5 + k * 11) % len(LAST_NAMES)]
            email = f"{_ascii(first)}.{_ascii(last)}.{town.ibge}@{DOMAIN}"
            phone = f"({town.ddd or 67}) 3{town.ibge % 1000:03d}-{1000 + k:04d}"
            people.append((town, f"{first} {last}", ROLES[(index + k) % len(ROLES)], email, phone))
    unusable = make_password(None)
    existing = set(
        User.objects.filter(email__in=[p[3] for p in people]).values_list("email", flat=True)
    )
    User.objects.bulk_create(
        User(email=p[3], full_name=p[1], phone=p[4], password=unusable)
        for p in people
        if p[3] not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=[p[3] for p in people])}
    Membership.objects.bulk_create(
        Membership(user=users[p[3]], role=Role.MUNICIPAL, municipality=p[0]) for p in people
    )

    # Requests: received during the adhesion window, accepted within the two weeks.
    unit_code = protocol_unit_code(unit)
    year = 2024
    rows = ProtocolSequence.objects.filter(unit_code=unit_code, year=year)
    if not rows.exists():
        ProtocolSequence.objects.create(unit_code=unit_code, year=year, last_value=0)
    first_sequence = rows.get().last_value + 1
    rows.update(last_value=F("last_value") + len(towns))
    by_town = {}
    for p in people:
        by_town.setdefault(p[0].ibge, []).append(p)
    requests = []
    for index, town in enumerate(towns):
        received_on = phase.adhesion_opens + dt.timedelta(days=(index * 5) % 40)
        received = _at(received_on, 9 + index % 8)
        due = compute_deadline(
            received, service.deadline_amount, service.deadline_unit, uf="MS"
        ).due
        decided = _at(received_on + dt.timedelta(days=2 + index % 9), 15)
        filer = users[by_town[town.ibge][0][3]]
        requests.append(
            ServiceRequest(
                protocol=format_protocol(unit_code, first_sequence + index, year),
                service=service,
                channel="web",
                # Accepted and concluded the same day: the adhesion and its term are the answer,
                # and the demo queue is not left with 52 requests late by design.
                status=Status.CONCLUDED,
                requester=filer,
                requester_name=filer.full_name,
                requester_email=filer.email,
                requester_phone=filer.phone,
                municipality=town,
                state=program.state,
                subject=f"Adesão à {phase.name} — {program.name}",
                description=(
                    f"Pedido de adesão de {town.name} à {phase.name} do {program.name}.\n"
                    "Pontos focais: "
                    + "; ".join(f"{p[1]} ({p[2]})" for p in by_town[town.ibge])
                    + "."
                ),
                unit=unit,
                received_at=received,
                due_date=due,
                original_due_date=due,
                decided_at=decided,
                concluded_at=decided + dt.timedelta(hours=1),
                outcome=OUTCOME,
            )
        )
    ServiceRequest.objects.bulk_create(requests)
    requests = list(
        ServiceRequest.objects.filter(protocol__in=[r.protocol for r in requests]).order_by(
            "municipality_id"
        )
    )
    events = []
    for req in requests:
        events += [
            TimelineEvent(
                request=req,
                at=req.received_at,
                kind=EventKind.SUBMITTED,
                actor=req.requester,
                actor_label="Demandante",
                text=f"Pedido recebido. Prazo de resposta: {req.due_date:%d/%m/%Y}.",
                data={"due": req.due_date.isoformat(), "channel": "web"},
            ),
            TimelineEvent(
                request=req,
                at=req.received_at,
                kind=EventKind.ROUTED,
                text=f"Encaminhado à unidade {unit.name}.",
                data={"unit": unit.pk},
            ),
            TimelineEvent(
                request=req, at=req.decided_at, kind=EventKind.ACCEPTED, text="Pedido aceito."
            ),
            TimelineEvent(request=req, at=req.concluded_at, kind=EventKind.CONCLUDED, text=OUTCOME),
        ]
    TimelineEvent.objects.bulk_create(events)
    AdhesionApplication.objects.bulk_create(
        AdhesionApplication(
            request=req,
            program=program,
            requested_phase=phase,
            phase=phase,
            focal_points=[
                {"name": p[1], "role": p[2], "email": p[3], "phone": p[4]}
                for p in by_town[req.municipality_id]
            ],
            mayor_declaration=True,
            declaration_text=str(DECLARATION_TEXT),
        )
        for req in requests
    )
    adhesions = bulk_create_with_history(
        [
            Adhesion(
                program=program,
                phase=phase,
                municipality_id=req.municipality_id,
                status=AdhesionStatus.ACTIVE,
                since=timezone.localdate(req.decided_at),
                request=req,
            )
            for req in requests
        ],
        Adhesion,
    )
    by_request = {a.request_id: a for a in Adhesion.objects.filter(program=program)}
    bulk_create_with_history(
        [
            FocalPoint(
                adhesion=by_request[req.pk],
                name=p[1],
                role=p[2],
                email=p[3],
                phone=p[4],
                user=users[p[3]],
                # The demo created their municipal role above, as an acceptance would.
                granted_role=True,
                order=k,
            )
            for req in requests
            for k, p in enumerate(by_town[req.municipality_id])
        ],
        FocalPoint,
    )
    return len(adhesions)
