"""Two people marking the same meeting held at once store one agenda; two completing the same
task at once: one wins, the other is told it is already done (SQLite and PostgreSQL)."""

import datetime as dt

from apoia.followup import services as followup
from apoia.followup.models import TaskStatus
from apoia.programs.services import meetings as services
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.programs.tests.meeting_helpers import meeting_world
from apoia.programs.tests.plan_helpers import CAMPO_GRANDE, TZ


def race(action, people) -> tuple[list[str], list[BaseException]]:
    """Each person's try, sorted: "won", or the message the loser is given."""
    results, errors = at_once(
        action, people, expected=(services.MeetingTransitionError, followup.TaskTransitionError)
    )
    return sorted(r.message if isinstance(r, Exception) else "won" for r in results), errors


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
