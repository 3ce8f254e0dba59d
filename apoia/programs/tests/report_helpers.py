"""The hand-built case of the management report tests (toy MS of progress_helpers).

MS Ativo's "Fase 3" is managed by the community unit; "Formação" (weights 1, 2, 5) is the
community unit's action, "Gestão fiscal" (weight 2) ms-segem's. Seen on Monday 2 September
2024, reporting on August 2024 (lateness judged on 1 September):

Alfa (Formação + Gestão fiscal):
- Formação 1 (w 1), due Fri 09/08, validated 09/08 at 18:00       → on time
- Formação 2 (w 2), due Mon 12/08, validated Wed 14/08            → validated late
- Formação 3 (w 5), due Mon 19/08, pending                        → late, 9 business days
- Gestão fiscal 1 (w 2), due Tue 20/08, submitted, open request   → held, not late
Beta (Formação):
- Formação 1 (w 1), due Fri 30/08, validated 30/08 at 23:30 (local; 31/08 in UTC) → on time
- Formação 2 (w 2), due Tue 10/09, pending                        → not due in August
- Formação 3 (w 5), due Mon 26/08, returned                       → late, 4 business days
Gama adhered without a plan.

Progress (not cut by the period): Alfa 3 of 10, Beta 1 of 8, the phase 4 of 18.
"""

import datetime as dt

from apoia.accounts.reference import ensure_unit
from apoia.programs.models import Clarification, DeliveryStatus, PlanDelivery
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA, GAMA
from apoia.programs.tests.plan_helpers import TZ

V, S, R, P = (
    DeliveryStatus.VALIDATED,
    DeliveryStatus.SUBMITTED,
    DeliveryStatus.RETURNED,
    DeliveryStatus.PENDING,
)


def _set(plan, action, title, *, due, validated_at=None):
    delivery = PlanDelivery.objects.get(item__plan=plan, item__action=action, delivery__title=title)
    delivery.due = due
    delivery.validated_at = validated_at
    delivery.save()
    return delivery


def report_world(state, unit, focal_point):
    world = h.world(state, unit)
    world.other_unit = ensure_unit("ms-segem")
    world.formacao = h.action(world, "Formação", ["1", "2", "5"], challenges=[world.education])
    world.fiscal = h.action(world, "Gestão fiscal", ["2"], unit=world.other_unit)
    world.alfa = h.plan(world, ALFA, [world.formacao, world.fiscal], [V, V, P, S])
    world.beta = h.plan(world, BETA, [world.formacao], [V, P, R], responsible="Bruno Reis")
    h.adhesion_of(world.program, world.phase, GAMA)
    _set(
        world.alfa,
        world.formacao,
        "Entrega 1",
        due=dt.date(2024, 8, 9),
        validated_at=dt.datetime(2024, 8, 9, 18, tzinfo=TZ),
    )
    _set(
        world.alfa,
        world.formacao,
        "Entrega 2",
        due=dt.date(2024, 8, 12),
        validated_at=dt.datetime(2024, 8, 14, 10, tzinfo=TZ),
    )
    _set(world.alfa, world.formacao, "Entrega 3", due=dt.date(2024, 8, 19))
    world.held = _set(world.alfa, world.fiscal, "Entrega 1", due=dt.date(2024, 8, 20))
    world.clarification = Clarification.objects.create(
        delivery=world.held,
        justification="A equipe esteve em férias.",
        proposed_due=dt.date(2024, 9, 20),
        asked_by=focal_point,
        asked_at=dt.datetime(2024, 8, 16, 9, tzinfo=TZ),
    )
    _set(
        world.beta,
        world.formacao,
        "Entrega 1",
        due=dt.date(2024, 8, 30),
        validated_at=dt.datetime(2024, 8, 30, 23, 30, tzinfo=TZ),
    )
    _set(world.beta, world.formacao, "Entrega 2", due=dt.date(2024, 9, 10))
    _set(world.beta, world.formacao, "Entrega 3", due=dt.date(2024, 8, 26))
    return world
