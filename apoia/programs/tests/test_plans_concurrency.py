"""An action's places are never overbooked when many plans are submitted at the same moment
(on SQLite and on PostgreSQL: `make test` runs this file on both)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apoia.programs.models import PlanItem, PlanStatus
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import adhesion_of
from apoia.programs.tests.plan_helpers import build_world, formacao_item
from apoia.territory.models import Municipality

PLANS, PLACES = 8, 3
# Generous: the point is the count, not how long a loaded 2-core machine takes (see
# apoia/protocol/tests/test_concurrency.py).
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
    outcomes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(PLANS)

    def worker(plan) -> None:
        try:
            start.wait()
            services.submit_plan(plan, by=admin_user)
            outcomes.append("submitted")
        except ValidationError as exc:
            found = " ".join(exc.messages)
            outcomes.append("no_places" if "não tem mais vagas" in found else found)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(outcomes) == ["no_places"] * 5 + ["submitted"] * 3
    assert (
        PlanItem.objects.filter(action=world.formacao, plan__status=PlanStatus.SUBMITTED).count()
        == PLACES
    )
