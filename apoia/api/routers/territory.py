import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.errors import FieldError
from apoia.lib.collation import portuguese
from apoia.territory.calendar import BusinessCalendar, CalendarError, compute_deadline
from apoia.territory.models import DeadlineUnit, Municipality, State

router = Router(tags=["território e calendário"])


class StateOut(Schema):
    code: int
    uf: str
    name: str
    region: str
    timezone: str


class MunicipalityOut(Schema):
    ibge: int
    name: str
    uf: str
    is_capital: bool
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_uf(obj):
        return obj.state.uf


class DayOffOut(Schema):
    date: dt.date
    reason: str
    scope: str


class DeadlineOut(Schema):
    received: dt.datetime
    considered_received: dt.date
    counting_starts: dt.date
    due: dt.date
    amount: int
    unit: DeadlineUnit
    skipped: list[DayOffOut]


class HolidayOut(Schema):
    date: dt.date
    name: str
    scope: str


def _calendar(uf: str, municipality: int | None) -> BusinessCalendar:
    try:
        return BusinessCalendar(uf, municipality)
    except CalendarError as exc:
        raise FieldError(exc.param, exc.message, status=400) from exc


@router.get("/states", response=list[StateOut], summary="Estados (UF)")
def list_states(request):
    return State.objects.all()


@router.get("/municipalities", response=list[MunicipalityOut], summary="Municípios")
def list_municipalities(request, uf: str | None = None, q: str | None = None):
    rows = Municipality.objects.select_related("state")
    if uf:
        if not State.objects.filter(uf=uf.upper()).exists():
            raise FieldError("uf", _("UF desconhecida: %(uf)s.") % {"uf": uf}, status=400)
        rows = rows.in_state(uf)
    if q:
        rows = rows.filter(name__icontains=q)
    return rows.order_by(portuguese("name"))


@router.get("/municipalities/{ibge}", response=MunicipalityOut, summary="Um município")
def get_municipality(request, ibge: int):
    return get_object_or_404(Municipality.objects.select_related("state"), ibge=ibge)


def _parse_received(value: str) -> dt.datetime | dt.date:
    try:
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError as exc:
        raise FieldError(
            "received", _("Data inválida; use AAAA-MM-DD ou AAAA-MM-DDTHH:MM."), status=400
        ) from exc


@router.get("/calendar/deadline", response=DeadlineOut, summary="Calcular prazo")
def deadline(
    request,
    received: str,
    amount: int,
    uf: str,
    unit: DeadlineUnit = DeadlineUnit.BUSINESS_DAYS,
    municipality: int | None = None,
):
    """Prazo pela regra da Lei 9.784/1999, art. 66, no calendário da UF e do município.

    `received` aceita `AAAA-MM-DD` ou `AAAA-MM-DDTHH:MM` (hora local da UF quando sem fuso).
    """
    when = _parse_received(received)
    cal = _calendar(uf, municipality)
    try:
        return compute_deadline(when, amount, unit, uf=cal.uf, calendar=cal)
    except CalendarError as exc:
        raise FieldError(exc.param, exc.message, status=400) from exc


@router.get("/calendar/holidays", response=list[HolidayOut], summary="Feriados e pontos")
def list_holidays(request, uf: str, year: int, municipality: int | None = None):
    """Feriados nacionais e estaduais, feriados municipais e pontos facultativos adotados."""
    if not 1900 <= year <= 2200:
        raise FieldError("year", _("Ano fora do intervalo 1900–2200."), status=400)
    cal = _calendar(uf, municipality)
    return [{"date": d.date, "name": d.reason, "scope": d.scope} for d in cal.holidays_in(year)]
