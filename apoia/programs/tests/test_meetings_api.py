"""GET /api/v1/meetings and /api/v1/meetings/{id}: scoping, the generated agenda, decisions
and their tasks."""

import datetime as dt

import pytest

from apoia.accounts.tests.factories import bearer
from apoia.programs.services import meetings as services
from apoia.programs.tests.meeting_helpers import meeting_world
from apoia.programs.tests.menu_helpers import BETA
from apoia.programs.tests.plan_helpers import CAMPO_GRANDE, TZ, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return meeting_world(state_ms, community_unit, coordinator, municipal_user)


def schedule(world, by, invited, title):
    return services.create_meeting(
        program=world.program,
        phase=world.phase,
        title=title,
        starts_at=dt.datetime(2024, 9, 4, 14, tzinfo=TZ),
        modality="online",
        link="https://reuniao.exemplo.gov.br/set",
        invited=list(invited),
        by=by,
    )


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/meetings").status_code == 401
    assert client.get("/api/v1/meetings/1").status_code == 401


def test_staff_list_the_programs_meetings_and_a_focal_point_only_the_invited_ones(
    world, client, coordinator, municipal_user, ombudsman
):
    ours = schedule(world, coordinator, (CAMPO_GRANDE, BETA), "Com Campo Grande")
    schedule(world, coordinator, (BETA,), "Só Beta")

    staff = client.get("/api/v1/meetings?program=ms-ativo&phase=fase-3", **bearer(coordinator))
    focal = client.get("/api/v1/meetings", **bearer(municipal_user))

    assert [m["title"] for m in staff.json()] == ["Com Campo Grande", "Só Beta"]
    assert focal.json() == [
        {
            "id": ours.pk,
            "program": "ms-ativo",
            "phase": "fase-3",
            "title": "Com Campo Grande",
            "starts_at": "2024-09-04T14:00:00-04:00",
            "modality": "online",
            "place": "",
            "link": "https://reuniao.exemplo.gov.br/set",
            "status": "scheduled",
            "invited": [{"ibge": CAMPO_GRANDE, "name": "Campo Grande"}],
        }
    ]
    assert client.get("/api/v1/meetings", **bearer(ombudsman)).json() == []


def test_an_unknown_phase_is_422_and_an_unknown_program_404(world, client, coordinator):
    headers = bearer(coordinator)

    assert client.get("/api/v1/meetings?program=ms-ativo&phase=x", **headers).status_code == 422
    assert client.get("/api/v1/meetings?program=nenhum", **headers).status_code == 404


def test_the_meeting_detail_has_the_agenda_attendance_decisions_and_tasks(
    world, client, coordinator, technician
):
    meeting = schedule(world, coordinator, (CAMPO_GRANDE,), "Setembro")
    with at(dt.date(2024, 9, 2)):
        services.record_attendance(
            meeting, rows={CAMPO_GRANDE: (True, "Renata Lima")}, by=coordinator
        )
        services.add_decision(
            meeting,
            text="Reenviar o diagnóstico.",
            municipality=meeting.invited.get(),
            task=services.TaskData(title="Reenviar", owner_user=technician, due_in_business_days=3),
            by=coordinator,
        )
        body = client.get(f"/api/v1/meetings/{meeting.pk}", **bearer(coordinator)).json()

    (row,) = body["agenda"]
    assert body["agenda_stored"] is False
    assert [d["title"] for d in row["late"]] == ["Diagnóstico"]
    assert [d["title"] for d in row["returned"]] == ["Oficina"]
    assert [c["title"] for c in row["clarifications"]] == ["Plano de formação"]
    assert body["attendance"] == [
        {
            "municipality": {"ibge": CAMPO_GRANDE, "name": "Campo Grande"},
            "present": True,
            "represented_by": "Renata Lima",
        }
    ]
    (decision,) = body["decisions"]
    assert decision["plan"] == world.plan.pk
    assert [(t["title"], t["due"], t["status"]) for t in decision["tasks"]] == [
        ("Reenviar", "2024-09-05", "open")
    ]


def test_a_meeting_out_of_scope_is_404(world, client, coordinator, municipal_user):
    theirs = schedule(world, coordinator, (BETA,), "Só Beta")

    assert client.get(f"/api/v1/meetings/{theirs.pk}", **bearer(municipal_user)).status_code == 404
