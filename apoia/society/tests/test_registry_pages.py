import pytest

from apoia.society.models.registry import AreaOfWork, Leader, OrganizationRecord

pytestmark = pytest.mark.django_db

CPF = "52998224725"
PERSONAL_EMAIL = "dirigente.pessoal@exemplo.test"
PERSONAL_PHONE = "67999887766"


@pytest.fixture
def record(organization):
    area = AreaOfWork.objects.create(slug="cultura", name="Cultura e recreação")
    rec = OrganizationRecord.objects.create(
        organization=organization, legal_nature="Associação privada"
    )
    rec.areas.add(area)
    Leader.objects.create(
        organization=organization,
        name="Joana Dirigente",
        position="Presidente",
        cpf=CPF,
        email=PERSONAL_EMAIL,
        phone=PERSONAL_PHONE,
    )
    return rec


def _no_personal_data(text):
    assert CPF not in text
    assert PERSONAL_EMAIL not in text
    assert PERSONAL_PHONE not in text


def test_registry_lists_organizations(client, record):
    response = client.get("/organizacoes/")
    assert "Associação de Moradores do Jardim Teste" in response.content.decode()


def test_registry_text_search_ignores_accents(client, record, other_organization):
    page = client.get("/organizacoes/?q=associacao jardim").content.decode()
    assert "Associação de Moradores do Jardim Teste" in page
    assert "Cooperativa Outra" not in page


def test_registry_filters_by_area(client, record, other_organization):
    page = client.get("/organizacoes/?area=cultura").content.decode()
    assert "Cooperativa Outra" not in page


def test_registry_empty_state(client):
    assert "Nenhuma organização encontrada." in client.get("/organizacoes/?q=zzz").content.decode()


def test_organization_page_shows_leader_name_but_no_personal_data(client, record, organization):
    page = client.get(f"/organizacoes/{organization.pk}/").content.decode()
    assert "Joana Dirigente" in page
    _no_personal_data(page)


def test_unknown_organization_is_404(client):
    assert client.get("/organizacoes/999999/").status_code == 404


def test_open_data_csv_has_no_personal_data(client, record):
    response = client.get("/organizacoes/dados.csv")
    text = b"".join(response.streaming_content).decode()
    assert "Associação de Moradores do Jardim Teste" in text
    _no_personal_data(text)


def test_open_data_json_has_no_personal_data(client, record, organization):
    response = client.get("/organizacoes/dados.json")
    data = response.json()
    assert data[0]["areas"] == ["Cultura e recreação"]
    _no_personal_data(response.content.decode())


def test_requests_section_is_hidden_from_the_public(organization):
    from django.contrib.auth.models import AnonymousUser

    from apoia.society.hooks_registry import requests_section

    assert requests_section(organization, AnonymousUser()) is None
