"""The timeline is a data contract: every change of due date stores the old and the new date in
the event's data, pages read that data (never the translated text), who changed the calendar is
recorded on the dates it moved, reminders are on the timeline, and a calendar change and the
due dates it moves are saved together or not at all."""

import datetime as dt

import pytest
import time_machine

from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import EventKind, ServiceRequest
from apoia.protocol.tests.conftest import local
from apoia.territory import services as calendar
from apoia.territory.models import NonBusinessDay, State

# Received Thursday 19 November 2026, 15:30: 10 business days end on Friday 4 December.
RECEIVED = "2026-11-19T15:30"
DUE = dt.date(2026, 12, 4)


@pytest.fixture
def req(submit):
    return submit(received_at=local(RECEIVED))


@pytest.fixture
def handled(req, coordinator, technician):
    """Accepted and assigned to Tiago on Friday 20 November; the service stops the clock while
    it waits for the requester."""
    Service.objects.filter(pk=req.service_id).update(pauses_clock_when_waiting=True)
    req.refresh_from_db()
    with time_machine.travel(local("2026-11-20T09:00"), tick=False):
        services.decide(req, accepted=True, by=coordinator, assignee=technician)
    return req


def waited_monday_to_thursday(req, technician):
    """Waits from Monday 23 November; resumed on Thursday 26: 3 business days given back."""
    with time_machine.travel(local("2026-11-23T09:00"), tick=False):
        services.wait_for_requester(req, message="Envie o estatuto registrado.", by=technician)
    with time_machine.travel(local("2026-11-26T11:00"), tick=False):
        services.resume(req, by=technician)


def ms():
    return State.objects.get(uf="MS")


# --- old and new dates in the data, and the pages that read them --------------------------------


def test_a_resume_that_moves_the_due_date_stores_the_old_and_new_dates(handled, technician):
    waited_monday_to_thursday(handled, technician)

    event = handled.events.get(kind=EventKind.RESUMED)
    assert handled.due_date == dt.date(2026, 12, 9)
    assert event.data == {"old_due": "2026-12-04", "new_due": "2026-12-09", "paused_days": 3}
    assert event.actor == technician


def test_a_resume_that_moves_nothing_stores_no_dates(handled, technician):
    with time_machine.travel(local("2026-11-23T09:00"), tick=False):
        services.wait_for_requester(handled, message="Envie o estatuto.", by=technician)
        services.resume(handled, by=technician)

    assert handled.events.get(kind=EventKind.RESUMED).data == {}
    assert handled.due_date == DUE


def test_after_a_resume_the_due_history_shows_the_new_date(
    handled, technician, coordinator, sign_in
):
    waited_monday_to_thursday(handled, technician)

    response = sign_in(coordinator).get(handled.get_absolute_url())

    history = response.context["due_history"]
    assert [(change["due"], change["why"]) for change in history] == [
        (DUE, "Prazo inicial"),
        (
            dt.date(2026, 12, 9),
            "O prazo avançou 3 dia(s) útil(eis) em que o pedido aguardou o demandante: "
            "de 04/12/2026 para 09/12/2026.",
        ),
    ]
    assert "<td>09/12/2026</td>" in response.content.decode()


def test_the_due_history_reads_the_data_not_the_text(handled, technician, coordinator, sign_in):
    waited_monday_to_thursday(handled, technician)
    # As a timeline written in another language would read.
    handled.events.filter(kind=EventKind.RESUMED).update(text="Work resumed.")

    history = sign_in(coordinator).get(handled.get_absolute_url()).context["due_history"]

    assert [change["due"] for change in history] == [DUE, dt.date(2026, 12, 9)]


def test_an_extension_stores_the_old_and_new_dates(seeds, ombudsman):
    service = Service.objects.get(slug="ouvidoria-reclamacao")
    req = services.submit_request(
        service=service,
        description="O atendimento telefônico não responde há semanas.",
        requester=services.RequesterData(
            name="João", email="joao@example.org", document="52998224725"
        ),
        received_at=local("2026-11-19T10:00"),
    )

    services.extend_deadline(req, justification="Aguardando a área técnica.", by=ombudsman)

    data = req.events.get(kind=EventKind.EXTENDED).data
    assert (data["old_due"], data["new_due"]) == ("2026-12-21", "2027-01-20")


# --- closure days: who, and all or nothing --------------------------------------------------------


def test_adopting_a_closure_day_on_the_calendar_page_records_who_moved_the_due_date(
    req, admin_user, sign_in
):
    response = sign_in(admin_user).post(
        "/territorio/calendario/MS/dias/",
        {"date": "2026-12-04", "name": "Ponto facultativo", "kind": "closure"},
    )

    req.refresh_from_db()
    moved = req.events.get(kind=EventKind.DUE_MOVED)
    assert response.status_code == 302
    assert req.due_date == dt.date(2026, 12, 7)
    assert (moved.actor, moved.data) == (
        admin_user,
        {"old_due": "2026-12-04", "new_due": "2026-12-07"},
    )


