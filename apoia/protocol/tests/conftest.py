import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apoia.protocol import services

CAMPO_GRANDE_TZ = ZoneInfo("America/Campo_Grande")


def local(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=CAMPO_GRANDE_TZ)


@pytest.fixture
def wednesday_2026_03_18():
    """Now is Wednesday 18 March 2026, 10:00 in Campo Grande, and the clock stands still.

    Ask for it before the fixtures that file requests, so their dates are fixed too. From this
    day: 10 business days end on 1 April; Good Friday (3 April 2026) is the next holiday.
    """
    with time_machine.travel(local("2026-03-18T10:00"), tick=False):
        yield


@pytest.fixture
def seeds(db):
    """MS and MT with their municipalities, the reference units and the catalog."""
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


@pytest.fixture
def community_service(seeds):
    from apoia.catalog.models import Service

    return Service.objects.get(slug="orientacao-associacoes-comunitarias")


@pytest.fixture
def submit(community_service):
    """Files a public request for the community-association service; kwargs override."""
    from apoia.territory.models import Municipality

    def _submit(**overrides):
        kwargs = {
            "service": community_service,
            "option": community_service.options.get(slug="formacao-capacitacao"),
            "description": "Pedimos uma formação para a diretoria da associação.",
            "requester": services.RequesterData(
                name="Maria da Silva", email="maria@example.org", document="529.982.247-25"
            ),
            "organization": services.OrganizationData(
                name="Associação do Bairro Teste", cnpj="11.222.333/0001-81"
            ),
            "municipality": Municipality.objects.get(ibge=5002704),
            "suggested_dates": "10 a 14/03/2027",
            "suggested_agenda": "Manhã: estatuto; tarde: prestação de contas.",
        }
        kwargs.update(overrides)
        return services.submit_request(**kwargs)

    return _submit
