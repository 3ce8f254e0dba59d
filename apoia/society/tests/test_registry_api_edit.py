"""API: leaders on creation and PATCH /organizations/{cnpj} (staff direct, representative
by proposal waiting for review)."""

import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.society.models.registry import ChangeStatus, Leader, OrganizationChange

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations"
CPF = "52998224725"
LEADER = {
    "name": "Ana Lima",
    "position": "Presidente",
    "mandate_start": "2025-01-01",
    "mandate_end": "2026-12-31",
    "cpf": CPF,
}


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _patch(client, user, organization, body):
    return client.patch(
        f"{URL}/{organization.cnpj}",
        json.dumps(body),
        content_type="application/json",
        **_auth(user),
    )


def test_creation_takes_the_board_and_answers_it_without_cpf(client, coordinator, campo_grande):
    body = {"name": "Coletivo Novo", "kind": "collective", "municipality": 5002704}
    body["leaders"] = [LEADER]
    response = client.post(
        URL, json.dumps(body), content_type="application/json", **_auth(coordinator)
    )
    assert response.status_code == 201
    assert response.json()["leaders"] == [
        {
            "name": "Ana Lima",
            "position": "Presidente",
            "mandate_start": "2025-01-01",
            "mandate_end": "2026-12-31",
        }
    ]
    assert Leader.objects.get().cpf == CPF


def test_staff_patch_changes_the_record_directly(client, coordinator, organization):
    response = _patch(client, coordinator, organization, {"legal_nature": "Associação privada"})
    assert response.status_code == 200
    assert response.json()["legal_nature"] == "Associação privada"


def test_staff_patch_replaces_the_board(client, coordinator, organization):
    Leader.objects.create(organization=organization, name="Velho", position="Tesoureiro")
    _patch(client, coordinator, organization, {"leaders": [LEADER]})
    assert list(organization.leaders.values_list("name", flat=True)) == ["Ana Lima"]


def test_a_representatives_patch_waits_for_review(client, organization_user, organization):
    response = _patch(client, organization_user, organization, {"leaders": [LEADER]})
    assert response.status_code == 202
    change = OrganizationChange.objects.get()
    assert (response.json()["change"], change.status) == (change.pk, ChangeStatus.PENDING)
    assert organization.leaders.count() == 0


def test_an_invalid_cpf_is_422_naming_leaders(client, coordinator, organization):
    response = _patch(client, coordinator, organization, {"leaders": [{**LEADER, "cpf": "1"}]})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "leaders", "message": "Dirigente 1: CPF inválido."}
    ]


def test_another_organizations_representative_gets_403(
    client, other_organization_user, organization
):
    response = _patch(client, other_organization_user, organization, {"name": "Outro"})
    assert response.status_code == 403


def test_patching_an_unknown_cnpj_is_404(client, coordinator, campo_grande):
    response = client.patch(
        f"{URL}/11222333000181", "{}", content_type="application/json", **_auth(coordinator)
    )
    assert response.status_code == 404
