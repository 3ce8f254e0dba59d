"""The councils' write API: a council, its seats, mandates and resolutions, through the same
services as the forms of /conselhos/."""

import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.society.models.councils import Council, Mandate, Resolution, Seat
from apoia.society.tests.test_councils_services import make_council

pytestmark = pytest.mark.django_db


def _post(client, user, url, body):
    headers = {}
    if user is not None:
        key = ApiToken.new_key()
        ApiToken.objects.create(
            user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key)
        )
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.post(
        f"/api/v1{url}", json.dumps(body), content_type="application/json", **headers
    )


COUNCIL = {
    "name": "Conselho Municipal dos Direitos da Criança e do Adolescente de Campo Grande",
    "acronym": "CMDCA",
    "uf": "MS",
    "municipality": 5002704,
    "legal_basis": "Lei Municipal nº 2.890/1992",
    "policy_area": "Direitos da criança e do adolescente",
}


@pytest.fixture
def council(technician, campo_grande):
    return make_council(technician, campo_grande)


def test_staff_create_a_council(client, technician, campo_grande):
    response = _post(client, technician, "/councils", COUNCIL)

    assert response.status_code == 201
    assert response.json()["acronym"] == "CMDCA"
    assert response.json()["municipality_code"] == 5002704
    assert Council.objects.get().name == COUNCIL["name"]


def test_a_representative_may_not_create_a_council(client, organization_user, campo_grande):
    response = _post(client, organization_user, "/councils", COUNCIL)

    assert response.status_code == 403
    assert not Council.objects.exists()


def test_a_council_without_a_token_is_refused(client, campo_grande):
    assert _post(client, None, "/councils", COUNCIL).status_code == 401


def test_a_municipality_of_another_state_names_municipality(client, technician, campo_grande):
    response = _post(client, technician, "/councils", {**COUNCIL, "municipality": 5103403})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "municipality"


def test_a_blank_legal_basis_names_legal_basis(client, technician, campo_grande):
    response = _post(client, technician, "/councils", {**COUNCIL, "legal_basis": " "})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["legal_basis"]


def test_staff_add_a_civil_society_seat_held_by_an_organization(
    client, technician, council, organization
):
    response = _post(
        client,
        technician,
        f"/councils/{council.pk}/seats",
        {"segment": "civil_society", "label": "Entidades", "organization": organization.pk},
    )

    assert response.status_code == 201
    assert response.json()["organization"]["name"] == "Associação de Moradores do Jardim Teste"
    assert Seat.objects.get().organization == organization


def test_a_government_seat_may_not_name_an_organization(client, technician, council, organization):
    response = _post(
        client,
        technician,
        f"/councils/{council.pk}/seats",
        {"segment": "government", "label": "Saúde", "organization": organization.pk},
    )

    assert response.status_code == 422
    assert not Seat.objects.exists()


def test_staff_register_a_mandate_and_an_inverted_one_is_refused(client, technician, council):
    seat = Seat.objects.create(council=council, segment="government", label="Saúde")
    url = f"/councils/seats/{seat.pk}/mandates"
    body = {"role": "titular", "person_name": "Lúcia Fonseca", "starts_on": "2026-01-27"}

    created = _post(client, technician, url, {**body, "ends_on": "2028-01-27"})
    inverted = _post(client, technician, url, {**body, "ends_on": "2025-01-27"})

    assert created.status_code == 201
    assert created.json()["ends_on"] == "2028-01-27"
    assert inverted.status_code == 422
    assert Mandate.objects.count() == 1


def test_a_mandate_of_a_council_not_managed_is_forbidden(client, other_organization_user, council):
    seat = Seat.objects.create(council=council, segment="government", label="Saúde")

    response = _post(
        client,
        other_organization_user,
        f"/councils/seats/{seat.pk}/mandates",
        {
            "role": "titular",
            "person_name": "Lúcia Fonseca",
            "starts_on": "2026-01-27",
            "ends_on": "2028-01-27",
        },
    )

    assert response.status_code == 403


def test_staff_register_a_resolution_and_a_repeated_number_names_number(
    client, technician, council
):
    url = f"/councils/{council.pk}/resolutions"
    body = {"number": 3, "issued_on": "2026-11-13", "summary": "Aprova o plano anual."}

    first = _post(client, technician, url, body)
    again = _post(client, technician, url, body)

    assert first.status_code == 201
    assert (first.json()["number"], first.json()["year"]) == (3, 2026)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "number"
    assert Resolution.objects.count() == 1


def test_an_unknown_council_is_404(client, technician, db):
    response = _post(
        client,
        technician,
        "/councils/999/resolutions",
        {"number": 1, "issued_on": "2026-11-13", "summary": "x"},
    )

    assert response.status_code == 404
