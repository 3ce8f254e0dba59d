"""API of the organization CSV import: /api/v1/organizations/imports."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.models import ApiToken, Organization
from apoia.society.models.registry import ImportBatch

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/imports"
GOOD = "nome;tipo;cnpj;municipio_ibge\nColetivo Novo;collective;11222333000181;5002704\n"
BAD = "nome;tipo;cnpj;municipio_ibge\nColetivo Novo;collective;11222333000100;5002704\n"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _send(client, user, content, file_name="orgs.csv"):
    body = json.dumps({"file_name": file_name, "content": content})
    return client.post(URL, body, content_type="application/json", **_auth(user))


def test_a_good_json_file_is_previewed_with_201(client, coordinator, campo_grande):
    response = _send(client, coordinator, GOOD)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["created_count"], body["errors"]) == ("previewed", 1, [])
    assert not Organization.objects.filter(name="Coletivo Novo").exists()


def test_a_multipart_file_is_accepted(client, coordinator, campo_grande):
    upload = SimpleUploadedFile("orgs.csv", GOOD.encode("latin-1"))
    response = client.post(URL, {"file": upload}, **_auth(coordinator))
    assert (response.status_code, response.json()["file_name"]) == (201, "orgs.csv")


def test_an_invalid_file_answers_422_with_row_errors(client, coordinator, campo_grande):
    response = _send(client, coordinator, BAD)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "invalid"
    assert body["errors"] == [
        {
            "loc": ["rows", 2, "cnpj"],
            "row": 2,
            "field": "rows.2.cnpj",
            "message": "CNPJ inválido.",
        }
    ]


def test_a_json_without_content_is_422_naming_content(client, coordinator):
    body = json.dumps({"file_name": "a.csv"})
    response = client.post(URL, body, content_type="application/json", **_auth(coordinator))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": "content", "message": "Campo obrigatório."}


def test_a_representative_gets_403(client, organization_user):
    assert _send(client, organization_user, GOOD).status_code == 403
    assert ImportBatch.objects.count() == 0


def test_without_a_token_the_answer_is_401(client):
    assert client.post(URL, "{}", content_type="application/json").status_code == 401


def test_commit_creates_and_answers_the_counts(client, coordinator, campo_grande):
    batch_id = _send(client, coordinator, GOOD).json()["id"]
    response = client.post(f"{URL}/{batch_id}/commit", **_auth(coordinator))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["created_count"], body["updated_count"]) == ("committed", 1, 0)
    assert Organization.objects.filter(cnpj="11222333000181").exists()


def test_a_second_commit_is_409_and_writes_nothing_more(client, coordinator, campo_grande):
    batch_id = _send(client, coordinator, GOOD).json()["id"]
    client.post(f"{URL}/{batch_id}/commit", **_auth(coordinator))
    response = client.post(f"{URL}/{batch_id}/commit", **_auth(coordinator))
    assert (response.status_code, response.json()["detail"]) == (
        409,
        "Esta importação já foi feita.",
    )
    assert Organization.objects.filter(cnpj="11222333000181").count() == 1


def test_an_invalid_batch_cannot_be_committed(client, coordinator, campo_grande):
    batch_id = _send(client, coordinator, BAD).json()["id"]
    response = client.post(f"{URL}/{batch_id}/commit", **_auth(coordinator))
    assert response.status_code == 409
    assert not Organization.objects.filter(name="Coletivo Novo").exists()


def test_get_answers_the_batch(client, coordinator, campo_grande):
    batch_id = _send(client, coordinator, GOOD).json()["id"]
    response = client.get(f"{URL}/{batch_id}", **_auth(coordinator))
    assert (response.status_code, response.json()["status"]) == (200, "previewed")


def test_get_of_an_unknown_batch_is_404(client, coordinator):
    assert client.get(f"{URL}/999999", **_auth(coordinator)).status_code == 404


def test_commit_by_a_representative_is_403(client, coordinator, organization_user, campo_grande):
    batch_id = _send(client, coordinator, GOOD).json()["id"]
    response = client.post(f"{URL}/{batch_id}/commit", **_auth(organization_user))
    assert response.status_code == 403
    assert not Organization.objects.filter(name="Coletivo Novo").exists()


def test_the_detail_by_cnpj_still_answers(client, organization):
    response = client.get(f"/api/v1/organizations/{organization.cnpj}")
    assert response.status_code == 200


def test_the_openapi_document_describes_both_bodies(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    content = paths["/api/v1/organizations/imports"]["post"]["requestBody"]["content"]
    assert sorted(content) == ["application/json", "multipart/form-data"]


def test_the_batch_names_an_earlier_import_of_the_same_file(client, coordinator, campo_grande):
    first = _send(client, coordinator, GOOD).json()["id"]
    client.post(f"{URL}/{first}/commit", **_auth(coordinator))
    assert _send(client, coordinator, GOOD).json()["same_file_batch"] == first
