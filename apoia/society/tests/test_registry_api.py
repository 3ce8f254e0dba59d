import json

import pytest

from apoia.accounts.models import ApiToken, Organization
from apoia.society.models.registry import Leader

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations"
VALID_CNPJ = "11222333000181"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client, user, **body):
    payload = {"name": "Coletivo Novo", "kind": "collective", "municipality": 5002704, **body}
    return client.post(URL, json.dumps(payload), content_type="application/json", **_auth(user))


def test_list_filters_by_kind(client, organization, other_organization):
    Organization.objects.filter(pk=other_organization.pk).update(kind="cooperative")
    names = [o["name"] for o in client.get(URL + "?kind=cooperative").json()]
    assert names == ["Cooperativa Outra"]


def test_list_filters_by_text_ignoring_accents(client, organization, other_organization):
    names = [o["name"] for o in client.get(URL + "?q=associacao").json()]
    assert names == ["Associação de Moradores do Jardim Teste"]


def test_list_answers_municipality_name_and_code(client, organization, campo_grande):
    row = client.get(URL).json()[0]
    assert (row["municipality"], row["municipality_code"], row["uf"]) == (
        campo_grande.name,
        campo_grande.ibge,
        "MS",
    )


def test_detail_has_leaders_without_personal_data(client, organization):
    Leader.objects.create(
        organization=organization,
        name="Joana",
        position="Presidente",
        cpf="52998224725",
        email="joana@pessoal.test",
        phone="67999887766",
    )
    response = client.get(f"{URL}/{organization.cnpj}")
    assert response.json()["leaders"][0]["name"] == "Joana"
    text = response.content.decode()
    assert "52998224725" not in text and "joana@pessoal.test" not in text
    assert "67999887766" not in text


def test_detail_unknown_cnpj_is_404(client):
    response = client.get(f"{URL}/{VALID_CNPJ}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Organização não encontrada."


def test_staff_creates_an_organization(client, coordinator, campo_grande):
    response = _post(client, coordinator, cnpj=VALID_CNPJ, municipality=campo_grande.ibge)
    assert response.status_code == 201
    assert response.json()["cnpj"] == VALID_CNPJ


def test_invalid_cnpj_is_422_naming_cnpj(client, coordinator, campo_grande):
    response = _post(client, coordinator, cnpj="11222333000100", municipality=campo_grande.ibge)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cnpj"


def test_duplicate_cnpj_is_409(client, coordinator, campo_grande, organization):
    response = _post(client, coordinator, cnpj=organization.cnpj, municipality=campo_grande.ibge)
    assert response.status_code == 409


def test_unknown_municipality_is_422(client, coordinator):
    response = _post(client, coordinator, municipality=1)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "municipality"


def test_representative_cannot_create(client, organization_user, campo_grande):
    response = _post(client, organization_user, municipality=campo_grande.ibge)
    assert response.status_code == 403
