"""Item 11 (events part): the demo's events — every type and modality in MS and MT, NEEP
outcomes, small capacities, MS Ativo's web series with a moved and a cancelled episode;
loading twice changes nothing."""

import datetime as dt

import pytest
import time_machine

from apoia.agenda import demo_events, queries
from apoia.agenda.models import Event, EventStatus, EventType, Modality, Series
from apoia.agenda.tests.conftest import CUIABA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(agenda_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.accounts.demo import load_demo_accounts
    from apoia.programs.demo import ensure_program

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        ensure_program()
        load_demo_accounts()
        first = demo_events.load()
        yield first


def test_the_demo_has_every_type_and_modality_in_both_states(demo):
    public = queries.public_events()

    assert set(public.values_list("type", flat=True)) >= set(EventType.values) - {
        EventType.PALESTRA,  # still in validation
        EventType.CONFERENCIA,  # returned
    }
    assert set(Event.objects.values_list("type", flat=True)) == set(EventType.values)
    assert set(public.values_list("modality", flat=True)) == set(Modality.values)
    assert set(public.values_list("state__uf", flat=True)) == {"MS", "MT"}


def test_mt_events_are_validated_by_the_neep_and_ms_events_by_the_admin(demo):
    mt = Event.objects.filter(state__uf="MT", validated_by__isnull=False)
    ms = Event.objects.filter(state__uf="MS", validated_by__isnull=False)

    assert set(mt.values_list("validated_by__email", flat=True)) == {"neep@apoia.demo"}
    assert set(ms.values_list("validated_by__email", flat=True)) == {"admin@apoia.demo"}
    assert list(
        Event.objects.filter(state__uf="MT", status__in=["in_validation", "returned"])
        .order_by("status")
        .values_list("status", flat=True)
    ) == ["in_validation", "returned"]


def test_two_events_have_small_capacities(demo):
    assert sorted(Event.objects.filter(capacity__lte=10).values_list("title", "capacity")) == [
        (demo_events.SMALL_WORKSHOP, 5),
        (demo_events.SMALL_WEB, 10),
    ]


def test_the_ms_web_series_runs_monthly_until_december_with_a_moved_and_a_cancelled_episode(
    demo,
):
    series = Series.objects.get(title="Websérie MS Ativo")
    episodes = list(series.episodes.order_by("occurrence"))

    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231"
    assert episodes[0].occurrence == dt.date(2026, 1, 14)
    assert episodes[-1].occurrence == dt.date(2026, 12, 9)
    moved = [e for e in episodes if e.start.date() != e.occurrence]
    assert [(e.occurrence, e.start.date()) for e in moved] == [
        (dt.date(2026, 4, 8), dt.date(2026, 4, 9))
    ]
    assert [e.occurrence for e in episodes if e.status == EventStatus.CANCELLED] == [
        dt.date(2026, 12, 9)
    ]


def test_a_cancelled_event_stays_on_the_agenda(demo):
    event = Event.objects.get(title="Encontro Regional de Dourados")

    assert event.status == EventStatus.CANCELLED
    assert event in queries.public_events()


def test_loading_twice_changes_nothing(demo):
    before = list(Event.objects.order_by("pk").values_list("pk", "status", "start"))

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=CUIABA_TZ), tick=False):
        assert demo_events.load() == ""

    assert list(Event.objects.order_by("pk").values_list("pk", "status", "start")) == before
    assert demo.startswith("agenda: 18 eventos, websérie com 12 episódios")


def test_the_demo_hearing_has_minutes_and_participating_organizations(agenda_seeds):
    from apoia.accounts.demo import load_demo_accounts
    from apoia.agenda import demo_events, demo_participation
    from apoia.agenda.models import Event

    load_demo_accounts()
    demo_events.load()
    assert demo_participation.load() == "agenda: ata e participantes de 1 audiência pública"
    hearing = Event.objects.get(title=demo_participation.HEARING)
    assert "chamamento público 2026" in hearing.minutes
    assert hearing.participating_organizations.count() == 4
    assert demo_participation.load() == ""
