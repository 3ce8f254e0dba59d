"""Every change to the business-day calendar goes through these functions."""

import datetime as dt

from django.db import transaction
from django.dispatch import Signal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apoia.territory.calendar import optional_days
from apoia.territory.models import Municipality, NonBusinessDay, NonBusinessDayKind, State

# Sent when a day stops being a business day, so apps that store due dates (protocol) move
# them. Sent inside the transaction that records the day: a receiver that fails undoes the
# change of the calendar too, and the dates never disagree with it. Arguments: day
# (NonBusinessDay), by (who changed the calendar, or None).
non_business_day_added = Signal()
# Sent, the same way, when such a day is removed or moved. Arguments: day (the row as it was,
# with its date, name and scope still readable), by.
non_business_day_removed = Signal()


class CalendarChangeError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@transaction.atomic
def add_non_business_day(
    *,
    date: dt.date,
    name: str,
    kind: str,
    state: State | None = None,
    municipality: Municipality | None = None,
    legal_basis: str = "",
    by=None,
) -> NonBusinessDay:
    """Record a municipal holiday or an adopted closure day for a state or a municipality."""
    if kind == NonBusinessDayKind.MUNICIPAL_HOLIDAY and municipality is None:
        raise CalendarChangeError("municipality", _("Feriado municipal exige um município."))
    if municipality is not None:
        state = None
    elif state is None:
        raise CalendarChangeError("state", _("Informe o estado ou o município."))
    duplicate = NonBusinessDay.objects.filter(date=date)
    duplicate = (
        duplicate.filter(municipality=municipality)
        if municipality
        else duplicate.filter(state=state)
    )
    if duplicate.exists():
        raise CalendarChangeError(
            "date",
            _("Já existe um dia não útil em %(date)s para esse local.")
            % {"date": date_format(date, "SHORT_DATE_FORMAT")},
        )
    day = NonBusinessDay.objects.create(
        date=date,
        name=name.strip(),
        kind=kind,
        state=state,
        municipality=municipality,
        legal_basis=legal_basis.strip(),
        created_by=by,
    )
    non_business_day_added.send(sender=NonBusinessDay, day=day, by=by)
    return day


def adopt_optional_day(
    *, state: State, date: dt.date, by=None, legal_basis: str = ""
) -> NonBusinessDay:
    """Adopt, for a whole state, one of the optional days `holidays` offers (e.g. Carnaval)."""
    offered = {d.date: d.reason for d in optional_days(state.uf, date.year)}
    if date not in offered:
        raise CalendarChangeError(
            "date",
            _("%(date)s não é um ponto facultativo sugerido.")
            % {"date": date_format(date, "SHORT_DATE_FORMAT")},
        )
    return add_non_business_day(
        date=date,
        name=offered[date],
        kind=NonBusinessDayKind.CLOSURE,
        state=state,
        legal_basis=legal_basis,
        by=by,
    )


@transaction.atomic
def remove_non_business_day(day: NonBusinessDay, *, by=None) -> None:
    """Undo a municipal holiday or closure day recorded by mistake."""
    day.delete()
    non_business_day_removed.send(sender=NonBusinessDay, day=day, by=by)


@transaction.atomic
def save_non_business_day(day: NonBusinessDay, *, by=None) -> NonBusinessDay:
    """Save a day edited as a whole (the Django admin). A new day moves the due dates on it;
    a day moved to another date or place gives back the dates the old one moved, then moves
    those on the new one."""
    before = NonBusinessDay.objects.filter(pk=day.pk).first() if day.pk else None
    if before is None:
        day.created_by = by
    day.save()
    where = (day.date, day.state_id, day.municipality_id)
    if before is not None and (before.date, before.state_id, before.municipality_id) != where:
        non_business_day_removed.send(sender=NonBusinessDay, day=before, by=by)
        before = None
    if before is None:
        non_business_day_added.send(sender=NonBusinessDay, day=day, by=by)
    return day
