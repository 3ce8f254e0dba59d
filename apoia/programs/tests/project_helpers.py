"""Shared data of the strategic project tests.

"Conectividade nas escolas", a project managed by ms-segem (Sílvia, its technician, reviews),
phase "Execução 2024–2025". Its goal "Conectar 200 escolas" belongs to
ms-sec-spp-comunitarios (Tiago, its technician, sends the evidence) and has two deliveries:
"Contrato assinado" (weight 1, 5 business days, a document) and "Escolas conectadas" (weight
3, 20 business days, a photo). A second goal, "Reduzir o abandono escolar", is measured by an
indicator (lower is better, target 5) and has "Plano de busca ativa" (weight 2, 10 days, a
document).

The plan is approved on Monday 7 October 2024: 5 business days later on MS's calendar skip
Friday 11 October (Criação do Estado de MS), so "Contrato assinado" is due Tuesday 15 October.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from apoia.accounts.models import Role, User
from apoia.accounts.reference import ensure_unit
from apoia.accounts.services import ensure_membership
from apoia.programs.models import Action, ActionDelivery, Phase, PhaseStatus, Program
from apoia.programs.services import projects as services
from apoia.programs.tests.plan_helpers import at

APPROVED = dt.date(2024, 10, 7)
CONTRACT_DUE = dt.date(2024, 10, 15)


def person(email, name, role, **scope):
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    ensure_membership(user, role, **scope)
    return user


def _delivery(goal, title, weight, offset, evidence, order):
    return ActionDelivery.objects.create(
        action=goal,
        title=title,
        weight=Decimal(weight),
        due_offset_days=offset,
        evidence_types=list(evidence),
        order=order,
    )


def project_world(state):
    managing = ensure_unit("ms-segem")
    responsible = ensure_unit("ms-sec-spp-comunitarios")
    program = Program.objects.create(
        slug="conectividade",
        name="Conectividade nas escolas",
        kind="project",
        state=state,
        managing_unit=managing,
    )
    phase = Phase.objects.create(
        program=program,
        slug="execucao-2024",
        name="Execução 2024–2025",
        order=1,
        start=dt.date(2024, 7, 1),
        status=PhaseStatus.RUNNING,
    )
    connect = Action.objects.create(
        phase=phase,
        unit=responsible,
        title="Conectar 200 escolas",
        modality="in_person",
        target_value=Decimal("200"),
        target_unit="escolas",
        deadline=dt.date(2025, 6, 30),
    )
    contract = _delivery(connect, "Contrato assinado", "1.00", 5, ["document"], 1)
    connected = _delivery(connect, "Escolas conectadas", "3.00", 20, ["photo"], 2)
    dropout = Action.objects.create(
        phase=phase,
        unit=responsible,
        title="Reduzir o abandono escolar",
        modality="in_person",
        target_value=Decimal("5"),
        target_unit="%",
        deadline=dt.date(2025, 12, 31),
    )
    search = _delivery(dropout, "Plano de busca ativa", "2.00", 10, ["document"], 1)
    return SimpleNamespace(
        program=program,
        phase=phase,
        managing=managing,
        responsible=responsible,
        connect=connect,
        dropout=dropout,
        contract=contract,
        connected=connected,
        search=search,
        silvia=person("silvia@apoia.test", "Sílvia Souza", Role.TECHNICIAN, org_unit=managing),
        tiago=person("tiago@apoia.test", "Tiago Teixeira", Role.TECHNICIAN, org_unit=responsible),
    )


def approved_project(state):
    """The world with its plan approved on Monday 7 October 2024 by Sílvia."""
    world = project_world(state)
    with at(APPROVED):
        world.plan = services.approve_project_plan(
            world.program, phase=world.phase, by=world.silvia
        )
    return world
