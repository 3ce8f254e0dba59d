"""Item 11: the appointments demo — published future slots of three MT coordinations, some
booked by Cuiabá's focal point through the real service, one cancelled; loading twice adds
nothing."""

import pytest

from apoia.agenda.models import Appointment, AppointmentStatus, Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(agenda_seeds, mt_morning):
    from apoia.accounts.demo import load_demo_accounts

    load_demo_accounts()


def test_the_demo_publishes_slots_and_books_some_through_the_service(demo_people):
    from apoia.agenda import demo_appointments

    line = demo_appointments.load()

    assert line.startswith("agenda: ")
    units = set(Slot.objects.values_list("unit__slug", flat=True))
    assert units == {"mt-cpsb", "mt-cvs", "mt-ccadunico"}
    assert Slot.objects.filter(unit__slug="mt-cpsb").first().technician.email == (
        "tecnico-mt@apoia.demo"
    )
    booked = Appointment.objects.filter(status=AppointmentStatus.BOOKED)
    assert booked.count() == 2
    assert {a.request.unit.slug for a in booked} == {"mt-cpsb", "mt-cvs"}
    assert all(a.request.protocol and a.municipality.name == "Cuiabá" for a in booked)
    assert Appointment.objects.filter(status=AppointmentStatus.CANCELLED).count() == 1
    assert demo_appointments.load() == ""
    assert Appointment.objects.count() == 3
