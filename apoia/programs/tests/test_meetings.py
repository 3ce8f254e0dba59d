"""Monitoring meetings: the generated agenda, holding (the agenda stored), decisions that
become follow-up tasks with business-day due dates, where the tasks show, and who sees what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.followup.models import Task
from apoia.programs import queries_meetings
from apoia.programs.models import DeliveryStatus, Meeting, MeetingStatus, PlanDelivery
from apoia.programs.services import meetings as services
from apoia.programs.tests.meeting_helpers import delivery, meeting_world
from apoia.programs.tests.menu_helpers import ALFA, BETA, GAMA
from apoia.programs.tests.plan_helpers import CAMPO_GRANDE, TZ, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return meeting_world(state_ms, community_unit, coordinator, municipal_user)


def schedule(world, by, invited=(CAMPO_GRANDE, BETA), title="Monitoramento de setembro"):
    with at(dt.date(2024, 9, 2)):
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


def titles(agenda):
    return {
        row["municipality"]["name"]: {
            key: [d["title"] for d in row[key]] for key in ("late", "returned", "clarifications")
        }
        for row in agenda
    }


def test_the_agenda_lists_exactly_the_invited_late_and_returned_deliveries_and_open_clarifications(
    world, coordinator
):
    meeting = schedule(world, coordinator)

    agenda = queries_meetings.agenda(meeting, today=dt.date(2024, 9, 2))

    assert titles(agenda) == {
        "Beta": {"late": [], "returned": [], "clarifications": []},
        "Campo Grande": {
            "late": ["Diagnóstico"],
            "returned": ["Oficina"],
            "clarifications": ["Plano de formação"],
        },
    }


def test_a_held_meetings_agenda_no_longer_changes(world, coordinator):
    meeting = schedule(world, coordinator)
    with at(dt.date(2024, 9, 4)):
        services.hold_meeting(meeting, by=coordinator)
    PlanDelivery.objects.filter(pk=delivery(world.plan, "Diagnóstico").pk).update(
        status=DeliveryStatus.VALIDATED
    )
    PlanDelivery.objects.filter(pk=delivery(world.plan, "Cronograma").pk).update(
        status=DeliveryStatus.RETURNED
    )

    meeting.refresh_from_db()
    stored = queries_meetings.agenda(meeting, today=dt.date(2024, 11, 1))

    assert meeting.status == MeetingStatus.HELD
    assert titles(stored)["Campo Grande"] == {
        "late": ["Diagnóstico"],
        "returned": ["Oficina"],
        "clarifications": ["Plano de formação"],
    }
    assert titles(queries_meetings.live_agenda(meeting, dt.date(2024, 11, 1)))["Campo Grande"][
        "late"
    ] == ["Oficina", "Cronograma"]


def test_holding_twice_is_refused(world, coordinator):
    meeting = schedule(world, coordinator)
    services.hold_meeting(meeting, by=coordinator)

    with pytest.raises(services.MeetingTransitionError):
        services.hold_meeting(meeting, by=coordinator)


def test_only_municipalities_adhered_to_the_phase_may_be_invited(world, coordinator):
    with pytest.raises(ValidationError) as refused:
        schedule(world, coordinator, invited=(CAMPO_GRANDE, GAMA))

    assert refused.value.message_dict == {
        "invited": [f"Só municípios aderidos à Fase 3 podem ser convidados: {GAMA}."]
    }


def test_all_adhered_invites_every_adhered_municipality_of_the_phase(world, coordinator):
    meeting = services.create_meeting(
        program=world.program,
        phase=world.phase,
        title="Todos",
        starts_at=dt.datetime(2024, 9, 4, 14, tzinfo=TZ),
        modality="hybrid",
        place="Auditório da SEGOV",
        link="https://reuniao.exemplo.gov.br/todos",
        all_adhered=True,
        by=coordinator,
    )

    assert sorted(meeting.invited.values_list("name", flat=True)) == [
        "Alfa",
        "Beta",
        "Campo Grande",
    ]
    assert (meeting.place, meeting.link) == (
        "Auditório da SEGOV",
        "https://reuniao.exemplo.gov.br/todos",
    )


def test_an_in_person_meeting_needs_a_place(world, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(
            program=world.program,
            phase=world.phase,
            title="Presencial",
            starts_at=dt.datetime(2024, 9, 4, 14, tzinfo=TZ),
            modality="in_person",
            invited=[CAMPO_GRANDE],
            by=coordinator,
        )

    assert refused.value.message_dict == {"place": ["Informe o local da reunião presencial."]}


def test_a_focal_point_may_not_schedule_meetings(world, municipal_user):
    with pytest.raises(PermissionDenied):
        schedule(world, municipal_user)


def test_a_decision_becomes_a_task_due_ten_business_days_later_skipping_the_ms_state_holiday(
    world, coordinator, technician
):
    meeting = schedule(world, coordinator)
    campo_grande = meeting.invited.get(pk=CAMPO_GRANDE)

    with at(dt.date(2024, 10, 7)):
        decision = services.add_decision(
            meeting,
            text="Campo Grande reenvia o diagnóstico com a lista de presença.",
            municipality=campo_grande,
            task=services.TaskData(
                title="Reenviar o diagnóstico", owner_user=technician, due_in_business_days=10
            ),
            by=coordinator,
        )

    task = Task.objects.get()
    # 8, 9, 10, (11 is the creation of the State of MS), 14 … 22 October 2024.
    assert task.due == dt.date(2024, 10, 22)
    assert (task.source, task.owner_user, task.municipality_id) == (
        decision,
        technician,
        CAMPO_GRANDE,
    )
    assert decision.plan == world.plan


def test_a_refused_task_records_no_decision(world, coordinator):
    meeting = schedule(world, coordinator)

    with pytest.raises(ValidationError) as refused:
        services.add_decision(
            meeting,
            text="Algo",
            task=services.TaskData(title="Sem dono", due_in_business_days=5),
            by=coordinator,
        )

    assert "task.owner" in refused.value.message_dict
    assert meeting.decisions.count() == 0


# --- where the tasks show -----------------------------------------------------------------------


@pytest.fixture
def decided(world, coordinator, technician):
    meeting = schedule(world, coordinator)
    with at(dt.date(2024, 10, 7)):
        services.add_decision(
            meeting,
            text="Reenviar o diagnóstico.",
            municipality=meeting.invited.get(pk=CAMPO_GRANDE),
            task=services.TaskData(
                title="Reenviar o diagnóstico", owner_user=technician, due_in_business_days=10
            ),
            by=coordinator,
        )
    return meeting


def test_the_task_shows_on_the_plan_page(decided, world, sign_in, municipal_user):
    with at(dt.date(2024, 10, 8)):
        page = sign_in(municipal_user).get(f"/programas/planos/{world.plan.pk}/").content.decode()

    assert "Reenviar o diagnóstico" in page
    assert "22/10/2024" in page


def test_the_task_shows_on_the_owners_task_list_and_not_on_others(
    decided, sign_in, client, technician, ombudsman
):
    with at(dt.date(2024, 10, 8)):
        mine = sign_in(technician).get("/tarefas/").content.decode()
        theirs = sign_in(ombudsman).get("/tarefas/").content.decode()

    assert "Reenviar o diagnóstico" in mine
    assert "Monitoramento de setembro" in mine
    assert "Reenviar o diagnóstico" not in theirs


def test_the_task_shows_in_the_api_for_its_owner_and_not_for_others(
    decided, client, technician, coordinator
):
    from apoia.accounts.tests.factories import bearer

    with at(dt.date(2024, 10, 8)):
        mine = client.get("/api/v1/tasks?owner=me", **bearer(technician)).json()
        not_mine = client.get("/api/v1/tasks?owner=me", **bearer(coordinator)).json()

    assert [(t["title"], t["due"], t["source"]["label"]) for t in mine] == [
        (
            "Reenviar o diagnóstico",
            "2024-10-22",
            "Reunião “Monitoramento de setembro” de 04/09/2024",
        )
    ]
    assert not_mine == []


def test_a_unit_owned_task_shows_for_the_units_members(
    world, coordinator, technician, community_unit, sign_in
):
    meeting = schedule(world, coordinator)
    with at(dt.date(2024, 10, 7)):
        services.add_decision(
            meeting,
            text="A unidade prepara a oficina.",
            task=services.TaskData(
                title="Preparar a oficina", owner_unit=community_unit, due_in_business_days=5
            ),
            by=coordinator,
        )
        page = sign_in(technician).get("/tarefas/").content.decode()

    assert "Preparar a oficina" in page


def test_the_dashboard_query_lists_the_programs_open_tasks(decided, world, technician):
    task = Task.objects.get()

    assert list(queries_meetings.open_tasks(world.program, world.phase)) == [task]
    task.status = "done"
    task.save()
    assert list(queries_meetings.open_tasks(world.program)) == []


def test_the_meeting_page_lists_what_was_decided_and_what_is_still_open(
    decided, sign_in, coordinator
):
    with at(dt.date(2024, 10, 8)):
        page = sign_in(coordinator).get(f"/programas/reunioes/{decided.pk}/").content.decode()

    decided_part, open_part = page.split("O que ainda está aberto")
    assert "Reenviar o diagnóstico." in decided_part
    assert "Reenviar o diagnóstico" in open_part.split("Registrar decisão")[0]


# --- scoping ------------------------------------------------------------------------------------


@pytest.fixture
def other_coordinator(ms_seeds_light):
    user = User.objects.create_user(email="otavio@apoia.test", password="x", full_name="Otávio")
    ensure_membership(user, Role.COORDINATOR, org_unit=ms_seeds_light)
    return user


@pytest.fixture
def ms_seeds_light(state_ms):
    from apoia.accounts.reference import ensure_unit

    return ensure_unit("ms-ouvidoria")


def test_another_units_coordinator_gets_404(world, coordinator, other_coordinator, sign_in):
    meeting = schedule(world, coordinator)
    client = sign_in(other_coordinator)

    assert client.get(f"/programas/reunioes/{meeting.pk}/").status_code == 404
    assert client.get("/programas/gestao/ms-ativo/reunioes/").status_code == 404


def test_a_focal_point_sees_only_meetings_its_municipality_was_invited_to_and_only_its_agenda(
    world, coordinator, municipal_user, sign_in
):
    ours = schedule(world, coordinator, invited=(CAMPO_GRANDE, ALFA), title="Com Campo Grande")
    theirs = schedule(world, coordinator, invited=(BETA,), title="Só Beta")
    client = sign_in(municipal_user)

    with at(dt.date(2024, 9, 2)):
        page = client.get(f"/programas/reunioes/{ours.pk}/").content.decode()
        mine = client.get("/programas/reunioes/").content.decode()

    assert client.get(f"/programas/reunioes/{theirs.pk}/").status_code == 404
    assert list(queries_meetings.meetings_visible_to(municipal_user)) == [ours]
    assert "Com Campo Grande" in mine and "Só Beta" not in mine
    assert "Diagnóstico" in page
    assert 'id="agenda-5002704"' in page and f'id="agenda-{ALFA}"' not in page
    assert "Registrar decisão" not in page


# --- pages --------------------------------------------------------------------------------------


def test_staff_schedule_a_meeting_on_the_page(world, coordinator, sign_in):
    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        form = client.get("/programas/gestao/ms-ativo/reunioes/nova/")
        response = client.post(
            "/programas/gestao/ms-ativo/reunioes/nova/",
            {
                "fase": "fase-3",
                "title": "Monitoramento mensal",
                "date": "2024-09-04",
                "time": "14:00",
                "modality": "online",
                "link": "https://reuniao.exemplo.gov.br/x",
                "invited": [str(CAMPO_GRANDE)],
            },
        )

    meeting = Meeting.objects.get()
    assert form.status_code == 200
    assert response.status_code == 302
    assert meeting.starts_at == dt.datetime(2024, 9, 4, 14, tzinfo=TZ)
    assert list(meeting.invited.values_list("pk", flat=True)) == [CAMPO_GRANDE]


def test_a_meeting_form_without_invited_answers_422_in_portuguese(world, coordinator, sign_in):
    response = sign_in(coordinator).post(
        "/programas/gestao/ms-ativo/reunioes/nova/",
        {
            "fase": "fase-3",
            "title": "X",
            "date": "2024-09-04",
            "time": "14:00",
            "modality": "online",
            "link": "https://a.b/c",
        },
    )

    assert response.status_code == 422
    assert "Convide ao menos um município aderido." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_a_decision_with_a_task_on_the_page(world, coordinator, technician, sign_in):
    meeting = schedule(world, coordinator)
    with at(dt.date(2024, 10, 7)):
        response = sign_in(coordinator).post(
            f"/programas/reunioes/{meeting.pk}/decisoes/",
            {
                "text": "Reenviar o diagnóstico.",
                "municipality": str(CAMPO_GRANDE),
                "make_task": "on",
                "task_title": "Reenviar",
                "owner": f"user:{technician.pk}",
                "due_days": "10",
            },
        )

    assert response.status_code == 302
    assert Task.objects.get().due == dt.date(2024, 10, 22)


def test_attendance_and_minutes_on_the_page(world, coordinator, sign_in):
    meeting = schedule(world, coordinator)
    client = sign_in(coordinator)

    client.post(
        f"/programas/reunioes/{meeting.pk}/presencas/",
        {f"present_{CAMPO_GRANDE}": "on", f"by_{CAMPO_GRANDE}": "Renata Lima"},
    )
    client.post(f"/programas/reunioes/{meeting.pk}/ata/", {"minutes": "Abertura às 14h."})
    client.post(f"/programas/reunioes/{meeting.pk}/realizada/")

    meeting.refresh_from_db()
    rows = {a.municipality_id: (a.present, a.represented_by) for a in meeting.attendance.all()}
    assert rows == {CAMPO_GRANDE: (True, "Renata Lima"), BETA: (False, "")}
    assert (meeting.minutes, meeting.status) == ("Abertura às 14h.", MeetingStatus.HELD)


def test_the_staff_program_page_links_the_meetings(world, coordinator, sign_in):
    page = sign_in(coordinator).get("/programas/gestao/ms-ativo/").content.decode()

    assert "/programas/gestao/ms-ativo/reunioes/" in page


def test_the_meeting_pages_have_unique_ids_and_no_heading_jumps(
    decided, world, sign_in, coordinator, municipal_user, technician
):
    from apoia.followup.models import Task
    from apoia.tests.html import duplicate_ids, heading_jumps

    task = Task.objects.get()
    pages = [
        (coordinator, "/programas/gestao/ms-ativo/reunioes/"),
        (coordinator, "/programas/gestao/ms-ativo/reunioes/nova/"),
        (coordinator, f"/programas/reunioes/{decided.pk}/"),
        (municipal_user, f"/programas/reunioes/{decided.pk}/"),
        (municipal_user, "/programas/reunioes/"),
        (municipal_user, f"/programas/planos/{world.plan.pk}/"),
        (technician, "/tarefas/"),
        (technician, f"/tarefas/{task.pk}/"),
    ]
    for user, url in pages:
        with at(dt.date(2024, 10, 8)):
            response = sign_in(user).get(url)
        html = response.content.decode()
        assert (url, response.status_code) == (url, 200)
        assert (url, duplicate_ids(html), heading_jumps(html)) == (url, [], [])


def test_a_scheduled_meeting_can_be_cancelled_and_then_takes_nothing_more(
    world, coordinator, sign_in
):
    meeting = schedule(world, coordinator)

    response = sign_in(coordinator).post(f"/programas/reunioes/{meeting.pk}/cancelar/")

    meeting.refresh_from_db()
    assert (response.status_code, meeting.status) == (302, MeetingStatus.CANCELLED)
    with pytest.raises(services.MeetingTransitionError):
        services.save_minutes(meeting, minutes="Tarde demais.", by=coordinator)


def test_an_invited_focal_point_may_read_but_not_record_decisions_403(
    world, coordinator, municipal_user, sign_in
):
    meeting = schedule(world, coordinator)

    response = sign_in(municipal_user).post(
        f"/programas/reunioes/{meeting.pk}/decisoes/", {"text": "Decidimos nós."}
    )

    assert response.status_code == 403
    assert meeting.decisions.count() == 0
