"""Business days and deadlines: the one place where Apoia computes a due date.

Rule (Lei 9.784/1999, art. 66): a request received on a day that is not a business day counts
as received on the next business day, R. The day of the beginning is excluded and the day of
the end included, so for business days the due day is the N-th business day after R; for
calendar days, weeks and months it is R + N (months "de data a data", the last day of the month
when the month has no such day, art. 66 § 3), moved forward to the next business day when it is
not one (§ 1).

A business day is a weekday that is not a national or state public holiday (from `holidays`),
a municipal holiday of the requester's municipality, or a closure day adopted for the state or
that municipality (`NonBusinessDay` rows).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from holidays.constants import OPTIONAL, PUBLIC

from apoia.territory.models import DeadlineUnit, Municipality, NonBusinessDay, State


class Scope:
    NATIONAL = "national"
    STATE = "state"
    MUNICIPAL = "municipal"
    CLOSURE = "closure"
    WEEKEND = "weekend"


@dataclass(frozen=True)
class DayOff:
    date: dt.date
    reason: str
    scope: str


@dataclass
class Deadline:
    received: dt.datetime
    considered_received: dt.date
    counting_starts: dt.date
    due: dt.date
    amount: int
    unit: str
    skipped: list[DayOff] = field(default_factory=list)


class CalendarError(ValueError):
    """Bad input to the calendar; `param` names the offending argument."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


def _holidays_language() -> str:
    return "en_US" if (translation.get_language() or "").startswith("en") else "pt_BR"


def state_timezone(uf: str) -> ZoneInfo:
    name = State.objects.filter(uf=uf).values_list("timezone", flat=True).first()
    return ZoneInfo(name or settings.TIME_ZONE)


class BusinessCalendar:
    """Which days are business days for one state and, optionally, one of its municipalities."""

    def __init__(self, uf: str, municipality: int | None = None):
        uf = (uf or "").upper()
        if uf not in holidays.BR.subdivisions:
            raise CalendarError("uf", _("UF desconhecida: %(uf)s.") % {"uf": uf})
        if municipality is not None:
            state_uf = (
                Municipality.objects.filter(ibge=municipality)
                .values_list("state__uf", flat=True)
                .first()
            )
            if state_uf is None:
                raise CalendarError(
                    "municipality",
                    _("Município %(ibge)s não encontrado.") % {"ibge": municipality},
                )
            if state_uf != uf:
                raise CalendarError(
                    "municipality",
                    _("O município %(ibge)s não pertence à UF %(uf)s.")
                    % {"ibge": municipality, "uf": uf},
                )
        self.uf = uf
        self.municipality = municipality
        self._days_off: dict[dt.date, DayOff] = {}
        self._loaded_years: set[int] = set()

    def _load_year(self, year: int) -> None:
        if year in self._loaded_years:
            return
        self._loaded_years.add(year)
        language = _holidays_language()
        national = holidays.country_holidays(
            "BR", years=year, categories=(PUBLIC,), language=language
        )
        regional = holidays.country_holidays(
            "BR", subdiv=self.uf, years=year, categories=(PUBLIC,), language=language
        )
        for day, name in regional.items():
            scope = Scope.NATIONAL if day in national else Scope.STATE
            self._days_off[day] = DayOff(day, name, scope)
        rows = NonBusinessDay.objects.filter(date__year=year).filter(
            Q(state__uf=self.uf) | Q(municipality_id=self.municipality)
            if self.municipality
            else Q(state__uf=self.uf)
        )
        for row in rows.only("date", "name", "kind", "municipality_id"):
            scope = Scope.CLOSURE if row.kind == "closure" else Scope.MUNICIPAL
            previous = self._days_off.get(row.date)
            name = f"{previous.reason}; {row.name}" if previous else row.name
            self._days_off[row.date] = DayOff(row.date, name, previous.scope if previous else scope)

    def day_off(self, day: dt.date) -> DayOff | None:
        """Why `day` is not a business day, or None when it is one."""
        self._load_year(day.year)
        if found := self._days_off.get(day):
            return found
        if day.weekday() == 5:
            return DayOff(day, _("sábado"), Scope.WEEKEND)
        if day.weekday() == 6:
            return DayOff(day, _("domingo"), Scope.WEEKEND)
        return None

    def is_business_day(self, day: dt.date) -> bool:
        return self.day_off(day) is None

    def holidays_in(self, year: int) -> list[DayOff]:
        """Holidays and adopted closure days of a year (weekends left out), by date."""
        self._load_year(year)
        return sorted(
            (d for d in self._days_off.values() if d.date.year == year), key=lambda d: d.date
        )


