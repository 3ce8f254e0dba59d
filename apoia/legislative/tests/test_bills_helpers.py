"""Shared data of the bills tests: the desk (ms-segem-sal), its staff, three units of MS to
consult and a bill. Bills are requested before a national holiday (Friday 20/11/2026, Dia
da Consciência Negra) so deadlines are literal dates counted by hand."""

import datetime as dt

import pytest
import time_machine

from apoia.accounts.models import OrgUnit, OrgUnitKind, Role, User
from apoia.accounts.reference import ensure_unit
from apoia.accounts.services import ensure_membership
from apoia.legislative import services_bills, services_opinions
from apoia.legislative.models import BillKind, House

# Monday 16/11/2026; Friday 20/11 is a national holiday.
REQUESTED_ON = dt.date(2026, 11, 16)
NOW = "2026-11-16 10:00 -04:00"
DUE_5 = dt.date(2026, 11, 24)  # 17, 18, 19, (20 holiday), 23, 24
DUE_10 = dt.date(2026, 12, 1)  # 25, 26, 27, 30/11, 01/12
DUE_15 = dt.date(2026, 12, 8)  # 02, 03, 04, 07, 08


def at(moment=NOW):
    return time_machine.travel(moment, tick=False)


def person(email, unit, role=Role.COORDINATOR, name="Pessoa de Teste"):
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    ensure_membership(user, role, org_unit=unit)
    return user


@pytest.fixture
def desk(state_ms):
    parent = ensure_unit("ms-segem")
    return OrgUnit.objects.get_or_create(
        slug="ms-segem-sal",
        defaults={
            "name": "Superintendência de Acompanhamento Legislativo",
            "acronym": "SAL",
            "kind": OrgUnitKind.SUPERINTENDENCY,
            "parent": parent,
            "state": state_ms,
        },
    )[0]


@pytest.fixture
def desk_user(desk):
    """Sílvia, technician of the legislative desk."""
    return person("silvia@apoia.test", desk, Role.TECHNICIAN, "Sílvia Souza")


@pytest.fixture
def segem(state_ms):
    return ensure_unit("ms-segem")


@pytest.fixture
def three_units(community_unit, ombudsman_unit, segem):
    return [community_unit, ombudsman_unit, segem]


@pytest.fixture
def mt_unit(state_mt):
    return ensure_unit("mt-setasc")


def new_bill(by, desk, **overrides):
    data = {
        "desk": desk,
        "house": House.STATE_ASSEMBLY,
        "kind": BillKind.ORDINARY_LAW,
        "number": 123,
        "year": 2026,
        "author": "Dep. Fulana de Tal",
        "summary": "Institui a política estadual de apoio às associações comunitárias.",
        "link": "https://al.ms.gov.br/proposicoes/123-2026",
        "filed_on": dt.date(2026, 11, 10),
    }
    data.update(overrides)
    with at():
        return services_bills.create_bill(by=by, **data)


@pytest.fixture
def bill(desk_user, desk):
    return new_bill(desk_user, desk)


def route(by, bill, units, days=10, **kwargs):
    with at():
        return services_opinions.route_bill(
            by=by, bill=bill, units=units, business_days=days, **kwargs
        )
