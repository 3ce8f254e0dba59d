"""Two people of the managing unit approving a project's plan at the same moment make one
plan and one version (on SQLite and on PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from apoia.accounts.models import Role
from apoia.programs.models import Plan, PlanDelivery, PlanVersion
from apoia.programs.services import projects as services
from apoia.programs.services.plans import PlanTransitionError
from apoia.programs.tests.project_helpers import person, project_world

WRITE_TIMEOUT = 120


@pytest.fixture
def patient_writers():
    if connection.vendor != "sqlite":
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    options["timeout"] = WRITE_TIMEOUT
    yield
    options["timeout"] = saved


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME"),
    reason="needs a file database that several connections share",
)
def test_two_approvals_at_once_make_one_plan_and_one_version(
    transactional_db, patient_writers, state_ms
):
    world = project_world(state_ms)
    rui = person("rui@apoia.test", "Rui Ramos", Role.COORDINATOR, org_unit=world.managing)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker(user) -> None:
        try:
            start.wait()
            services.approve_project_plan(world.program, phase=world.phase, by=user)
            outcomes.append("approved")
        except PlanTransitionError:
            outcomes.append("already")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(u,)) for u in (world.silvia, rui)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(outcomes) == ["already", "approved"]
    assert Plan.objects.filter(phase=world.phase).count() == 1
    assert PlanVersion.objects.filter(plan__phase=world.phase).count() == 1
    assert PlanDelivery.objects.filter(item__plan__phase=world.phase).count() == 3
