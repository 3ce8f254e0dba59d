"""Item 8 and 13: the appointments API — available slots (public), booking with a focal
point's token (201 with the protocol, 409 taken, 404 unknown slot, 422 with field paths),
reading, cancelling and rescheduling (404 to other municipalities)."""

import datetime as dt

import pytest

from apoia.accounts.models import ApiToken, Theme
from apoia.agenda.models import Appointment, AppointmentStatus, Modality
from apoia.agenda.tests.factories import SlotFactory, at
from apoia.protocol.models import ServiceRequest

pytestmark = pytest.mark.django_db

QUESTION = "Como reorganizar o PAIF com a equipe reduzida do CRAS?"


def _token(user) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return key


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}


@pytest.fixture
def slot(mt_technician, mt_morning):
    return SlotFactory(technician=mt_technician)


def _book(client, user, slot_id, **body):
    return client.post(
        "/api/v1/appointments",
        {"slot": slot_id, "question": QUESTION, "modality": "online", **body},
        content_type="application/json",
        **_auth(user),
    )


def test_the_available_slots_are_public_and_filtered_by_theme(client, slot, mt_technician):
    SlotFactory(
        technician=mt_technician,
        theme=Theme.objects.get(slug="scfv"),
        start=at(dt.date(2026, 3, 10), 14),
    )
    SlotFactory(technician=mt_technician, start=at(dt.date(2026, 2, 27), 9))  # past

    answer = client.get("/api/v1/appointments/slots?theme=paif")

    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": slot.pk,
            "start": "2026-03-10T13:00:00Z",
            "end": "2026-03-10T14:00:00Z",
            "theme": "paif",
            "theme_name": "PAIF",
            "modality": "hybrid",
            "unit": "mt-cpsb",
            "unit_name": slot.unit.name,
            "place": "Sede da SAAS/SETASC, Cuiabá",
            "technician": "Tânia Torres",
        }
    ]


def test_an_unknown_theme_answers_422_naming_it(client, slot):
    answer = client.get("/api/v1/appointments/slots?theme=astrologia")

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "theme"


def test_a_focal_point_books_and_gets_201_with_the_protocol(client, slot, cuiaba_focal_point):
    answer = _book(client, cuiaba_focal_point, slot.pk)

    assert answer.status_code == 201
    body = answer.json()
    appointment = Appointment.objects.get()
    assert body["id"] == appointment.pk
    assert body["protocol"] == appointment.request.protocol != ""
    assert body["status"] == "booked"
    assert body["modality"] == "online"
    assert body["municipality"] == 5103403
    assert appointment.request.channel == "api"
    assert appointment.request.unit.slug == "mt-cpsb"


def test_a_taken_slot_answers_409(client, slot, cuiaba_focal_point, varzea_focal_point):
    _book(client, cuiaba_focal_point, slot.pk)

    answer = _book(client, varzea_focal_point, slot.pk)

    assert answer.status_code == 409
    assert answer.json() == {"detail": "Este horário já foi reservado. Escolha outro horário."}
    assert ServiceRequest.objects.count() == 1


def test_an_unknown_slot_answers_404(client, slot, cuiaba_focal_point):
    assert _book(client, cuiaba_focal_point, 999999).status_code == 404


def test_bad_fields_answer_422_with_their_paths(client, slot, cuiaba_focal_point):
    short = _book(client, cuiaba_focal_point, slot.pk, question="PAIF", modality="")
    wrong = _book(client, cuiaba_focal_point, slot.pk, modality="telepatia")

    assert short.status_code == 422
    assert {e["field"] for e in short.json()["errors"]} == {"question", "modality"}
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["modality"]


def test_booking_needs_a_token_and_a_focal_point(client, slot, mt_technician):
    anonymous = client.post(
        "/api/v1/appointments",
        {"slot": slot.pk, "question": QUESTION},
        content_type="application/json",
    )
    technician = _book(client, mt_technician, slot.pk)

    assert anonymous.status_code == 401
    assert technician.status_code == 403


def test_another_municipality_gets_404_for_the_appointment(
    client, slot, cuiaba_focal_point, varzea_focal_point
):
    pk = _book(client, cuiaba_focal_point, slot.pk).json()["id"]

    mine = client.get(f"/api/v1/appointments/{pk}", **_auth(cuiaba_focal_point))
    theirs = client.get(f"/api/v1/appointments/{pk}", **_auth(varzea_focal_point))
    cancel = client.post(
        f"/api/v1/appointments/{pk}/cancel",
        {"reason": "Não é meu."},
        content_type="application/json",
        **_auth(varzea_focal_point),
    )

    assert mine.status_code == 200
    assert theirs.status_code == 404
    assert cancel.status_code == 404


def test_delete_cancels_with_the_reason_and_frees_the_slot(
    client, slot, cuiaba_focal_point, varzea_focal_point
):
    pk = _book(client, cuiaba_focal_point, slot.pk).json()["id"]

    answer = client.delete(
        f"/api/v1/appointments/{pk}",
        {"reason": "O secretário não poderá participar."},
        content_type="application/json",
        **_auth(cuiaba_focal_point),
    )
    again = client.post(
        f"/api/v1/appointments/{pk}/cancel",
        {"reason": "De novo."},
        content_type="application/json",
        **_auth(cuiaba_focal_point),
    )

    assert answer.status_code == 200
    assert answer.json()["status"] == "cancelled"
    assert answer.json()["cancel_reason"] == "O secretário não poderá participar."
    assert again.status_code == 409
    assert _book(client, varzea_focal_point, slot.pk).status_code == 201


def test_a_cancellation_without_reason_answers_422(client, slot, cuiaba_focal_point):
    pk = _book(client, cuiaba_focal_point, slot.pk).json()["id"]

    answer = client.post(
        f"/api/v1/appointments/{pk}/cancel",
        {"reason": ""},
        content_type="application/json",
        **_auth(cuiaba_focal_point),
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "reason"


def test_reschedule_moves_to_a_free_slot_and_refuses_a_taken_one(
    client, slot, mt_technician, cuiaba_focal_point, varzea_focal_point
):
    later = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 12), 15))
    taken = SlotFactory(
        technician=mt_technician, start=at(dt.date(2026, 3, 13), 15), modality=Modality.ONLINE
    )
    _book(client, varzea_focal_point, taken.pk)
    pk = _book(client, cuiaba_focal_point, slot.pk).json()["id"]

    def move(to):
        return client.post(
            f"/api/v1/appointments/{pk}/reschedule",
            {"slot": to},
            content_type="application/json",
            **_auth(mt_technician),
        )

    refused = move(taken.pk)
    unknown = move(999999)
    moved = move(later.pk)

    assert refused.status_code == 409
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "slot"
    assert moved.status_code == 200
    assert moved.json()["slot"] == later.pk
    assert moved.json()["start"] == "2026-03-12T19:00:00Z"
    assert Appointment.objects.get(pk=pk).status == AppointmentStatus.BOOKED
