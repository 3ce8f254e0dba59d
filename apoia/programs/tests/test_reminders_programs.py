"""The daily digest (apoia remind) with programs and follow-up lines: one e-mail per person,
holding both requests and deliveries; at most once a day per item and person."""

import datetime as dt

import pytest

from apoia.catalog.tests.factories import ServiceFactory
from apoia.followup import services as followup
from apoia.followup.models import ReminderSent
from apoia.programs.models import PlanDelivery
from apoia.programs.tests.meeting_helpers import delivery, meeting_world
from apoia.programs.tests.plan_helpers import TZ, at
from apoia.protocol import services as protocol

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2024, 9, 2)


@pytest.fixture
def world(state_ms, community_unit, coordinator, technician, municipal_user):
    world = meeting_world(state_ms, community_unit, coordinator, municipal_user)
    # Due on Friday 6 September: within 5 business days of Monday 2 September (… 9 September).
    PlanDelivery.objects.filter(pk=delivery(world.plan, "Oficina").pk).update(
        due=dt.date(2024, 9, 6)
    )
    # Sent on Thursday 22 August: 5 business days ended on 29 August, so it waits too long.
    PlanDelivery.objects.filter(pk=delivery(world.plan, "Plano de formação").pk).update(
        submitted_at=dt.datetime(2024, 8, 22, 9, tzinfo=TZ)
    )
    return world


@pytest.fixture
def late_request(community_unit, campo_grande):
    service = ServiceFactory(
        name="Orientação técnica",
        deadline_amount=5,
        responsible_unit=community_unit,
        allows_public_submission=True,
    )
    return protocol.submit_request(
        service=service,
        description="Pedimos orientação.",
        requester=protocol.RequesterData(
            name="Maria da Silva", email="maria@example.org", document="529.982.247-25"
        ),
        municipality=campo_grande,
        received_at=dt.datetime(2024, 8, 1, 10, tzinfo=TZ),
    )


def bodies(mailoutbox) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for mail in mailoutbox:
        for to in mail.to:
            found.setdefault(to, []).append(mail.body)
    return found


def section(body: str, heading: str) -> str:
    return body.split(f"{heading}:")[1].split("\n\n")[0]


def test_one_e_mail_per_person_holds_both_the_request_line_and_the_delivery_line(
    world, late_request, coordinator, mailoutbox
):
    mailoutbox.clear()

    protocol.send_reminders(MONDAY)

    carla = bodies(mailoutbox)[coordinator.email]
    assert len(carla) == 1
    assert late_request.protocol in carla[0]
    waiting = section(carla[0], "Entregas aguardando validação há mais de 5 dias úteis")
    assert "Campo Grande — Plano de formação — enviada em 22/08/2024" in waiting


def test_the_focal_point_gets_its_late_and_due_soon_deliveries(world, municipal_user, mailoutbox):
    protocol.send_reminders(MONDAY)

    (body,) = bodies(mailoutbox)[municipal_user.email]
    late = section(body, "Entregas atrasadas")
    soon = section(body, "Entregas que vencem em até 5 dias úteis")
    assert "Campo Grande — Diagnóstico — venceu em 20/08/2024" in late
    assert "Campo Grande — Oficina — vence em 06/09/2024" in soon
    # validated, waiting for review (and under a request for more time), far ahead: none listed
    for title in ("Relatório final", "Plano de formação", "Cronograma"):
        assert title not in body


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_reminds_again(
    world, late_request, mailoutbox
):
    protocol.send_reminders(MONDAY)
    first = len(mailoutbox)

    protocol.send_reminders(MONDAY)
    assert len(mailoutbox) == first

    protocol.send_reminders(MONDAY + dt.timedelta(days=1))
    assert len(mailoutbox) > first


def test_follow_up_tasks_due_soon_or_late_go_to_their_owner_or_the_units_members(
    world, coordinator, technician, community_unit, mailoutbox
):
    with at(dt.date(2024, 8, 26)):
        followup.create_task(
            title="Ligar para a prefeitura",
            owner_user=technician,
            due=dt.date(2024, 8, 30),
            by=coordinator,
        )
        followup.create_task(
            title="Consolidar as atas",
            owner_unit=community_unit,
            due=dt.date(2024, 9, 5),
            by=coordinator,
        )
        followup.create_task(
            title="Planejar 2025", owner_user=technician, due=dt.date(2024, 12, 1), by=coordinator
        )

    protocol.send_reminders(MONDAY)

    (tiago,) = bodies(mailoutbox)[technician.email]
    (carla,) = bodies(mailoutbox)[coordinator.email]
    assert "Ligar para a prefeitura — venceu em 30/08/2024" in section(
        tiago, "Tarefas de acompanhamento atrasadas"
    )
    assert "Consolidar as atas — vence em 05/09/2024" in section(
        tiago, "Tarefas de acompanhamento que vencem em até 5 dias úteis"
    )
    assert "Consolidar as atas" in carla and "Ligar para a prefeitura" not in carla
    assert "Planejar 2025" not in tiago


def test_the_ledger_records_one_row_per_item_person_and_day(world, municipal_user):
    protocol.send_reminders(MONDAY)
    protocol.send_reminders(MONDAY)

    rows = ReminderSent.objects.filter(person=municipal_user)
    assert sorted(rows.values_list("section", flat=True)) == ["deliveries_late", "deliveries_soon"]
