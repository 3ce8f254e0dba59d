"""Shared data of the meeting tests: the plan world (MS Ativo managed by the community unit,
Carla its coordinator, Tiago its technician) with Campo Grande, Alfa and Beta adhered.

Campo Grande's approved plan ("Gestão fiscal") has five deliveries; on 2 September 2024:
"Diagnóstico" (due 20/08/2024, pending) is late; "Oficina" (due 30/09/2024) was returned;
"Relatório final" (due 15/08/2024) is validated; "Plano de formação" (due 10/08/2024,
submitted) has an open request for more time, so it is not late; "Cronograma" (due
10/10/2024, pending) is on time. Alfa's plan has "Diagnóstico" late too; Beta has no plan.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from apoia.programs.models import (
    ActionDelivery,
    Clarification,
    Plan,
    PlanDelivery,
    PlanItem,
    PlanStatus,
)
from apoia.programs.tests.menu_helpers import ALFA, BETA, adhesion_of
from apoia.programs.tests.plan_helpers import TZ, build_world

CAMPO_GRANDE_DELIVERIES = [
    ("Diagnóstico", dt.date(2024, 8, 20), "pending"),
    ("Oficina", dt.date(2024, 9, 30), "returned"),
    ("Relatório final", dt.date(2024, 8, 15), "validated"),
    ("Plano de formação", dt.date(2024, 8, 10), "submitted"),
    ("Cronograma", dt.date(2024, 10, 10), "pending"),
]


def plan_with(adhesion, action, rows) -> Plan:
    """An approved plan of `adhesion` with `action` and one delivery per (title, due, status)."""
    plan = Plan.objects.create(
        adhesion=adhesion, status=PlanStatus.APPROVED, version=1, approved_on=dt.date(2024, 8, 1)
    )
    item = PlanItem.objects.create(plan=plan, action=action)
    for order, (title, due, status) in enumerate(rows):
        delivery, _created = ActionDelivery.objects.get_or_create(
            action=action,
            title=title,
            defaults={
                "weight": Decimal("1.00"),
                "due_offset_days": 10,
                "evidence_types": ["document"],
                "order": order + 1,
            },
        )
        PlanDelivery.objects.create(
            item=item, delivery=delivery, due=due, status=status, frozen=True
        )
    return plan


def meeting_world(state, unit, coordinator, focal_point):
    world = build_world(state, unit, coordinator)
    # build_world's action carries its own "Relatório final"; this plan uses "Gestão fiscal".
    ActionDelivery.objects.filter(action=world.fiscal).delete()
    alfa = adhesion_of(world.program, world.phase, ALFA)
    beta = adhesion_of(world.program, world.phase, BETA)
    plan = plan_with(world.adhesion, world.fiscal, CAMPO_GRANDE_DELIVERIES)
    alfa_plan = plan_with(alfa, world.fiscal, [("Diagnóstico", dt.date(2024, 8, 20), "pending")])
    Clarification.objects.create(
        delivery=plan.items.get().deliveries.get(delivery__title="Plano de formação"),
        justification="A equipe esteve em férias.",
        proposed_due=dt.date(2024, 9, 20),
        asked_by=focal_point,
        asked_at=dt.datetime(2024, 8, 9, 9, tzinfo=TZ),
    )
    return SimpleNamespace(**vars(world), plan=plan, alfa=alfa, beta=beta, alfa_plan=alfa_plan)


def delivery(plan, title) -> PlanDelivery:
    return PlanDelivery.objects.get(item__plan=plan, delivery__title=title)
