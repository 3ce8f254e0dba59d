# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""Opinion requests in the daily digest (apoia remind): due within 3 days and late, once
each, to the staff of the consulted unit and of the desk."""

import datetime as dt

import pytest

from apoia.legislative.digest_bills import collect, render
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    bill,
    desk,
    desk_user,
    route,
)
from apoia.protocol import services as protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_due_24(bill, desk_user, community_unit):
    (req,) = route(desk_user, bill, [community_unit], days=5)  # due Tuesday 24/11/2026
    return req


def test_a_late_request_goes_to_the_unit_and_the_desk_once(
    request_due_24, desk_user, coordinator, technician
):
    first = collect(dt.date(2026, 11, 25))
    assert first == {
        desk_user.pk: {"late": [request_due_24.pk]},
        coordinator.pk: {"late": [request_due_24.pk]},
        technician.pk: {"late": [request_due_24.pk]},
    }
    assert collect(dt.date(2026, 11, 26)) == {}


def test_a_request_due_within_three_days_is_announced_once(request_due_24, coordinator):
    assert collect(dt.date(2026, 11, 21))[coordinator.pk] == {"soon": [request_due_24.pk]}
    assert collect(dt.date(2026, 11, 22)) == {}


def test_a_request_due_later_has_no_alert(request_due_24):
    assert collect(dt.date(2026, 11, 20)) == {}


def test_an_answered_request_has_no_alert(request_due_24, coordinator):
    request_due_24.answered_at = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    request_due_24.position = "favourable"
    request_due_24.save()
    assert collect(dt.date(2026, 11, 25)) == {}


def test_the_lines_name_the_bill_the_unit_the_date_and_the_page(request_due_24, bill):
    ((late_heading, late), (soon_heading, soon)) = render(
        {"late": [request_due_24.pk]}, dt.date(2026, 11, 25)
    )
    assert late_heading == "Pareceres legislativos atrasados"
    assert late[0].startswith(
        "Projeto de Lei 123/2026 — parecer de Subsecretaria de Políticas Públicas para "
        "Assuntos Comunitários — venceu em 24/11/2026 — "
    )
    assert late[0].endswith(f"/legislativo/proposicoes/{bill.pk}/")
    assert (soon_heading, soon) == ("Pareceres legislativos que vencem em até 3 dias", [])


def test_the_remind_e_mail_carries_the_late_opinion(request_due_24, coordinator, mailoutbox):
    protocol.send_reminders(dt.date(2026, 11, 25))
    (body,) = [m.body for m in mailoutbox if coordinator.email in m.to]
    assert "Pareceres legislativos atrasados" in body
    assert "venceu em 24/11/2026" in body
