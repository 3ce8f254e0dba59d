"""An action's places are never overbooked when many plans are submitted at the same moment
(on SQLite and on PostgreSQL: `make test` runs this file on both)."""

from django.core.exceptions import ValidationError

from apoia.programs.models import PlanItem, PlanStatus
from apoia.programs.services import plans as services
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.programs.tests.menu_helpers import adhesion_of
from apoia.programs.tests.plan_helpers import build_world, formacao_item
from apoia.territory.models import Municipality

PLANS, PLACES = 8, 3


@needs_file_db
def test_eight_plans_submitted_at_once_take_only_the_three_places_of_an_action(
    transactional_db,
    patient_writers,
    state_ms,
    campo_grande,
    community_unit,
    coordinator,
    admin_user,
):
    world = build_world(state_ms, community_unit, coordinator)
    world.formacao.places = PLACES
    world.formacao.save()
    extra = [
        Municipality.objects.create(ibge=5000010 + n, name=f"Extra {n}", state=state_ms)
        for n in range(PLANS - 6)
    ]
    adhesions = [world.adhesion] + [
        adhesion_of(world.program, world.phase, ibge)
        for ibge in [5000001, 5000002, 5000003, 5000004, 5000005] + [m.ibge for m in extra]
    ]
    plans = [
        services.save_plan(adhesion, items=[formacao_item(world)], by=admin_user)
        for adhesion in adhesions
    ]

    def submit(plan) -> str:
        services.submit_plan(plan, by=admin_user)
        return "submitted"

    results, errors = at_once(submit, plans, expected=ValidationError)
    outcomes = [
        r
        if isinstance(r, str)
        else ("no_places" if "não tem mais vagas" in " ".join(r.messages) else str(r))
        for r in results
    ]

    assert errors == []
    assert sorted(outcomes) == ["no_places"] * 5 + ["submitted"] * 3
    assert (
        PlanItem.objects.filter(action=world.formacao, plan__status=PlanStatus.SUBMITTED).count()
        == PLACES
    )
