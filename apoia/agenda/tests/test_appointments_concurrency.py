"""Item 8: no double-booking. Several municipalities book the same slot at the same moment
(threads, on SQLite and on PostgreSQL): exactly one booking and one protocol request; the
others are told the slot was taken."""

import pytest

from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.agenda.models import Appointment, Modality
from apoia.agenda.services import appointments as services
from apoia.agenda.tests.factories import SlotFactory
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.protocol.models import ServiceRequest
from apoia.territory.models import Municipality

pytestmark = needs_file_db

# Cuiabá, Várzea Grande, Rondonópolis, Sinop.
IBGE = (5103403, 5108402, 5107602, 5107909)


@pytest.fixture
def patient_writers():
    """On SQLite, writers wait their turn for as long as a loaded machine needs."""
    from django.db import connection

    from apoia.programs.tests.concurrency import WRITE_TIMEOUT

    if connection.vendor != "sqlite":
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    options["timeout"] = WRITE_TIMEOUT
    yield
    options["timeout"] = saved


def _focal_points():
    people = []
    for n, ibge in enumerate(IBGE):
        user = User.objects.create_user(
            email=f"ponto{n}@apoia.test", password="x-senha-1", full_name=f"Ponto Focal {n}"
        )
        ensure_membership(user, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=ibge))
        people.append(user)
    return people


@pytest.mark.django_db(transaction=True)
def test_four_municipalities_booking_one_slot_at_once_get_one_booking_and_one_request(
    patient_writers, agenda_seeds, mt_technician, mt_morning
):
    slot = SlotFactory(technician=mt_technician, modality=Modality.ONLINE)
    people = _focal_points()

    def book(user):
        return services.book(
            slot, by=user, question="Como organizar a oferta do PAIF no território?"
        )

    outcomes, errors = at_once(book, people, expected=(services.SlotTaken,))

    assert errors == []
    won = [o for o in outcomes if isinstance(o, Appointment)]
    lost = [o for o in outcomes if isinstance(o, services.SlotTaken)]
    assert len(won) == 1 and len(lost) == 3
    assert {exc.message for exc in lost} == {
        "Este horário já foi reservado. Escolha outro horário."
    }
    assert Appointment.objects.count() == 1
    assert ServiceRequest.objects.count() == 1
    assert ServiceRequest.objects.get() == Appointment.objects.get().request
