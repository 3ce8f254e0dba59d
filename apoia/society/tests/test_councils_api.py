import datetime
import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.society.models.councils import CouncilMeeting
from apoia.society.tests.test_councils_pages import cmas  # noqa: F401
from apoia.society.tests.test_councils_services import make_council, seat_with_holders

pytestmark = pytest.mark.django_db

URL = "/api/v1/councils"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client, user, council, **body):
    payload = {
        "starts_at": "2026-08-11T14:00:00-04:00",
        "kind": "ordinary",
        "agenda": "Prestação de contas do fundo",
        **body,
    }
    return client.post(
        f"{URL}/{council.pk}/meetings",
        json.dumps(payload),
        content_type="application/json",
        **_auth(user),
    )


def test_list_answers_seat_counts_and_parity(client, cmas):  # noqa: F811
    row = client.get(URL).json()[0]
    assert {k: row[k] for k in ("acronym", "uf", "municipality_code", "seats", "parity")} == {
        "acronym": "CMAS",
        "uf": "MS",
        "municipality_code": 5002704,
        "seats": {"government": 3, "civil_society": 3},
        "parity": True,
    }


def test_list_filters_by_uf(client, cmas):  # noqa: F811
    assert client.get(URL + "?uf=MT").json() == []


def test_list_search_ignores_accents(client, cmas):  # noqa: F811
    names = [c["name"] for c in client.get(URL + "?q=assistencia").json()]
    assert names == ["Conselho Municipal de Assistência Social de Campo Grande"]


def test_list_refuses_a_municipality_that_is_not_a_code(client, db):
    response = client.get(URL + "?municipality=campo")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "municipality"


def test_detail_has_seats_meetings_and_resolutions_without_email(client, cmas):  # noqa: F811
    response = client.get(f"{URL}/{cmas.pk}")
    data = response.json()
    assert "titular@exemplo.test" not in response.content.decode()
    seat = next(s for s in data["seats"] if s["organization"])
    assert (seat["segment"], seat["organization"]["name"], seat["titular"]["ends_on"]) == (
        "civil_society",
        "Associação de Moradores do Jardim Teste",
        "2027-02-28",
    )
    assert data["meetings"][0]["quorum"] == {
        "seats_total": 6,
        "seats_present": 5,
        "required": 4,
        "reached": True,
    }
    assert data["meetings"][0]["has_minutes"] is True
    assert [(r["number"], r["year"]) for r in data["resolutions"]] == [(7, 2026)]


def test_unknown_council_is_404(client, db):
    assert client.get(f"{URL}/999").status_code == 404


def test_manager_records_a_meeting_with_its_quorum(client, cmas, technician):  # noqa: F811
    seats = cmas.seats_built
    ids = [seats[0][1].pk, seats[1][1].pk, seats[2][2].pk]
    response = _post(client, technician, cmas, attending_mandates=ids, minutes="Ata da reunião.")
    assert response.status_code == 201
    data = response.json()
    assert (data["date"], data["quorum"]["seats_present"], data["quorum"]["reached"]) == (
        "2026-08-11",
        3,
        False,
    )
    assert data["attending_mandates"] == sorted(ids)
    assert CouncilMeeting.objects.filter(council=cmas).count() == 2


def test_meeting_refuses_a_mandate_of_another_council(client, cmas, technician):  # noqa: F811
    other = make_council(technician, cmas.municipality, name="Conselho do Idoso")
    _, foreign, _ = seat_with_holders(technician, other, "government", "Secretaria")
    ids = [cmas.seats_built[0][1].pk, foreign.pk]
    response = _post(client, technician, cmas, attending_mandates=ids)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "attending_mandates.1", "message": "Mandato não encontrado neste conselho."}
    ]
    assert CouncilMeeting.objects.filter(council=cmas).count() == 1


def test_meeting_without_agenda_names_the_field(client, cmas, technician):  # noqa: F811
    response = _post(client, technician, cmas, agenda="  ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "agenda"


def test_minutes_approved_before_the_meeting_names_the_field(client, cmas, technician):  # noqa: F811
    response = _post(client, technician, cmas, minutes="Ata.", minutes_approved_on="2026-08-01")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "minutes_approved_on"
    assert CouncilMeeting.objects.filter(council=cmas).count() == 1


def test_meeting_by_someone_who_does_not_manage_is_403(
    client,
    cmas,  # noqa: F811
    other_organization_user,
):
    assert _post(client, other_organization_user, cmas).status_code == 403


def test_meeting_without_token_is_401(client, cmas):  # noqa: F811
    response = client.post(
        f"{URL}/{cmas.pk}/meetings", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 401


def test_meeting_with_an_unknown_kind_names_the_field(client, cmas, technician):  # noqa: F811
    response = _post(client, technician, cmas, kind="secreta")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_meeting_day_is_the_local_date(client, cmas, technician):  # noqa: F811
    # 23:30 in Campo Grande is already the next day in UTC.
    response = _post(client, technician, cmas, starts_at="2026-08-11T23:30:00-04:00")
    assert response.json()["date"] == str(datetime.date(2026, 8, 11))


def test_the_openapi_document_lists_the_council_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/councils"]) == {"get", "post"}
    assert set(paths["/api/v1/councils/{council_id}"]) == {"get"}
    assert set(paths["/api/v1/councils/{council_id}/meetings"]) == {"post"}
    assert set(paths["/api/v1/councils/{council_id}/seats"]) == {"post"}
    assert set(paths["/api/v1/councils/seats/{seat_id}/mandates"]) == {"post"}
    assert set(paths["/api/v1/councils/{council_id}/resolutions"]) == {"post"}
