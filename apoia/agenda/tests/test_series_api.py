"""Item 2 through the API: a series creates its episodes from a recurrence rule; one episode is
moved alone; the series' drafts go to the NEEP together."""

import datetime as dt

import pytest

from apoia.accounts.models import ApiToken
from apoia.agenda.models import Event, EventStatus
from apoia.agenda.tests.factories import at

pytestmark = pytest.mark.django_db

SERIES = {
    "uf": "MT",
    "unit": "mt-cpsb",
    "title": "Websérie SUAS-MT",
    "rrule": "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20260630",
    "first_date": "2026-04-01",
    "start_time": "14:00",
    "end_time": "16:00",
    "url": "https://conferencia.mt.gov.br/serie",
}


def _auth(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _create(client, user, **changes):
    return client.post(
        "/api/v1/series", {**SERIES, **changes}, content_type="application/json", **_auth(user)
    )


def test_a_series_creates_its_episodes_on_the_rules_dates(client, mt_technician, mt_morning):
    response = _create(client, mt_technician)

    assert response.status_code == 201
    episodes = response.json()["episodes"]
    assert [e["occurrence"] for e in episodes] == ["2026-04-08", "2026-05-13", "2026-06-10"]
    assert episodes[0]["start"] == "2026-04-08T14:00:00-04:00"
    assert {e["status"] for e in episodes} == {"draft"}


def test_a_rule_that_never_ends_is_refused_on_its_field(client, mt_technician, mt_morning):
    response = _create(client, mt_technician, rrule="FREQ=MONTHLY;BYDAY=+2WE")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "rrule"


def test_staff_of_another_state_cannot_create_an_mt_series(client, ms_technician, mt_morning):
    assert _create(client, ms_technician).status_code == 403


def test_one_episode_moves_alone_and_keeps_its_date_in_the_series(
    client, mt_technician, mt_morning
):
    auth = _auth(mt_technician)
    created = _create(client, mt_technician).json()
    second = created["episodes"][1]["id"]

    response = client.post(
        f"/api/v1/events/{second}/move",
        {"start": "2026-05-14T09:00:00", "end": "2026-05-14T11:00:00"},
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 200, response.json()
    moved = Event.objects.get(pk=second)
    assert (moved.start, moved.occurrence) == (at(dt.date(2026, 5, 14), 9), dt.date(2026, 5, 13))
    others = Event.objects.filter(series_id=created["id"]).exclude(pk=second)
    assert [e.start for e in others.order_by("start")] == [
        at(dt.date(2026, 4, 8), 14),
        at(dt.date(2026, 6, 10), 14),
    ]


def test_a_series_without_a_theme_is_not_sent_to_the_neep(client, mt_technician, mt_morning):
    created = _create(client, mt_technician).json()

    response = client.post(f"/api/v1/series/{created['id']}/send", **_auth(mt_technician))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "theme"


def test_sending_the_series_puts_every_draft_in_the_neeps_queue(client, mt_technician, mt_morning):
    created = _create(client, mt_technician, theme="Vigilância socioassistencial").json()

    response = client.post(f"/api/v1/series/{created['id']}/send", **_auth(mt_technician))

    assert response.status_code == 200, response.json()
    assert {e["status"] for e in response.json()["episodes"]} == {EventStatus.IN_VALIDATION}


def test_the_series_is_the_states_staffs(client, mt_technician, ms_technician, mt_morning):
    created = _create(client, mt_technician).json()

    assert client.get(f"/api/v1/series/{created['id']}", **_auth(ms_technician)).status_code == 404
    assert client.get(f"/api/v1/series/{created['id']}", **_auth(mt_technician)).status_code == 200
