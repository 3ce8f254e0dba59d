"""Item 13: POST /api/v1/events/{id}/registrations, GET and DELETE /api/v1/registrations/{code},
POST /api/v1/registrations/{code}/feedback."""

import datetime as dt
import json

import pytest
import time_machine

from apoia.accounts.tests.factories import bearer
from apoia.agenda.models import Feedback, Registration, RegistrationStatus
from apoia.agenda.tests.conftest import CUIABA, VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2026, 3, 11)
BODY = {"name": "Marcos Medeiros", "email": "marcos@apoia.test", "role": "Gestor"}


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_focal_point_registers_and_gets_201_with_the_code(client, cuiaba_focal_point, mt_morning):
    event = EventFactory(capacity=1)

    first = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {**BODY, "municipality": CUIABA},
        **bearer(cuiaba_focal_point),
    )
    second = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {**BODY, "email": "ana@cuiaba.mt.gov.br", "municipality": CUIABA},
        **bearer(cuiaba_focal_point),
    )

    assert first.status_code == 201
    assert first.json()["status"] == "registered"
    assert first.json()["code"] == Registration.objects.get(email="marcos@apoia.test").code
    assert second.status_code == 201
    assert (second.json()["status"], second.json()["waiting_position"]) == ("waiting", 1)


def test_anonymous_registration_answers_401(client, agenda_seeds, mt_morning):
    event = EventFactory()

    response = post(
        client, f"/api/v1/events/{event.pk}/registrations", {**BODY, "municipality": CUIABA}
    )

    assert response.status_code == 401


def test_an_event_not_public_answers_404(client, mt_technician, mt_morning):
    event = EventFactory(status="draft")

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {**BODY, "municipality": CUIABA},
        **bearer(mt_technician),
    )

    assert response.status_code == 404


def test_bad_fields_and_a_municipality_outside_the_audience_answer_422_with_paths(
    client, mt_technician, mt_morning
):
    event = EventFactory()
    event.audience_municipalities.set([Municipality.objects.get(ibge=VARZEA_GRANDE)])
    url = f"/api/v1/events/{event.pk}/registrations"

    bad_email = post(
        client, url, {**BODY, "email": "x", "municipality": VARZEA_GRANDE}, **bearer(mt_technician)
    )
    outside = post(client, url, {**BODY, "municipality": CUIABA}, **bearer(mt_technician))
    unknown = post(client, url, {**BODY, "municipality": 1}, **bearer(mt_technician))
    missing = post(client, url, {"email": "a@b.br"}, **bearer(mt_technician))

    assert bad_email.status_code == 422
    assert bad_email.json()["errors"] == [
        {"field": "email", "message": "Informe um e-mail válido."}
    ]
    assert outside.status_code == 422
    assert outside.json()["errors"] == [
        {
            "field": "municipality",
            "message": "Cuiabá não está entre os municípios convidados para este evento.",
        }
    ]
    assert unknown.json()["errors"][0]["field"] == "municipality"
    assert {e["field"] for e in missing.json()["errors"]} == {"name", "municipality"}


def test_a_closed_event_answers_409(client, cuiaba_focal_point, mt_morning):
    event = EventFactory(registration_closes=at(dt.date(2026, 3, 1), 12))

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {**BODY, "municipality": CUIABA},
        **bearer(cuiaba_focal_point),
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "As inscrições deste evento estão encerradas."}


def test_a_token_without_a_role_in_the_audience_answers_403(client, ms_technician, mt_morning):
    event = EventFactory()

    response = post(
        client,
        f"/api/v1/events/{event.pk}/registrations",
        {**BODY, "municipality": CUIABA},
        **bearer(ms_technician),
    )

    assert response.status_code == 403


def test_get_a_registration_by_its_code_shows_no_email(client, agenda_seeds, mt_morning):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, name="Rui")

    body = client.get(f"/api/v1/registrations/{waiting.code}").json()

    assert body["status"] == "waiting"
    assert body["waiting_position"] == 1
    assert body["name"] == "Rui"
    assert "email" not in body
    assert client.get("/api/v1/registrations/NADA2345").status_code == 404


def test_delete_cancels_and_promotes_the_first_waiting(client, agenda_seeds, mt_morning):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)

    response = client.delete(f"/api/v1/registrations/{registered.code}")
    again = client.delete(f"/api/v1/registrations/{registered.code}")

    assert response.status_code == 204
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert again.status_code == 409
    assert client.delete("/api/v1/registrations/NADA2345").status_code == 404


def test_feedback_through_the_api_after_the_event(client, agenda_seeds):
    registration = RegistrationFactory(checked_in_at=at(EVENT_DAY, 14, 5))
    url = f"/api/v1/registrations/{registration.code}/feedback"

    with time_machine.travel(at(EVENT_DAY, 16), tick=False):
        early = post(client, url, {"rating": 4})
    with time_machine.travel(at(EVENT_DAY, 18), tick=False):
        bad = post(client, url, {"rating": 9})
        good = post(client, url, {"rating": 4, "comment": "Muito útil."})

    assert early.status_code == 409
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "rating", "message": "Dê uma nota de 1 a 5."}]
    assert good.json() == {"rating": 4, "comment": "Muito útil."}
    assert Feedback.objects.get().rating == 4
