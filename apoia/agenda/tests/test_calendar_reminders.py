"""Item 7: the day before an event, the daily digest (`apoia remind`) reminds those registered
who have an account and the staff of the event's unit; once a day."""

import datetime as dt

import pytest
from django.conf import settings

from apoia.agenda import reminders
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.protocol import services as protocol

pytestmark = pytest.mark.django_db
TUESDAY = dt.date(2026, 3, 10)


@pytest.fixture
def tomorrow(agenda_seeds):
    return EventFactory(title="Web Encontro do PAIF", start=at(dt.date(2026, 3, 11), 14))


def test_the_registered_person_and_the_unit_staff_are_reminded_the_day_before(
    tomorrow, cuiaba_focal_point, mt_technician
):
    RegistrationFactory(event=tomorrow, email=cuiaba_focal_point.email)
    RegistrationFactory(event=tomorrow, email="sem-conta@cuiaba.mt.gov.br")
    EventFactory(title="Depois de amanhã", start=at(dt.date(2026, 3, 12), 14))

    found = reminders.collect(TUESDAY)

    assert found == {
        cuiaba_focal_point.pk: {"registered": [tomorrow.pk]},
        mt_technician.pk: {"unit": [tomorrow.pk]},
    }


def test_a_second_run_the_same_day_reminds_nobody(tomorrow, cuiaba_focal_point):
    RegistrationFactory(event=tomorrow, email=cuiaba_focal_point.email)
    reminders.collect(TUESDAY)

    assert reminders.collect(TUESDAY) == {}


def test_cancelled_registrations_and_cancelled_events_are_not_reminded(
    agenda_seeds, cuiaba_focal_point
):
    event = EventFactory(start=at(dt.date(2026, 3, 11), 14))
    RegistrationFactory(event=event, email=cuiaba_focal_point.email, status="cancelled")
    gone = EventFactory(
        start=at(dt.date(2026, 3, 11), 9), status="cancelled", cancel_reason="Chuva."
    )
    RegistrationFactory(event=gone, email=cuiaba_focal_point.email)

    assert reminders.collect(TUESDAY) == {}


def test_the_digest_e_mail_has_the_events_line(tomorrow, cuiaba_focal_point, mailoutbox):
    RegistrationFactory(event=tomorrow, email=cuiaba_focal_point.email)

    protocol.send_reminders(TUESDAY)

    (body,) = [m.body for m in mailoutbox if cuiaba_focal_point.email in m.to]
    assert "Amanhã: eventos em que você está inscrito(a)" in body
    assert (
        f"Web Encontro do PAIF — 11/03/2026 14:00–17:00 — "
        "https://conferencia.mt.gov.br/sala/scfv — "
        f"{settings.SITE_URL}/agenda/eventos/{tomorrow.pk}/"
    ) in body
