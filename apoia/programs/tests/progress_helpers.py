"""Rows for the progress, monitoring and transparency tests, written directly (statuses set
on the rows: the delivery services are tested elsewhere).

The toy state of menu_helpers (Alfa, Beta, Gama, Delta, Épsilon) plus Campo Grande; MS Ativo's
"Fase 3" running; Educação (IDHM-E) as challenge.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from apoia.programs.models import (
    Action,
    ActionDelivery,
    Challenge,
    DeliveryStatus,
    Plan,
    PlanDelivery,
    PlanItem,
    PlanStatus,
    PlanTarget,
)
from apoia.programs.tests.menu_helpers import (
    adhesion_of,
    idhm_e,
    program_and_phase,
    quantile_rule,
    toy_state,
)

CAMPO_GRANDE = 5002704


def world(state, unit):
    toy_state(state)
    program, phase = program_and_phase(state, unit)
    indicator = idhm_e()
    education = Challenge.objects.create(
        phase=phase, slug="educacao", name="Educação", rule=quantile_rule(indicator, 0.5)
    )
    education.indicators.set([indicator])
    return SimpleNamespace(
        program=program, phase=phase, unit=unit, idhm_e=indicator, education=education
    )


def action(world, title, weights, *, unit=None, challenges=()):
    """An action of the phase with one ActionDelivery per weight ("Entrega 1", …)."""
    found = Action.objects.create(
        phase=world.phase, unit=unit or world.unit, title=title, modality="online"
    )
    found.challenges.set(challenges)
    for order, weight in enumerate(weights, start=1):
        ActionDelivery.objects.create(
            action=found,
            title=f"Entrega {order}",
            weight=Decimal(weight),
            due_offset_days=10,
            evidence_types=["document"],
            order=order,
        )
    return found


def plan(
    world,
    ibge,
    actions,
    statuses=(),
    *,
    version=1,
    status=PlanStatus.APPROVED,
    due=None,
    adhesion=None,
    responsible="Renata Lima",
):
    """An approved (version 1) plan of `ibge` with every delivery of `actions`; `statuses`
    gives each delivery's status in order (pending for the rest)."""
    adhesion = adhesion or adhesion_of(world.program, world.phase, ibge)
    found = Plan.objects.create(
        adhesion=adhesion,
        status=status,
        version=version,
        approved_on=dt.date(2024, 8, 5) if version else None,
    )
    statuses = list(statuses)
    for order, act in enumerate(actions):
        item = PlanItem.objects.create(
            plan=found,
            action=act,
            order=order,
            responsible_name=responsible,
            responsible_contact="renata@exemplo.ms.gov.br",
        )
        for delivery in act.deliveries.order_by("order"):
            PlanDelivery.objects.create(
                item=item,
                delivery=delivery,
                due=due or dt.date(2024, 8, 19),
                frozen=bool(version),
                status=statuses.pop(0) if statuses else DeliveryStatus.PENDING,
            )
    return found


def target(plan, action, indicator, *, baseline, period, goal, frozen=True):
    item = plan.items.get(action=action)
    return PlanTarget.objects.create(
        item=item,
        indicator=indicator,
        baseline_value=baseline,
        baseline_period=period,
        target=goal,
        frozen=frozen,
    )