def optional_days(uf: str, year: int) -> list[DayOff]:
    """Days that `holidays` lists as optional (Carnaval, Corpus Christi...), for adoption."""
    found = holidays.country_holidays(
        "BR", subdiv=uf.upper(), years=year, categories=(OPTIONAL,), language=_holidays_language()
    )
    return [DayOff(day, name, Scope.CLOSURE) for day, name in sorted(found.items())]


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = pycalendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _local_date(received: dt.datetime | dt.date, uf: str) -> tuple[dt.datetime, dt.date]:
    tz = state_timezone(uf)
    if isinstance(received, dt.datetime):
        aware = received if received.tzinfo else received.replace(tzinfo=tz)
    else:
        aware = dt.datetime.combine(received, dt.time(0, 0), tzinfo=tz)
    return aware, aware.astimezone(tz).date()


def compute_deadline(
    received: dt.datetime | dt.date,
    amount: int,
    unit: str,
    *,
    uf: str,
    municipality: int | None = None,
    calendar: BusinessCalendar | None = None,
) -> Deadline:
    """The due date of a period of `amount` `unit`s for a request received at `received`."""
    if unit not in DeadlineUnit.values:
        raise CalendarError(
            "unit",
            _("Unidade inválida: %(unit)s. Use uma de: %(units)s.")
            % {"unit": unit, "units": ", ".join(DeadlineUnit.values)},
        )
    if not isinstance(amount, int) or amount < 0 or amount > 3660:
        raise CalendarError("amount", _("A quantidade deve ser um inteiro entre 0 e 3660."))
    cal = calendar or BusinessCalendar(uf, municipality)
    aware, local_day = _local_date(received, cal.uf)

    skipped: list[DayOff] = []
    considered = local_day
    while off := cal.day_off(considered):
        skipped.append(off)
        considered += dt.timedelta(days=1)

    if unit == DeadlineUnit.BUSINESS_DAYS:
        due, counted, counting_starts = considered, 0, None
        while counted < amount:
            due += dt.timedelta(days=1)
            if off := cal.day_off(due):
                skipped.append(off)
            else:
                counted += 1
                counting_starts = counting_starts or due
        counting_starts = counting_starts or considered
    else:
        counting_starts = considered + dt.timedelta(days=1) if amount else considered
        if unit == DeadlineUnit.CALENDAR_DAYS:
            due = considered + dt.timedelta(days=amount)
        elif unit == DeadlineUnit.WEEKS:
            due = considered + dt.timedelta(weeks=amount)
        else:
            due = add_months(considered, amount)
        while off := cal.day_off(due):
            skipped.append(off)
            due += dt.timedelta(days=1)

    return Deadline(
        received=aware,
        considered_received=considered,
        counting_starts=counting_starts,
        due=due,
        amount=amount,
        unit=unit,
        skipped=skipped,
    )


def next_business_day(day: dt.date, calendar: BusinessCalendar) -> dt.date:
    """`day` itself when it is a business day, else the next one."""
    while not calendar.is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def business_days_between(start: dt.date, end: dt.date, calendar: BusinessCalendar) -> int:
    """Business days in (start, end]: how many a paused clock must give back."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if calendar.is_business_day(day):
            count += 1
    return count
