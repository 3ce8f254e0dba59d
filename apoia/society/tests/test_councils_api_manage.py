"""The councils' write API: a council, its seats, mandates and resolutions, through the same
services as the forms of /conselhos/."""

import datetime
import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.society.models.councils import Council, Mandate, Resolution, Seat
from apoia.society.tests.test_councils_services import make_council

pytestmark = pytest.mark.django_db


def _headers(user) -> dict:
    if user is None:
        return {}
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client, user, url, body):
    headers = _headers(user)
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


def _mandate(council, **extra):
    seat = Seat.objects.create(council=council, segment="government", label="Saúde")
    fields = {
        "seat": seat,
        "role": "titular",
        "person_name": "Lucia Fonseca",
        "starts_on": datetime.date(2026, 1, 27),
        "ends_on": datetime.date(2028, 1, 27),
        **extra,
    }
    return Mandate.objects.create(**fields)


def test_a_corrected_mandate_keeps_what_was_not_sent_and_may_alert_again(
    client, technician, council
):
    mandate = _mandate(council, end_alert_sent_on=datetime.date(2026, 11, 28))

    response = client.patch(
        f"/api/v1/councils/mandates/{mandate.pk}",
        json.dumps({"person_name": "Lúcia Fonseca", "ends_on": "2027-01-17"}),
        content_type="application/json",
        **_headers(technician),
    )

    mandate.refresh_from_db()
    assert response.status_code == 200
    assert (mandate.person_name, mandate.starts_on, mandate.ends_on) == (
        "Lúcia Fonseca",
        datetime.date(2026, 1, 27),
        datetime.date(2027, 1, 17),
    )
    assert mandate.end_alert_sent_on is None


def test_a_correction_that_overlaps_the_successor_names_starts_on(client, technician, council):
    mandate = _mandate(council)
    Mandate.objects.create(
        seat=mandate.seat,
        role="titular",
        person_name="Sucessora",
        starts_on=datetime.date(2028, 1, 28),
        ends_on=datetime.date(2030, 1, 27),
    )

    response = client.patch(
        f"/api/v1/councils/mandates/{mandate.pk}",
        json.dumps({"ends_on": "2028-06-30"}),
        content_type="application/json",
        **_headers(technician),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "starts_on"


def test_a_mandate_of_a_council_not_managed_may_not_be_corrected(
    client, other_organization_user, council
):
    mandate = _mandate(council)

    response = client.patch(
        f"/api/v1/councils/mandates/{mandate.pk}",
        json.dumps({"person_name": "Outra"}),
        content_type="application/json",
        **_headers(other_organization_user),
    )

    assert response.status_code == 403


def test_staff_correct_a_mandate_on_the_web(sign_in, technician, council):
    mandate = _mandate(council)
    url = f"/conselhos/mandatos/{mandate.pk}/corrigir/"
    client = sign_in(technician)

    page = client.get(url)
    sent = client.post(
        url,
        {
            "role": "titular",
            "person_name": "Lúcia Fonseca",
            "starts_on": "2026-01-27",
            "ends_on": "2027-01-17",
        },
    )

    mandate.refresh_from_db()
    assert page.status_code == 200
    assert sent.status_code == 302
    assert (mandate.person_name, mandate.ends_on) == ("Lúcia Fonseca", datetime.date(2027, 1, 17))


def test_the_correction_page_is_404_to_who_does_not_manage_the_council(
    sign_in, other_organization_user, council
):
    mandate = _mandate(council)

    response = sign_in(other_organization_user).get(f"/conselhos/mandatos/{mandate.pk}/corrigir/")

    assert response.status_code == 404
