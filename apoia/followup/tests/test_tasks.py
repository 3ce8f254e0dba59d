"""Follow-up tasks: owner (a person or a unit), business-day due dates, who sees and works
them, /tarefas/, the task page, and the API (GET /api/v1/tasks, POST …/complete)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from apoia.accounts.tests.factories import bearer
from apoia.followup import queries, services
from apoia.followup.models import Task, TaskStatus

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Campo_Grande")


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TZ), tick=False)


@pytest.fixture
def april_1_2026():
    with at(dt.date(2026, 4, 1)):
        yield


def personal_task(owner, by, title="Enviar a lista de presença", due=dt.date(2026, 4, 10)):
    return services.create_task(title=title, owner_user=owner, due=due, by=by)


def test_ten_business_days_from_wednesday_1_april_2026_skip_good_friday_and_fall_on_16_april(
    april_1_2026, coordinator, technician, campo_grande
):
    task = services.create_task(
        title="Revisar o relatório",
        owner_user=technician,
        due_in_business_days=10,
        municipality=campo_grande,
        by=coordinator,
    )

    assert task.due == dt.date(2026, 4, 16)


def test_a_unit_owned_task_counts_business_days_on_the_unit_state_calendar(
    april_1_2026, coordinator, community_unit
):
    task = services.create_task(
        title="Agendar visita", owner_unit=community_unit, due_in_business_days=2, by=coordinator
    )

    assert task.due == dt.date(2026, 4, 6)


def test_a_task_needs_exactly_one_owner(april_1_2026, coordinator, technician, community_unit):
    with pytest.raises(ValidationError) as none:
        services.create_task(title="Sem dono", due=dt.date(2026, 4, 10), by=coordinator)
    with pytest.raises(ValidationError) as both:
        services.create_task(
            title="Dois donos",
            owner_user=technician,
            owner_unit=community_unit,
            due=dt.date(2026, 4, 10),
            by=coordinator,
        )

    assert none.value.message_dict == {
        "owner": ["Escolha um responsável: uma pessoa ou uma unidade, não as duas."]
    }
    assert "owner" in both.value.message_dict
    with pytest.raises(IntegrityError):
        Task.objects.create(title="x", due=dt.date(2026, 4, 10), created_by=coordinator)


def test_a_focal_point_cannot_create_tasks(april_1_2026, municipal_user, technician):
    with pytest.raises(PermissionDenied):
        personal_task(technician, municipal_user)


def test_a_unit_owned_task_is_owned_by_the_unit_members_and_not_by_others(
    april_1_2026, coordinator, technician, ombudsman, community_unit
):
    task = services.create_task(
        title="Consolidar as atas",
        owner_unit=community_unit,
        due=dt.date(2026, 4, 10),
        by=coordinator,
    )

    assert list(queries.tasks_owned_by(technician)) == [task]
    assert list(queries.tasks_owned_by(coordinator)) == [task]
    assert list(queries.tasks_owned_by(ombudsman)) == []
    assert list(queries.tasks_visible_to(ombudsman)) == []


def test_completing_records_who_when_and_the_note_and_a_second_time_is_refused(
    april_1_2026, coordinator, technician
):
    task = personal_task(technician, coordinator)

    done = services.complete_task(task, by=technician, note="Lista enviada.")

    assert (done.status, done.done_by, done.completion_note) == (
        TaskStatus.DONE,
        technician,
        "Lista enviada.",
    )
    assert done.done_at == dt.datetime(2026, 4, 1, 10, tzinfo=TZ)
    with pytest.raises(services.TaskTransitionError):
        services.complete_task(task, by=technician)


def test_someone_who_only_sees_a_task_may_not_complete_it(
    april_1_2026, coordinator, technician, municipal_user, campo_grande
):
    task = services.create_task(
        title="Visitar a prefeitura",
        owner_user=technician,
        due=dt.date(2026, 4, 10),
        municipality=campo_grande,
        by=coordinator,
    )

    assert list(queries.tasks_visible_to(municipal_user)) == [task]
    with pytest.raises(PermissionDenied):
        services.complete_task(task, by=municipal_user)


def test_cancelling_needs_a_reason(april_1_2026, coordinator, technician):
    task = personal_task(technician, coordinator)

    with pytest.raises(ValidationError) as refused:
        services.cancel_task(task, by=coordinator, reason="  ")
    cancelled = services.cancel_task(task, by=coordinator, reason="Decisão revista.")

    assert refused.value.message_dict == {"reason": ["Informe o motivo do cancelamento."]}
    assert (cancelled.status, cancelled.cancel_reason) == (TaskStatus.CANCELLED, "Decisão revista.")


def test_late_is_derived_from_the_due_date_never_stored(coordinator, technician):
    with at(dt.date(2026, 4, 1)):
        task = personal_task(technician, coordinator, due=dt.date(2026, 4, 10))

    assert list(Task.objects.late(dt.date(2026, 4, 10))) == []
    assert list(Task.objects.late(dt.date(2026, 4, 13))) == [task]
    assert task.is_late(dt.date(2026, 4, 13)) is True


# --- /tarefas/ ---------------------------------------------------------------------------------


def test_my_tasks_page_lists_my_tasks_and_not_others(
    april_1_2026, sign_in, coordinator, technician, admin_user
):
    personal_task(technician, coordinator, title="Enviar a lista de presença")
    personal_task(admin_user, coordinator, title="Tarefa da Ana")

    page = sign_in(technician).get("/tarefas/").content.decode()

    assert "Enviar a lista de presença" in page
    assert "Tarefa da Ana" not in page


def test_my_tasks_page_filters_the_late_ones(sign_in, coordinator, technician):
    with at(dt.date(2026, 4, 1)):
        personal_task(technician, coordinator, title="Vence dia 2", due=dt.date(2026, 4, 2))
        personal_task(technician, coordinator, title="Vence dia 20", due=dt.date(2026, 4, 20))
    with at(dt.date(2026, 4, 6)):
        page = sign_in(technician).get("/tarefas/?late=on").content.decode()

    assert "Vence dia 2" in page
    assert "Vence dia 20" not in page
    assert "Atrasada" in page


def test_my_tasks_page_without_tasks_says_so(sign_in, technician):
    page = sign_in(technician).get("/tarefas/").content.decode()

    assert "Você não tem tarefas de acompanhamento." in page


def test_a_citizen_without_any_task_has_no_task_list(sign_in, db):
    from apoia.accounts.models import User

    citizen = User.objects.create_user(
        email="cidadania@apoia.test", password="senha-de-teste-1", full_name="Cida Dania"
    )

    assert sign_in(citizen).get("/tarefas/").status_code == 404


def test_the_owner_completes_a_task_on_its_page(april_1_2026, sign_in, coordinator, technician):
    task = personal_task(technician, coordinator)
    client = sign_in(technician)

    assert "Concluir a tarefa" in client.get(f"/tarefas/{task.pk}/").content.decode()
    response = client.post(f"/tarefas/{task.pk}/concluir/", {"note": "Feito."})

    assert response.status_code == 302
    assert Task.objects.get().status == TaskStatus.DONE


def test_cancelling_on_the_page_without_a_reason_answers_422_and_keeps_the_task_open(
    april_1_2026, sign_in, coordinator, technician
):
    task = personal_task(technician, coordinator)

    response = sign_in(technician).post(f"/tarefas/{task.pk}/cancelar/", {"reason": ""})

    assert response.status_code == 422
    assert Task.objects.get().status == TaskStatus.OPEN


def test_a_task_out_of_scope_answers_404(april_1_2026, sign_in, coordinator, technician, ombudsman):
    task = personal_task(technician, coordinator)

    assert sign_in(ombudsman).get(f"/tarefas/{task.pk}/").status_code == 404


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_my_tasks_with_owner_me(april_1_2026, client, coordinator, technician):
    task = personal_task(technician, coordinator)

    response = client.get("/api/v1/tasks?owner=me", **bearer(technician))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": task.pk,
            "title": "Enviar a lista de presença",
            "description": "",
            "owner": {"kind": "user", "id": technician.pk, "name": "Tiago Teixeira"},
            "due": "2026-04-10",
            "status": "open",
            "late": False,
            "municipality": None,
            "source": {"type": None, "id": None, "label": "", "url": None},
            "completion_note": "",
            "done_at": None,
        }
    ]
    assert client.get("/api/v1/tasks?owner=me", **bearer(coordinator)).json() == []


def test_api_late_filter_and_unknown_status(client, coordinator, technician):
    with at(dt.date(2026, 4, 1)):
        personal_task(technician, coordinator, title="Cedo", due=dt.date(2026, 4, 2))
        personal_task(technician, coordinator, title="Tarde", due=dt.date(2026, 4, 20))
    with at(dt.date(2026, 4, 6)):
        late = client.get("/api/v1/tasks?owner=me&late=true", **bearer(technician))
        bad = client.get("/api/v1/tasks?status=late", **bearer(technician))

    assert [t["title"] for t in late.json()] == ["Cedo"]
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"


def test_api_needs_a_token(client):
    assert client.get("/api/v1/tasks").status_code == 401


def test_api_completes_a_task_and_refuses_a_second_time(
    april_1_2026, client, coordinator, technician
):
    task = personal_task(technician, coordinator)
    headers = bearer(technician)

    first = client.post(
        f"/api/v1/tasks/{task.pk}/complete",
        {"note": "Ok."},
        content_type="application/json",
        **headers,
    )
    second = client.post(
        f"/api/v1/tasks/{task.pk}/complete", {}, content_type="application/json", **headers
    )

    assert (first.status_code, first.json()["status"], first.json()["completion_note"]) == (
        200,
        "done",
        "Ok.",
    )
    assert second.status_code == 409


def test_api_complete_out_of_scope_is_404_and_seen_but_not_owned_is_403(
    april_1_2026, client, coordinator, technician, ombudsman, municipal_user, campo_grande
):
    task = services.create_task(
        title="Visitar",
        owner_user=technician,
        due=dt.date(2026, 4, 10),
        municipality=campo_grande,
        by=coordinator,
    )
    url = f"/api/v1/tasks/{task.pk}/complete"

    assert (
        client.post(url, {}, content_type="application/json", **bearer(ombudsman)).status_code
        == 404
    )
    assert (
        client.post(url, {}, content_type="application/json", **bearer(municipal_user)).status_code
        == 403
    )
