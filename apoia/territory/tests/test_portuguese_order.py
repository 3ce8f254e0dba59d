"""Municipality and organization lists in the order Portuguese readers expect, on both engines."""

from apoia.accounts.models import Organization
from apoia.accounts.tests.factories import MunicipalityFactory, OrganizationFactory
from apoia.lib.collation import reading_key
from apoia.territory.models import Municipality

MS_START = ["Água Clara", "Alcinópolis", "Amambai", "Anastácio"]
MS_F = ["Fátima do Sul", "Figueirão"]


def test_accented_initials_sort_with_their_letter(ms_mt):
    names = list(Municipality.objects.in_state("MS").values_list("name", flat=True))

    assert names[:4] == MS_START
    assert names.index("Fátima do Sul") + 1 == names.index("Figueirão")


def test_the_municipality_api_lists_in_the_same_order(client, ms_mt):
    names = [row["name"] for row in client.get("/api/v1/municipalities", {"uf": "MS"}).json()]

    assert [name for name in names if name in MS_F] == MS_F


def test_organizations_sort_ignoring_accents_and_case(db):
    town = MunicipalityFactory()
    for name in ["Zumbi dos Palmares", "Ética Cidadã", "associação Vila Nova", "Esperança"]:
        OrganizationFactory(name=name, municipality=town)

    assert list(Organization.objects.values_list("name", flat=True)) == [
        "associação Vila Nova",
        "Esperança",
        "Ética Cidadã",
        "Zumbi dos Palmares",
    ]


def test_python_lists_use_the_same_key():
    assert sorted(["Figueirão", "Fátima do Sul", "Alcinópolis", "Água Clara"], key=reading_key) == [
        "Água Clara",
        "Alcinópolis",
        "Fátima do Sul",
        "Figueirão",
    ]
