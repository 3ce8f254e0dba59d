"""Fixtures of the adhesion tests: MS with its 79 municipalities, the reference units and
catalog, and MS Ativo with three phases (the third open for adhesion from 1 March to 30 April
2026)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

CAMPO_GRANDE_TZ = ZoneInfo("America/Campo_Grande")


@pytest.fixture
def march_18_2026():
    with time_machine.travel(dt.datetime(2026, 3, 18, 10, 0, tzinfo=CAMPO_GRANDE_TZ), tick=False):
        yield


@pytest.fixture
def ms_seeds(db):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


@pytest.fixture
def ms_ativo(ms_seeds):
    from apoia.accounts.models import OrgUnit
    from apoia.catalog.models import Service
    from apoia.programs.models import Phase, PhaseStatus, Program
    from apoia.territory.models import State

    program = Program.objects.create(
        slug="ms-ativo",
        name="MS Ativo Municipalismo",
        goal="Cooperação entre o Estado e os municípios baseada em indicadores.",
        state=State.objects.get(uf="MS"),
        managing_unit=OrgUnit.objects.get(slug="ms-segem"),
        adhesion_service=Service.objects.get(slug="adesao-ms-ativo"),
    )
    Phase.objects.create(
        program=program, slug="fase-1", name="Fase 1", order=1, status=PhaseStatus.CLOSED
    )
    Phase.objects.create(
        program=program, slug="fase-2", name="Fase 2", order=2, status=PhaseStatus.CLOSED
    )
    Phase.objects.create(
        program=program,
        slug="fase-3",
        name="Fase 3",
        order=3,
        status=PhaseStatus.ADHESION,
        start=dt.date(2026, 3, 1),
        adhesion_opens=dt.date(2026, 3, 1),
        adhesion_closes=dt.date(2026, 4, 30),
    )
    return program


@pytest.fixture
def phase_3(ms_ativo):
    return ms_ativo.phases.get(slug="fase-3")


@pytest.fixture
def segem_coordinator(ms_seeds):
    """Sílvia, coordinator of the Secretaria-Executiva de Gestão Estratégica e Municipalismo."""
    from apoia.accounts.models import OrgUnit, Role, User
    from apoia.accounts.services import ensure_membership

    user = User.objects.create_user(
        email="silvia@apoia.test", password="senha-de-teste-1", full_name="Sílvia Souza"
    )
    ensure_membership(user, Role.COORDINATOR, org_unit=OrgUnit.objects.get(slug="ms-segem"))
    return user


@pytest.fixture
def mario(ms_seeds, municipal_user):
    """Mário, focal point of Campo Grande (the root persona, on the full MS reference data)."""
    return municipal_user


@pytest.fixture
def file_adhesion(ms_ativo, phase_3, mario):
    """Files an adhesion request of Campo Grande for phase 3; kwargs override."""
    from apoia.programs import services
    from apoia.territory.models import Municipality

    def _file(**overrides):
        kwargs = {
            "program": ms_ativo,
            "phase": phase_3,
            "municipality": Municipality.objects.get(ibge=5002704),
            "focal_points": [
                services.FocalPointData(
                    name="Renata Lima",
                    role="Secretária de Planejamento",
                    email="renata.lima@exemplo.ms.gov.br",
                    phone="(67) 3314-0000",
                )
            ],
            "mayor_declaration": True,
            "by": mario,
        }
        kwargs.update(overrides)
        return services.request_adhesion(**kwargs)

    return _file


@pytest.fixture
def patient_writers():
    """On SQLite, writers wait their turn for as long as a loaded machine needs."""
    from django.db import connection

    from apoia.programs.tests.concurrency import WRITE_TIMEOUT

    if connection.vendor != "sqlite":
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    options["timeout"] = WRITE_TIMEOUT
    yield
    options["timeout"] = saved
