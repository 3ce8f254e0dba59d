"""Factories of the agenda's rows. They need the reference data (`agenda_seeds`): events are
in Mato Grosso, run by mt-cpsb, on Wednesday 11 March 2026 from 14:00 to 17:00 in Cuiabá."""

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from apoia.accounts.models import OrgUnit, Theme, User
from apoia.agenda.models import (
    Event,
    EventStatus,
    EventType,
    Modality,
    Registration,
    RegistrationStatus,
    Slot,
)
from apoia.territory.models import Municipality, State

CUIABA_TZ = ZoneInfo("America/Cuiaba")
_codes = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in Cuiabá's time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CUIABA_TZ)


def _creator():
    return User.objects.get_or_create(
        email="criador@apoia.test", defaults={"full_name": "Criador dos Eventos"}
    )[0]


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    state = factory.LazyFunction(lambda: State.objects.get(uf="MT"))
    unit = factory.LazyFunction(lambda: OrgUnit.objects.get(slug="mt-cpsb"))
    title = factory.Sequence(lambda n: f"Web Encontro Estadual {n}")
    type = EventType.WEB_ENCONTRO
    modality = Modality.ONLINE
    theme = "Serviço de Convivência e Fortalecimento de Vínculos"
    start = factory.LazyFunction(lambda: at(dt.date(2026, 3, 11), 14))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=3))
    workload_hours = Decimal("3.0")
    url = "https://conferencia.mt.gov.br/sala/scfv"
    status = EventStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: o.start - dt.timedelta(days=20) if o.status == EventStatus.PUBLISHED else None
    )
    created_by = factory.LazyFunction(_creator)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    code = factory.LazyFunction(lambda: f"T{next(_codes):07d}")
    name = factory.Sequence(lambda n: f"Participante {n}")
    email = factory.Sequence(lambda n: f"participante{n}@cuiaba.mt.gov.br")
    role = "Técnica do CRAS"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ibge=5103403))
    status = RegistrationStatus.REGISTERED


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    unit = factory.LazyFunction(lambda: OrgUnit.objects.get(slug="mt-cpsb"))
    technician = factory.LazyFunction(_creator)
    theme = factory.LazyFunction(lambda: Theme.objects.get(slug="paif"))
    start = factory.LazyFunction(lambda: at(dt.date(2026, 3, 10), 9))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))
    modality = Modality.HYBRID
    place = "Sede da SAAS/SETASC, Cuiabá"
    url = "https://conferencia.mt.gov.br/sala/apoio"
