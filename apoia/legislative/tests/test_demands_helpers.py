"""What the parliamentary-demand tests share: the desk and its service, its people, the
frozen clock and a filing with sensible defaults (no tests here)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.legislative import reference_demands
from apoia.legislative.models import Bill, BillKind, House
from apoia.legislative.services_demands import file_demand

TZ = ZoneInfo("America/Campo_Grande")
PASSWORD = "senha-de-teste-1"
# Wednesday 18 March 2026, 10:00 in Campo Grande: 15 business days later (Good Friday, 3 April,
# is a holiday) is Thursday 9 April.
FILED_AT = dt.datetime(2026, 3, 18, 10, 0, tzinfo=TZ)
DUE = dt.date(2026, 4, 9)


def at(moment: dt.datetime = FILED_AT):
    return time_machine.travel(moment, tick=False)


def load_desk():
    """The reference data: ms-segem-sal under ms-segem, and the demanda-parlamentar service."""
    reference_demands.load()
    return reference_demands.desk_unit()


def person(email: str, full_name: str, role: str = "", **scope) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    if role:
        ensure_membership(user, role, **scope)
    return user


def desk_coordinator(desk) -> User:
    return person("dora@apoia.test", "Dora Dantas", Role.COORDINATOR, org_unit=desk)


def desk_technician(desk) -> User:
    return person("davi@apoia.test", "Davi Duarte", Role.TECHNICIAN, org_unit=desk)


def office() -> User:
    """A legislator's office: an account with no role."""
    return person("gabinete@apoia.test", "Gabinete do Vereador Teste")


def bill(state, desk, *, house=House.STATE_ASSEMBLY, municipality=None, number=12) -> Bill:
    return Bill.objects.create(
        house=house,
        state=state,
        municipality=municipality,
        kind=BillKind.ORDINARY_LAW,
        number=number,
        year=2026,
        author="Dep. Fictício",
        summary="Dispõe sobre o apoio às associações comunitárias.",
        desk=desk,
    )


def file(by, **overrides):
    data = {
        "legislator": "Vereadora Helena Prado",
        "party": "PXX",
        "house": House.MUNICIPAL_CHAMBER,
        "municipality": None,
        "bill": None,
        "subject": "Iluminação da praça do Bairro Teste",
        "description": "Pede informações sobre a reforma da iluminação da praça central.",
    }
    data.update(overrides)
    return file_demand(by=by, **data)
