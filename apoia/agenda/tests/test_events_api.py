"""Item 13: the events API — the public list with its filters and dates, one event, and the
staff's writes through the same services as the pages."""

import datetime as dt

import pytest

from apoia.accounts.models import ApiToken
from apoia.agenda.models import Axis, Event, EventStatus
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at

pytestmark = pytest.mark.django_db


def _token(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_list_shows_public_events_with_offsets_and_places(client, agenda_seeds, mt_morning):
    axis = Axis.objects.filter(state__uf="MT").first()
    event = EventFactory(title="Web Encontro do PAIF", capacity=10, axis=axis)
    RegistrationFactory(event=event)
    EventFactory(status=EventStatus.DRAFT)

    answer = client.get("/api/v1/events")

    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": event.pk,
            "title": "Web Encontro do PAIF",
            "type": "web_encontro",
            "modality": "online",
            "start": "2026-03-11T14:00:00-04:00",
            "end": "2026-03-11T17:00:00-04:00",
            "workload_hours": 3.0,
            "place": "",
            "url": "https://conferencia.mt.gov.br/sala/scfv",
            "axis": axis.slug,
            "series": None,
            "status": "published",
            "uf": "MT",
            "registration_open": True,
            "places_left": 9,
        }
    ]


def test_the_list_filters_by_dates_type_modality_and_state(client, agenda_seeds):
    march = EventFactory(start=at(dt.date(2026, 3, 11), 14), type="live")
    april = EventFactory(start=at(dt.date(2026, 4, 1), 9), modality="hybrid", place="Sede")

    def ids(**params):
        return [row["id"] for row in client.get("/api/v1/events", params).json()]

    assert ids(**{"from": "2026-03-12"}) == [april.pk]
    assert ids(to="2026-03-11") == [march.pk]
    assert ids(type="live") == [march.pk]
    assert ids(modality="hybrid") == [april.pk]
    assert ids(uf="ms") == []
    assert ids(limit=1, offset=1) == [april.pk]


def test_a_bad_date_answers_422_naming_the_parameter(client, agenda_seeds):
    answer = client.get("/api/v1/events", {"from": "11/03/2026"})

    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "from", "message": "Data inválida; use AAAA-MM-DD."}
    ]


def test_an_unknown_modality_answers_422(client, agenda_seeds):
    answer = client.get("/api/v1/events", {"modality": "presencial"})

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "modality"


def test_a_draft_is_not_found_to_the_public_but_found_with_a_staff_token(client, mt_technician):
    draft = EventFactory(status=EventStatus.DRAFT, programme="Manhã: abertura.")

    public = client.get(f"/api/v1/events/{draft.pk}")
    staff = client.get(f"/api/v1/events/{draft.pk}", **_token(mt_technician))

    assert public.status_code == 404
    assert staff.status_code == 200
    body = staff.json()
    assert (body["status"], body["programme"], body["validated_at"]) == (
        "draft",
        "Manhã: abertura.",
        None,
    )
    assert body["audience"] == {"municipalities": [], "roles": ""}


def test_the_staff_create_a_draft_through_the_api(client, mt_technician):
    answer = client.post(
        "/api/v1/events",
        {
            "uf": "MT",
            "unit": "mt-cpsb",
            "title": "Oficina de Vigilância",
            "type": "oficina",
            "modality": "in_person",
            "start": "2026-03-20T08:00:00",
            "end": "2026-03-20T12:00:00",
            "workload_hours": "4",
            "place": "Auditório da SETASC",
            "theme": "Diagnóstico socioterritorial",
            "audience_municipalities": [5103403],
        },
        content_type="application/json",
        **_token(mt_technician),
    )

    assert answer.status_code == 201
    event = Event.objects.get()
    assert (event.status, event.start) == (EventStatus.DRAFT, at(dt.date(2026, 3, 20), 8))
    assert answer.json()["start"] == "2026-03-20T08:00:00-04:00"
    assert answer.json()["audience"]["municipalities"] == [5103403]


def test_a_hybrid_event_without_a_link_answers_422_naming_url(client, mt_technician):
    answer = client.post(
        "/api/v1/events",
        {
            "uf": "MT",
            "unit": "mt-cpsb",
            "title": "Encontro",
            "type": "encontro",
            "modality": "hybrid",
            "start": "2026-03-20T08:00:00",
            "end": "2026-03-20T12:00:00",
            "workload_hours": "4",
            "place": "Auditório",
        },
        content_type="application/json",
        **_token(mt_technician),
    )

    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "url", "message": "Um evento híbrido precisa do link da transmissão."}
    ]


def test_staff_of_another_state_creating_there_is_forbidden(client, ms_technician):
    answer = client.post(
        "/api/v1/events",
        {
            "uf": "MT",
            "unit": "mt-cpsb",
            "title": "Encontro",
            "type": "encontro",
            "modality": "online",
            "start": "2026-03-20T08:00:00",
            "end": "2026-03-20T12:00:00",
            "workload_hours": "4",
            "url": "https://conferencia.mt.gov.br/x",
        },
        content_type="application/json",
        **_token(ms_technician),
    )

    assert answer.status_code == 403


def test_writing_without_a_token_answers_401(client, agenda_seeds):
    event = EventFactory()

    answer = client.post(
        f"/api/v1/events/{event.pk}/cancel", {"reason": "x"}, content_type="application/json"
    )

    assert answer.status_code == 401


def test_cancelling_through_the_api_keeps_the_event_listed_as_cancelled(client, mt_technician):
    event = EventFactory()
    staff = _token(mt_technician)

    answer = client.post(
        f"/api/v1/events/{event.pk}/cancel",
        {"reason": "Ponto facultativo."},
        content_type="application/json",
        **staff,
    )
    again = client.post(
        f"/api/v1/events/{event.pk}/cancel",
        {"reason": "De novo."},
        content_type="application/json",
        **staff,
    )

    assert (answer.status_code, answer.json()["cancel_reason"]) == (200, "Ponto facultativo.")
    assert [row["status"] for row in client.get("/api/v1/events").json()] == ["cancelled"]
    assert again.status_code == 409


def test_a_technical_visit_is_published_through_the_api_and_a_web_encontro_is_not(
    client, mt_technician, mt_morning
):
    from apoia.agenda.models import EventStatus
    from apoia.agenda.tests.factories import EventFactory

    visit = EventFactory(
        type="visita_tecnica",
        modality="in_person",
        place="Prefeitura",
        url="",
        status=EventStatus.DRAFT,
    )
    meeting = EventFactory(status=EventStatus.DRAFT)
    auth = _token(mt_technician)

    published = client.post(f"/api/v1/events/{visit.pk}/publish", **auth)
    refused = client.post(f"/api/v1/events/{meeting.pk}/publish", **auth)

    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert refused.status_code == 409
    assert "NEEP" in refused.json()["detail"]
