"""Fixtures of the agenda tests: MS and MT with their municipalities, the reference units and
catalog, the agenda's reference data (strategies and the 2022 MT plan), and one person per
agenda role in Mato Grosso. Time is frozen by the tests that need it (`mt_morning`)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

CUIABA_TZ = ZoneInfo("America/Cuiaba")
CUIABA = 5103403
VARZEA_GRANDE = 5108402
RONDONOPOLIS = 5107602


@pytest.fixture
def mt_morning():
    """Monday 2 March 2026, 09:00 in Cuiabá."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=CUIABA_TZ), tick=False):
        yield


@pytest.fixture
def agenda_seeds(db):
    from apoia.accounts.reference import load_org_units
    from apoia.agenda.reference import load_agenda_reference
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()
    load_agenda_reference()


def _person(email, full_name, role, **scope):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership
    from conftest import PASSWORD

    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    ensure_membership(user, role, **scope)
    return user


@pytest.fixture
def mt_technician(agenda_seeds):
    """Tânia, technician of MT's Coordenadoria de Proteção Social Básica (mt-cpsb)."""
    from apoia.accounts.models import OrgUnit, Role

    unit = OrgUnit.objects.get(slug="mt-cpsb")
    return _person("tania@apoia.test", "Tânia Torres", Role.TECHNICIAN, org_unit=unit)


@pytest.fixture
def neep_member(agenda_seeds):
    """Nádia, of MT's Núcleo Estadual de Educação Permanente (mt-neep)."""
    from apoia.accounts.models import OrgUnit, Role

    unit = OrgUnit.objects.get(slug="mt-neep")
    return _person("nadia@apoia.test", "Nádia Neves", Role.NEEP, org_unit=unit)


@pytest.fixture
def cuiaba_focal_point(agenda_seeds):
    """Marcos, municipal focal point of Cuiabá."""
    from apoia.accounts.models import Role
    from apoia.territory.models import Municipality

    return _person(
        "marcos@apoia.test",
        "Marcos Medeiros",
        Role.MUNICIPAL,
        municipality=Municipality.objects.get(ibge=CUIABA),
    )


@pytest.fixture
def varzea_focal_point(agenda_seeds):
    """Vera, municipal focal point of Várzea Grande."""
    from apoia.accounts.models import Role
    from apoia.territory.models import Municipality

    return _person(
        "vera@apoia.test",
        "Vera Vasconcelos",
        Role.MUNICIPAL,
        municipality=Municipality.objects.get(ibge=VARZEA_GRANDE),
    )


@pytest.fixture
def ms_technician(agenda_seeds):
    """Sílvio, technician of an MS unit: staff, but not of Mato Grosso's agenda."""
    from apoia.accounts.models import OrgUnit, Role

    unit = OrgUnit.objects.get(slug="ms-sec-spp-comunitarios")
    return _person("silvio@apoia.test", "Sílvio Souza", Role.TECHNICIAN, org_unit=unit)
