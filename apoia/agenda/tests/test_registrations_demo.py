"""Item 11 (registrations part): the demo fills the two small upcoming events (one nearly
full, one with a waiting list), gives past events attendance, certificates (one revoked) and
ratings, and municipio-mt@ a registration and a certificate; loading twice changes nothing."""

import datetime as dt

import pytest
import time_machine

from apoia.agenda import demo_events, demo_registrations, queries
from apoia.agenda.models import Certificate, Event, Feedback, Registration
from apoia.agenda.tests.conftest import CUIABA, CUIABA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(agenda_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.accounts.demo import load_demo_accounts
    from apoia.programs.demo import ensure_program

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        ensure_program()
        load_demo_accounts()
        demo_events.load()
        yield demo_registrations.load()


def test_one_small_event_is_nearly_full_and_the_other_has_a_waiting_list(demo):
    web = Event.objects.get(title=demo_events.SMALL_WEB)
    workshop = Event.objects.get(title=demo_events.SMALL_WORKSHOP)

    assert queries.places_left(web) == 1
    assert queries.waiting_count(web) == 0
    assert queries.places_left(workshop) == 0
    assert queries.waiting_count(workshop) == 2


def test_past_events_have_attendance_certificates_one_revoked_and_ratings(demo):
    past = Event.objects.filter(title__in=[row[6] for row in demo_registrations.PAST])

    assert set(past.values_list("state__uf", flat=True)) == {"MS", "MT"}
    assert all(e.validated_by_id and e.status == "published" for e in past)
    attended = Registration.objects.filter(event__in=past, checked_in_at__isnull=False)
    assert attended.count() == Certificate.objects.filter(registration__event__in=past).count()
    revoked = Certificate.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1
    assert revoked.get().revoke_reason == demo_registrations.REVOKE_REASON
    assert Feedback.objects.filter(registration__event__in=past).exclude(comment="").exists()
    by_municipality = queries.attendance_by_municipality(past.get(state__uf="MS"))
    assert {row["name"] for row in by_municipality} >= {"Campo Grande", "Dourados"}


def test_the_mt_focal_point_has_an_upcoming_registration_and_a_certificate(demo):
    mine = Registration.objects.filter(email=demo_registrations.FOCAL_POINT)

    assert set(mine.values_list("municipality_id", flat=True)) == {CUIABA}
    assert mine.filter(event__title=demo_events.SMALL_WEB, status="registered").exists()
    certificate = Certificate.objects.get(registration__in=mine)
    assert certificate.name == "Mirela Matos"
    assert not certificate.is_revoked


def test_loading_twice_changes_nothing(demo):
    counts = (Registration.objects.count(), Certificate.objects.count(), Feedback.objects.count())

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=CUIABA_TZ), tick=False):
        demo_registrations.load()

    assert (
        Registration.objects.count(),
        Certificate.objects.count(),
        Feedback.objects.count(),
    ) == counts


def test_without_the_events_demo_it_makes_its_own_small_events(agenda_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.accounts.demo import load_demo_accounts

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        load_demo_accounts()
        demo_registrations.load()

    small = Event.objects.filter(capacity__lte=10).order_by("-capacity")
    assert [(queries.places_left(e), queries.waiting_count(e)) for e in small] == [(1, 0), (0, 2)]
