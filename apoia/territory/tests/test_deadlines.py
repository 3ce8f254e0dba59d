"""Deadline rule of Lei 9.784/1999, art. 66, on real 2026–2027 dates of MS and MT."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apoia.territory.calendar import BusinessCalendar, CalendarError, compute_deadline
from apoia.territory.models import Municipality, NonBusinessDay, State

CAMPO_GRANDE = 5002704
CAMPO_GRANDE_TZ = ZoneInfo("America/Campo_Grande")
D = dt.date


def received(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=CAMPO_GRANDE_TZ)


pytestmark = pytest.mark.usefixtures("ms_mt")


def test_ten_business_days_skip_black_awareness_day_and_weekends():
    deadline = compute_deadline(received("2026-11-19T15:30"), 10, "business_days", uf="MS")

    assert deadline.considered_received == D(2026, 11, 19)
    assert deadline.counting_starts == D(2026, 11, 23)
    assert deadline.due == D(2026, 12, 4)
    assert [(d.date, d.scope) for d in deadline.skipped] == [
        (D(2026, 11, 20), "national"),
        (D(2026, 11, 21), "weekend"),
        (D(2026, 11, 22), "weekend"),
        (D(2026, 11, 28), "weekend"),
        (D(2026, 11, 29), "weekend"),
    ]


def test_eleventh_of_october_is_a_holiday_in_ms_but_not_in_mt():
    friday = received("2027-10-08T09:00")

    in_ms = compute_deadline(friday, 1, "business_days", uf="MS")
    in_mt = compute_deadline(friday, 1, "business_days", uf="MT")

    assert in_ms.due == D(2027, 10, 13)  # 11 Oct state holiday, 12 Oct national
    assert in_ms.skipped[2].scope == "state"
    assert in_mt.due == D(2027, 10, 11)


def test_good_friday_is_not_a_business_day():
    deadline = compute_deadline(received("2027-03-25T10:00"), 1, "business_days", uf="MT")

    assert deadline.due == D(2027, 3, 29)
    assert deadline.skipped[0].date == D(2027, 3, 26)
    assert deadline.skipped[0].scope == "national"


def test_municipal_holiday_counts_only_for_that_municipality():
    NonBusinessDay.objects.create(
        date=D(2027, 8, 26),
        name="Aniversário de Campo Grande",
        kind="municipal_holiday",
        municipality=Municipality.objects.get(ibge=CAMPO_GRANDE),
    )
    wednesday = received("2027-08-25T10:00")

    in_campo_grande = compute_deadline(
        wednesday, 1, "business_days", uf="MS", municipality=CAMPO_GRANDE
    )
    elsewhere = compute_deadline(wednesday, 1, "business_days", uf="MS", municipality=5003702)

    assert in_campo_grande.due == D(2027, 8, 27)
    assert in_campo_grande.skipped[0].reason == "Aniversário de Campo Grande"
    assert in_campo_grande.skipped[0].scope == "municipal"
    assert elsewhere.due == D(2027, 8, 26)


def test_adopted_carnaval_closure_days_are_skipped():
    friday = received("2027-02-05T10:00")
    assert compute_deadline(friday, 1, "business_days", uf="MS").due == D(2027, 2, 8)

    ms = State.objects.get(uf="MS")
    for day in (D(2027, 2, 8), D(2027, 2, 9)):
        NonBusinessDay.objects.create(date=day, name="Carnaval", kind="closure", state=ms)

    deadline = compute_deadline(friday, 1, "business_days", uf="MS")
    assert deadline.due == D(2027, 2, 10)
    assert [d.scope for d in deadline.skipped] == ["weekend", "weekend", "closure", "closure"]
    # The closure was adopted by MS only.
    assert compute_deadline(friday, 1, "business_days", uf="MT").due == D(2027, 2, 8)


def test_calendar_day_deadline_falling_on_a_weekend_moves_to_monday():
    deadline = compute_deadline(received("2026-11-23T10:00"), 5, "calendar_days", uf="MS")

    assert deadline.counting_starts == D(2026, 11, 24)
    assert deadline.due == D(2026, 11, 30)
    assert [d.date for d in deadline.skipped] == [D(2026, 11, 28), D(2026, 11, 29)]


def test_receipt_on_a_holiday_counts_from_the_next_business_day():
    deadline = compute_deadline(received("2026-11-20T10:00"), 1, "business_days", uf="MS")

    assert deadline.considered_received == D(2026, 11, 23)
    assert deadline.due == D(2026, 11, 24)


def test_receipt_on_a_saturday_counts_from_monday():
    deadline = compute_deadline(received("2027-01-16T08:00"), 2, "business_days", uf="MT")

    assert deadline.considered_received == D(2027, 1, 18)
    assert deadline.due == D(2027, 1, 20)


def test_two_weeks_is_fourteen_days_after_receipt():
    deadline = compute_deadline(received("2026-11-19T15:30"), 2, "weeks", uf="MS")

    assert deadline.due == D(2026, 12, 3)


def test_months_without_the_same_day_end_on_the_last_day_then_next_business_day():
    # 29 Jan + 1 month → 28 Feb 2027 (art. 66 § 3), a Sunday → Monday 1 March.
    deadline = compute_deadline(received("2027-01-29T10:00"), 1, "months", uf="MS")

    assert deadline.due == D(2027, 3, 1)


def test_receipt_time_is_read_in_the_state_timezone():
    late_evening_in_campo_grande = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)

    deadline = compute_deadline(late_evening_in_campo_grande, 1, "business_days", uf="MS")

    assert deadline.considered_received == D(2026, 11, 19)
    assert deadline.due == D(2026, 11, 23)


def test_due_year_boundary_skips_christmas_and_new_year():
    deadline = compute_deadline(received("2026-12-23T10:00"), 5, "business_days", uf="MS")

    # 24 Dec is a business day unless adopted; 25 Dec and 1 Jan are national holidays.
    assert deadline.due == D(2026, 12, 31)
    assert D(2026, 12, 25) in [d.date for d in deadline.skipped]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"uf": "XX"}, "uf"),
        ({"uf": "MS", "municipality": 5103403}, "municipality"),  # Cuiabá is in MT
        ({"uf": "MS", "municipality": 9999999}, "municipality"),
    ],
)
def test_bad_calendar_arguments_name_the_parameter(kwargs, param):
    with pytest.raises(CalendarError) as error:
        BusinessCalendar(**kwargs)
    assert error.value.param == param


def test_unknown_unit_is_rejected():
    with pytest.raises(CalendarError) as error:
        compute_deadline(received("2026-11-19T10:00"), 3, "fortnights", uf="MS")
    assert error.value.param == "unit"