def test_removing_a_closure_day_on_the_calendar_page_records_who_gave_the_date_back(
    req, admin_user, sign_in
):
    day = calendar.add_non_business_day(
        date=DUE, name="Ponto facultativo", kind="closure", state=ms(), by=admin_user
    )

    response = sign_in(admin_user).post(f"/territorio/calendario/dias/{day.pk}/remover/")

    req.refresh_from_db()
    given_back = req.events.filter(kind=EventKind.DUE_MOVED).last()
    assert response.status_code == 302
    assert req.due_date == DUE
    assert (given_back.actor, given_back.data) == (
        admin_user,
        {"old_due": "2026-12-07", "new_due": "2026-12-04"},
    )


def test_when_moving_the_due_dates_fails_the_closure_day_is_not_saved_either(req, monkeypatch):
    def broken(day, *, by=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "shift_due_dates_for_closure", broken)

    with pytest.raises(RuntimeError):
        calendar.add_non_business_day(date=DUE, name="Ponto", kind="closure", state=ms())

    req.refresh_from_db()
    assert NonBusinessDay.objects.count() == 0
    assert req.due_date == DUE


def test_when_giving_the_due_dates_back_fails_the_closure_day_stays(req, monkeypatch):
    day = calendar.add_non_business_day(date=DUE, name="Ponto", kind="closure", state=ms())

    def broken(day, *, by=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "restore_due_dates_for_removed_closure", broken)
    with pytest.raises(RuntimeError):
        calendar.remove_non_business_day(day)

    req.refresh_from_db()
    assert list(NonBusinessDay.objects.values_list("date", flat=True)) == [DUE]
    assert req.due_date == dt.date(2026, 12, 7)


def test_a_closure_day_adopted_twice_gives_its_date_back_once(req, admin_user):
    for _ in range(2):
        day = calendar.add_non_business_day(date=DUE, name="Ponto", kind="closure", state=ms())
        calendar.remove_non_business_day(day)

    given_back = req.events.filter(kind=EventKind.DUE_MOVED, data__new_due="2026-12-04")
    assert given_back.count() == 2  # one for each removal, never two for one
    assert req.events.filter(kind=EventKind.DUE_MOVED).count() == 4


def test_a_closure_day_moved_to_another_date_in_the_admin_moves_the_due_dates_with_it(
    req, submit, admin_user
):
    later = submit(received_at=local("2026-11-20T15:30"))  # due Monday 7 December
    day = calendar.add_non_business_day(date=DUE, name="Ponto", kind="closure", state=ms())

    day.date = dt.date(2026, 12, 7)
    calendar.save_non_business_day(day, by=admin_user)

    req.refresh_from_db()
    later.refresh_from_db()
    assert (req.due_date, later.due_date) == (DUE, dt.date(2026, 12, 8))
    assert req.events.filter(kind=EventKind.DUE_MOVED).last().actor == admin_user
    assert later.events.get(kind=EventKind.DUE_MOVED).data == {
        "old_due": "2026-12-07",
        "new_due": "2026-12-08",
    }


# --- reminders --------------------------------------------------------------------------------


def test_reminding_writes_one_internal_event_per_request_with_the_dates(submit, coordinator):
    late = submit(received_at=local("2026-11-02T10:00"))  # due 17/11/2026
    soon = submit(received_at=local("2026-11-18T10:00"))  # due 03/12/2026

    with time_machine.travel(local("2026-12-01T07:00"), tick=False):
        assert services.send_reminders(dt.date(2026, 12, 1)) == 2
        assert services.send_reminders(dt.date(2026, 12, 1)) == 0

    [on_late] = late.events.filter(kind=EventKind.REMINDED)
    [on_soon] = soon.events.filter(kind=EventKind.REMINDED)
    assert (on_late.is_internal, on_late.at) == (True, local("2026-12-01T07:00"))
    assert on_late.text == "Lembrete de prazo enviado à equipe: o prazo venceu em 17/11/2026."
    assert on_late.data == {
        "reminded_on": "2026-12-01",
        "due": "2026-11-17",
        "deadline_state": "late",
    }
    assert on_soon.text == "Lembrete de prazo enviado à equipe: o prazo vence em 03/12/2026."
    assert on_soon.data["deadline_state"] == "due_soon"
    assert ServiceRequest.objects.get(pk=soon.pk).reminded_on == dt.date(2026, 12, 1)
