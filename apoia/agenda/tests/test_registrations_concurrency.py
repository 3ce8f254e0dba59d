"""Item 5: no overbooking. Six people register at the same moment for three places (threads,
on SQLite and on PostgreSQL): exactly three are registered and three wait, the registered
ones first in the order the registrations were written."""

import pytest

from apoia.agenda.models import Registration, RegistrationStatus
from apoia.agenda.services import registrations as services
from apoia.agenda.tests.conftest import CUIABA
from apoia.agenda.tests.factories import EventFactory
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.territory.models import Municipality

pytestmark = needs_file_db

PEOPLE = 6
PLACES = 3


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


@pytest.mark.django_db(transaction=True)
def test_six_people_registering_at_once_for_three_places_give_three_and_three_waiting(
    patient_writers, cuiaba_focal_point, mt_morning
):
    event = EventFactory(capacity=PLACES)
    cuiaba = Municipality.objects.get(ibge=CUIABA)

    def register(n):
        person = {"name": f"Pessoa {n}", "email": f"pessoa{n}@cuiaba.mt.gov.br"}
        return services.register(
            event, by=cuiaba_focal_point, people=[person], municipality=cuiaba
        )[0]

    outcomes, errors = at_once(register, list(range(PEOPLE)))

    assert errors == []
    assert len(outcomes) == PEOPLE
    statuses = list(
        Registration.objects.filter(event=event)
        .order_by("created_at", "pk")
        .values_list("status", flat=True)
    )
    assert statuses == [RegistrationStatus.REGISTERED] * PLACES + [RegistrationStatus.WAITING] * (
        PEOPLE - PLACES
    )
