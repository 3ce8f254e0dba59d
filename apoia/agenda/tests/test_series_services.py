"""Item 2: series — the rule built from simple choices, the episodes it generates, and an
episode moved or cancelled alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apoia.accounts.models import OrgUnit
from apoia.agenda.models import EventStatus, Modality
from apoia.agenda.services import events as event_services
from apoia.agenda.services import series as services
from apoia.agenda.tests.factories import at
from apoia.territory.models import State

pytestmark = pytest.mark.django_db


def _series(user, rrule="FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231", **changes):
    data = {
        "state": State.objects.get(uf="MT"),
        "unit": OrgUnit.objects.get(slug="mt-cpsb"),
        "title": "Websérie SUAS-MT",
        "rrule": rrule,
        "first_date": dt.date(2026, 4, 1),
        "start_time": dt.time(14),
        "end_time": dt.time(16),
        "modality": Modality.ONLINE,
        "url": "https://conferencia.mt.gov.br/webserie",
        "workload_hours": Decimal("2"),
        "theme": "Gestão do SUAS",
    }
    data.update(changes)
    return services.create_series(by=user, **data)


def test_the_choices_build_an_rfc_5545_rule():
    assert (
        services.build_rrule(
            frequency="monthly_weekday", weekday="WE", ordinal=2, until=dt.date(2026, 12, 31)
        )
        == "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231"
    )
    assert (
        services.build_rrule(frequency="weekly", interval=2, weekday="TU", count=5)
        == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5"
    )
    assert (
        services.build_rrule(frequency="monthly_day", monthday=15, count=3)
        == "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"
    )


def test_a_rule_needs_an_end_date_or_a_count_not_both():
    with pytest.raises(ValidationError) as refused:
        services.build_rrule(frequency="weekly", weekday="MO")

    assert list(refused.value.message_dict) == ["until"]


def test_the_second_wednesday_of_each_month_from_april_to_december():
    assert services.occurrences("FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231", dt.date(2026, 4, 1)) == [
        dt.date(2026, 4, 8),
        dt.date(2026, 5, 13),
        dt.date(2026, 6, 10),
        dt.date(2026, 7, 8),
        dt.date(2026, 8, 12),
        dt.date(2026, 9, 9),
        dt.date(2026, 10, 14),
        dt.date(2026, 11, 11),
        dt.date(2026, 12, 9),
    ]


def test_a_rule_without_an_end_is_refused():
    with pytest.raises(ValidationError) as refused:
        services.occurrences("FREQ=WEEKLY;BYDAY=MO", dt.date(2026, 4, 1))

    assert refused.value.message_dict == {"rrule": ["A regra precisa terminar (UNTIL ou COUNT)."]}


def test_a_malformed_rule_is_refused_with_a_field_message():
    with pytest.raises(ValidationError) as refused:
        services.occurrences("FREQ=SOMETIMES;COUNT=2", dt.date(2026, 4, 1))

    assert refused.value.message_dict == {"rrule": ["Regra de recorrência inválida."]}


def test_creating_a_series_creates_its_episodes_as_drafts_in_cuiaba_time(mt_technician):
    series = _series(mt_technician)

    episodes = list(series.episodes.order_by("start"))
    assert len(episodes) == 9
    assert [e.occurrence for e in episodes[:2]] == [dt.date(2026, 4, 8), dt.date(2026, 5, 13)]
    assert (episodes[0].start, episodes[0].end) == (
        at(dt.date(2026, 4, 8), 14),
        at(dt.date(2026, 4, 8), 16),
    )
    assert episodes[0].title == "Websérie SUAS-MT — episódio 1"
    assert {e.status for e in episodes} == {EventStatus.DRAFT}


def test_a_series_with_a_hybrid_modality_and_no_place_creates_nothing(mt_technician):
    from apoia.agenda.models import Series

    with pytest.raises(ValidationError) as refused:
        _series(mt_technician, modality=Modality.HYBRID)

    assert refused.value.message_dict == {"place": ["Um evento híbrido precisa do local."]}
    assert Series.objects.count() == 0


def test_moving_one_episode_keeps_its_occurrence_and_leaves_the_others(mt_technician):
    series = _series(mt_technician)
    may, june = series.episodes.order_by("start")[1:3]

    services.move_episode(
        may, by=mt_technician, start=at(dt.date(2026, 5, 20), 9), end=at(dt.date(2026, 5, 20), 11)
    )

    may.refresh_from_db()
    assert (may.start, may.occurrence) == (at(dt.date(2026, 5, 20), 9), dt.date(2026, 5, 13))
    assert [e.start for e in series.episodes.order_by("start")[:3]] == [
        at(dt.date(2026, 4, 8), 14),
        at(dt.date(2026, 5, 20), 9),
        at(dt.date(2026, 6, 10), 14),
    ]
    june.refresh_from_db()
    assert june.start == at(dt.date(2026, 6, 10), 14)


def test_cancelling_one_episode_leaves_the_others(mt_technician):
    series = _series(mt_technician)
    first = series.episodes.order_by("start").first()

    event_services.cancel_event(first, by=mt_technician, reason="Feriado estadual.")

    assert list(series.episodes.order_by("start").values_list("status", flat=True)[:3]) == [
        "cancelled",
        "draft",
        "draft",
    ]


def test_sending_the_episodes_puts_each_draft_in_the_neep_queue(mt_technician, neep_member):
    from apoia.agenda import queries

    series = _series(mt_technician, rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=3")

    assert services.send_episodes(series, by=mt_technician) == 3
    assert queries.validation_queue(neep_member).count() == 3
