"""Two people marking the same meeting held at once store one agenda; two completing the same
task at once: one wins, the other is told it is already done (SQLite and PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from apoia.followup import services as followup
from apoia.followup.models import TaskStatus
from apoia.programs.services import meetings as services
from apoia.programs.tests.meeting_helpers import meeting_world
from apoia.programs.tests.plan_helpers import CAMPO_GRANDE, TZ

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


def race(action, people) -> tuple[list[str], list[BaseException]]:
    outcomes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(people))

    def worker(person) -> None:
        try:
            start.wait()
            action(person)
            outcomes.append("won")
        except (services.MeetingTransitionError, followup.TaskTransitionError) as exc:
            outcomes.append(exc.message)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes), errors


needs_file_db = pytest.mark.skipif(
    connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME"),
    reason="needs a file database that several connections share",
)


@needs_file_db
def test_two_people_holding_the_same_meeting_at_once_one_wins(
    transactional_db,
    patient_writers,
    state_ms,
    community_unit,
    coordinator,
    technician,
    municipal_user,
):
    world = meeting_world(state_ms, community_unit, coordinator, municipal_user)
    meeting = services.create_meeting(
        program=world.program,
        phase=world.phase,
        title="Setembro",
        starts_at=dt.datetime(2024, 9, 4, 14, tzinfo=TZ),
        modality="online",
        link="https://reuniao.exemplo.gov.br/set",
        invited=[CAMPO_GRANDE],
        by=coordinator,
    )

    outcomes, errors = race(
        lambda person: services.hold_meeting(meeting, by=person), [coordinator, technician]
    )

    assert errors == []
    assert outcomes == ["Esta reunião já foi registrada como realizada.", "won"]


@needs_file_db
def test_two_people_completing_the_same_task_at_once_one_wins(
    transactional_db, patient_writers, state_ms, community_unit, coordinator, technician
):
    task = followup.create_task(
        title="Consolidar as atas",
        owner_unit=community_unit,
        due=dt.date(2099, 1, 5),
        by=coordinator,
    )

    outcomes, errors = race(
        lambda person: followup.complete_task(task, by=person), [coordinator, technician]
    )

    assert errors == []
    assert outcomes == ["Esta tarefa já está concluída.", "won"]
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
