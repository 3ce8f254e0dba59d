import datetime as dt
import json

import pytest
import time_machine

from apoia.accounts.models import ApiToken
from apoia.society import reference_regularization
from apoia.society.models.regularization import Checklist
from apoia.society.services_regularization import open_checklist

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/v1/checklists"


@pytest.fixture(autouse=True)
def first_of_december_2026():
    with time_machine.travel("2026-12-01 12:00", tick=False):
        yield


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def checklist(db, organization, technician):
    reference_regularization.load()
    checklist = open_checklist(by=technician, organization=organization)
    checklist.items.filter(requirement__slug="crf-fgts").update(
        status="valid", expires_on=D(2026, 12, 15)
    )
    return checklist


def _patch(client, user, checklist, slug, **body):
    return client.patch(
        f"{URL}/{checklist.pk}/items/{slug}",
        json.dumps(body),
        content_type="application/json",
        **_auth(user),
    )


def test_anonymous_gets_401(client, checklist):
    assert client.get(URL).status_code == 401


def test_a_municipal_user_gets_403(client, checklist, municipal_user):
    assert client.get(URL, **_auth(municipal_user)).status_code == 403


def test_staff_list_their_states_checklists_with_counts(client, checklist, technician):
    rows = client.get(URL, **_auth(technician)).json()
    assert [
        (r["organization"]["name"], r["valid"], r["total"], r["next_expiry"]) for r in rows
    ] == [("Associação de Moradores do Jardim Teste", 1, 13, "2026-12-15")]


def test_list_filters_expiring_within_days(client, checklist, technician):
    assert client.get(URL + "?expiring_within=10", **_auth(technician)).json() == []
    assert len(client.get(URL + "?expiring_within=14", **_auth(technician)).json()) == 1


def test_a_bad_filter_is_422_naming_it(client, checklist, technician):
    response = client.get(URL + "?expiring_within=muitos", **_auth(technician))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expiring_within"


def test_a_representative_lists_only_their_own(
    client, checklist, other_organization, technician, other_organization_user
):
    open_checklist(by=technician, organization=other_organization)
    rows = client.get(URL, **_auth(other_organization_user)).json()
    assert [r["organization"]["name"] for r in rows] == ["Cooperativa Outra"]


def test_detail_lists_items_with_effective_status(client, checklist, organization_user):
    checklist.items.filter(requirement__slug="cndt").update(
        status="valid", expires_on=D(2026, 11, 30)
    )
    data = client.get(f"{URL}/{checklist.pk}", **_auth(organization_user)).json()
    cndt = next(i for i in data["items"] if i["requirement_slug"] == "cndt")
    assert (cndt["status"], cndt["effective_status"], cndt["expires_on"]) == (
        "valid",
        "expired",
        "2026-11-30",
    )
    assert len(data["items"]) == 13


def test_detail_of_another_organization_is_404(client, checklist, other_organization_user):
    assert client.get(f"{URL}/{checklist.pk}", **_auth(other_organization_user)).status_code == 404


def test_staff_open_a_checklist(client, db, organization, technician):
    reference_regularization.load()
    response = client.post(
        URL,
        json.dumps({"organization": organization.pk}),
        content_type="application/json",
        **_auth(technician),
    )
    assert response.status_code == 201
    assert len(response.json()["items"]) == 13
    assert Checklist.objects.get().opened_by == technician


def test_opening_again_answers_200(client, checklist, organization, technician):
    response = client.post(
        URL,
        json.dumps({"organization": organization.pk}),
        content_type="application/json",
        **_auth(technician),
    )
    assert response.status_code == 200


def test_a_representative_cannot_open_a_checklist(client, db, organization, organization_user):
    response = client.post(
        URL,
        json.dumps({"organization": organization.pk}),
        content_type="application/json",
        **_auth(organization_user),
    )
    assert response.status_code == 403


def test_opening_for_an_unknown_organization_is_422(client, db, technician):
    response = client.post(
        URL, json.dumps({"organization": 999}), content_type="application/json", **_auth(technician)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "organization", "message": "Organização não encontrada."}
    ]


def test_staff_patch_an_item(client, checklist, technician):
    response = _patch(
        client, technician, checklist, "cndt", status="valid", expires_on="2027-05-30"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["expires_on"]) == ("valid", "2027-05-30")


def test_patch_keeps_omitted_fields(client, checklist, technician):
    response = _patch(client, technician, checklist, "crf-fgts", note="Conferido.")
    assert (response.json()["status"], response.json()["expires_on"]) == ("valid", "2026-12-15")


def test_patch_with_bad_status_is_422_naming_it(client, checklist, technician):
    response = _patch(client, technician, checklist, "cndt", status="approved")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_patch_with_bad_date_is_422_naming_it(client, checklist, technician):
    response = _patch(client, technician, checklist, "cndt", status="valid", expires_on="31/12")
    assert response.json()["errors"][0]["field"] == "expires_on"


def test_a_representative_marks_sent(client, checklist, organization_user):
    response = _patch(client, organization_user, checklist, "ata-eleicao", reference="Reg. 4521")
    assert (response.status_code, response.json()["status"]) == (200, "sent")


def test_a_representative_cannot_validate(client, checklist, organization_user):
    response = _patch(
        client, organization_user, checklist, "ata-eleicao", status="valid", reference="x"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_unknown_requirement_is_404(client, checklist, technician):
    assert _patch(client, technician, checklist, "nada", status="sent").status_code == 404


def test_web_and_api_refuse_a_valid_certificate_without_expiry_alike(
    client, checklist, organization, technician, sign_in
):
    api = _patch(client, technician, checklist, "cndt", status="valid", expires_on=None)
    assert api.status_code == 422
    assert api.json()["errors"] == [
        {"field": "expires_on", "message": "Informe a validade do documento."}
    ]
    pk = checklist.items.get(requirement__slug="cndt").pk
    web = sign_in(technician).post(
        f"/organizacoes/{organization.pk}/regularizacao/itens/cndt/", {f"item-{pk}-status": "valid"}
    )
    assert "Informe a validade do documento." in web.content.decode()


def test_the_openapi_document_lists_the_checklist_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "patch" in paths["/api/v1/checklists/{checklist_id}/items/{requirement_slug}"]
    assert set(paths["/api/v1/checklists"]) == {"get", "post"}
