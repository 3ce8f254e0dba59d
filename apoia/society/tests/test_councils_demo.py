"""The councils demo: two parity councils with seats, mandates (one ending within 60 days),
a meeting with attendance and minutes and a resolution; loading twice changes nothing."""

import datetime

import pytest
import time_machine

from apoia.society import demo_councils, digest_councils, services_councils
from apoia.society.models.councils import Council, CouncilMeeting, Mandate, Resolution, Seat

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 3, 16, 0, tzinfo=datetime.UTC)  # 12:00 in Campo Grande


@pytest.fixture
def places(campo_grande, state_mt):
    from apoia.territory.models import Municipality

    for ibge, name in ((5103403, "Cuiabá"), (5108402, "Várzea Grande"), (5107602, "Rondonópolis")):
        Municipality.objects.get_or_create(
            ibge=ibge, defaults={"name": name, "state": state_mt, "timezone": "America/Cuiaba"}
        )


@pytest.fixture
def demo(places):
    with time_machine.travel(NOON, tick=False):
        yield demo_councils.load()


def test_the_demo_has_two_parity_councils(demo):
    councils = Council.objects.order_by("name")
    assert [(c.acronym, services_councils.parity(c).holds) for c in councils] == [
        ("CEAS-MT", True),
        ("CMAS", True),
    ]
    assert Council.objects.get(acronym="CEAS-MT").municipality is None


def test_the_demo_meetings_reach_quorum_with_an_alternate_sitting_in(demo):
    for meeting in CouncilMeeting.objects.all():
        quorum = services_councils.meeting_quorum(meeting)
        assert (quorum.seats_present, quorum.required, quorum.reached) == (5, 4, True)
        assert sum(1 for row in quorum.seats if row.by_alternate) == 1
        assert meeting.minutes and meeting.minutes_approved_on == datetime.date(2026, 11, 28)


def test_the_demo_has_one_seat_whose_mandates_end_within_sixty_days(demo):
    found = Mandate.objects.filter(ends_on__lte=datetime.date(2027, 2, 1))
    assert sorted(found.values_list("person_name", flat=True)) == ["Breno Amaral", "Lúcia Fonseca"]
    assert Mandate.objects.filter(ends_on=datetime.date(2027, 1, 17)).count() == 2


def test_the_demo_civil_society_seats_are_held_by_organizations(demo):
    civil = Seat.objects.filter(segment="civil_society")
    assert civil.count() == 6
    assert not civil.filter(organization__isnull=True).exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Seat.objects.count(), Mandate.objects.count(), CouncilMeeting.objects.count())
    with time_machine.travel(NOON + datetime.timedelta(days=3), tick=False):
        demo_councils.load()
    assert (
        Seat.objects.count(),
        Mandate.objects.count(),
        CouncilMeeting.objects.count(),
        Resolution.objects.count(),
    ) == (*counts, 2)


def test_the_demo_feeds_the_digest(demo, coordinator):
    found = digest_councils.collect(datetime.date(2026, 12, 3))
    assert len(found[coordinator.pk]["ending"]) == 2
