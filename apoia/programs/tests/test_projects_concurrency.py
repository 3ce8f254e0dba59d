"""Two people of the managing unit approving a project's plan at the same moment make one
plan and one version (on SQLite and on PostgreSQL)."""

from apoia.accounts.models import Role
from apoia.programs.models import Plan, PlanDelivery, PlanVersion
from apoia.programs.services import projects as services
from apoia.programs.services.plans import PlanTransitionError
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.programs.tests.project_helpers import person, project_world


@needs_file_db
def test_two_approvals_at_once_make_one_plan_and_one_version(
    transactional_db, patient_writers, state_ms
):
    world = project_world(state_ms)
    rui = person("rui@apoia.test", "Rui Ramos", Role.COORDINATOR, org_unit=world.managing)
    outcomes, errors = at_once(
        lambda user: services.approve_project_plan(world.program, phase=world.phase, by=user),
        [world.silvia, rui],
        expected=PlanTransitionError,
    )

    assert errors == []
    assert sorted(type(o).__name__ for o in outcomes) == ["Plan", "PlanTransitionError"]
    assert Plan.objects.filter(phase=world.phase).count() == 1
    assert PlanVersion.objects.filter(plan__phase=world.phase).count() == 1
    assert PlanDelivery.objects.filter(item__plan__phase=world.phase).count() == 3
