"""Item 5: check-in by the code (typed, pasted or scanned from the QR code), by ticking the
list, by the code announced in an online session; attendance per municipality (page, CSV,
queries) and POST /api/v1/events/{id}/checkin."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.tests.factories import bearer
from apoia.agenda import queries
from apoia.agenda.models import Certificate, CheckinMethod, RegistrationStatus
from apoia.agenda.services import registrations as services
from apoia.agenda.tests.conftest import VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2026, 3, 11)


@pytest.fixture
def during():
    """Wednesday 11 March 2026, 14:30 in Cuiabá: the factory's event is on."""
    with time_machine.travel(at(EVENT_DAY, 14, 30), tick=False):
        yield


def _varzea():
    return Municipality.objects.get(ibge=VARZEA_GRANDE)


# --- by code --------------------------------------------------------------------------------


def test_the_staff_checks_in_by_a_code_typed_with_spaces_and_lower_case(mt_technician, during):
    registration = RegistrationFactory(code="ABCD2345")

    done = services.check_in(registration.event, code=" abcd-2345 ", by=mt_technician)

    assert done.pk == registration.pk
    assert done.checked_in_at == at(EVENT_DAY, 14, 30)
    assert (done.checkin_method, done.checked_in_by) == (CheckinMethod.CODE, mt_technician)


def test_a_second_check_in_a_waiting_one_and_an_unknown_code_are_refused(mt_technician, during):
    event = EventFactory()
    registered = RegistrationFactory(event=event, name="Ana")
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, name="Rui")
    other_event = RegistrationFactory()
    services.check_in(event, code=registered.code, by=mt_technician)

    with pytest.raises(services.CheckinRefused, match="A presença de Ana já foi registrada."):
        services.check_in(event, code=registered.code, by=mt_technician)
    with pytest.raises(services.CheckinRefused, match="Rui está na lista de espera"):
        services.check_in(event, code=waiting.code, by=mt_technician)
    with pytest.raises(ValidationError):
        services.check_in(event, code=other_event.code, by=mt_technician)


def test_staff_of_another_state_cannot_check_in(ms_technician, during):
    registration = RegistrationFactory()

    with pytest.raises(PermissionDenied):
        services.check_in(registration.event, code=registration.code, by=ms_technician)


def test_the_qr_code_opens_the_checkin_page_with_the_code_filled_in_for_the_staff(
    client, sign_in, mt_technician, during
):
    registration = RegistrationFactory(name="Ana Alves")
    url = f"/agenda/gestao/eventos/{registration.event_id}/presencas/?codigo={registration.code}"

    page = sign_in(mt_technician).get(url).content.decode()

    assert f'value="{registration.code}"' in page
    assert "Ana Alves" in page
    registration.refresh_from_db()
    assert registration.checked_in_at is None  # a GET records nothing


def test_the_registration_page_qr_encodes_the_staff_checkin_url(client, agenda_seeds, during):
    registration = RegistrationFactory()

    response = client.get(f"/agenda/inscricoes/{registration.code}/")

    assert response.context["qr_url"] == (
        f"http://testserver/agenda/gestao/eventos/{registration.event_id}/presencas/"
        f"?codigo={registration.code}"
    )


def test_someone_else_following_the_qr_code_sees_the_public_registration_page(
    client, sign_in, cuiaba_focal_point, during
):
    registration = RegistrationFactory()
    url = f"/agenda/gestao/eventos/{registration.event_id}/presencas/?codigo={registration.code}"

    anonymous = client.get(url)
    focal = sign_in(cuiaba_focal_point).get(url)
    without_code = client.get(f"/agenda/gestao/eventos/{registration.event_id}/presencas/")

    assert anonymous.url == f"/agenda/inscricoes/{registration.code}/"
    assert focal.url == f"/agenda/inscricoes/{registration.code}/"
    assert without_code.status_code == 404


def test_the_checkin_form_records_the_presence(client, sign_in, mt_technician, during):
    registration = RegistrationFactory(name="Ana Alves")
    event = registration.event

    response = sign_in(mt_technician).post(
        f"/agenda/gestao/eventos/{event.pk}/presencas/codigo/", {"code": registration.code}
    )

    assert response.url == f"/agenda/gestao/eventos/{event.pk}/presencas/"
    registration.refresh_from_db()
    assert registration.attended
    page = client.get(response.url).content.decode()
    assert "Presença registrada: Ana Alves (Cuiabá)." in page


def test_the_checkin_page_answers_404_to_staff_of_another_state(
    client, sign_in, ms_technician, during
):
    event = EventFactory()

    response = sign_in(ms_technician).get(f"/agenda/gestao/eventos/{event.pk}/presencas/")

    assert response.status_code == 404


# --- by the list ----------------------------------------------------------------------------


def test_ticking_and_unticking_the_list(client, sign_in, mt_technician, during):
    event = EventFactory()
    ana = RegistrationFactory(event=event, name="Ana")
    bia = RegistrationFactory(event=event, name="Bia", checked_in_at=at(EVENT_DAY, 14))

    sign_in(mt_technician).post(
        f"/agenda/gestao/eventos/{event.pk}/presencas/lista/",
        {"shown": [ana.pk, bia.pk], "attended": [ana.pk]},
    )

    ana.refresh_from_db()
    bia.refresh_from_db()
    assert (ana.attended, ana.checkin_method) == (True, CheckinMethod.LIST)
    assert bia.attended is False


def test_an_attendee_with_a_certificate_stays_checked_in(mt_technician, during):
    event = EventFactory()
    ana = RegistrationFactory(event=event, name="Ana", checked_in_at=at(EVENT_DAY, 14))
    Certificate.objects.create(
        registration=ana,
        code="CERT23456789",
        name="Ana",
        event_title=event.title,
        event_dates="11/03/2026",
        workload_hours=3,
        issuer="CPSB",
    )

    result = services.set_attendance(event, shown={ana.pk}, ticked=set(), by=mt_technician)

    assert result == {"added": [], "removed": [], "kept": ["Ana"]}
    ana.refresh_from_db()
    assert ana.attended


# --- online code ----------------------------------------------------------------------------


def test_an_attendee_of_an_online_session_checks_in_with_the_announced_code(
    client, mt_technician, during
):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    event = services.set_attendance_code(event, by=mt_technician, code="scfv-26")
    assert event.attendance_code == "SCFV26"

    response = client.post(
        f"/agenda/eventos/{event.pk}/presenca/",
        {"code": registration.code.lower(), "attendance_code": "scfv26"},
    )

    assert response.url == f"/agenda/inscricoes/{registration.code}/"
    registration.refresh_from_db()
    assert registration.checkin_method == CheckinMethod.ONLINE_CODE


def test_the_event_page_offers_the_attendance_form_during_the_session(
    client, mt_technician, during
):
    event = EventFactory(attendance_code="SCFV26")

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Registrar presença na sessão online" in page


def test_a_wrong_announced_code_is_refused_on_its_field(client, mt_technician, during):
    event = EventFactory(attendance_code="SCFV26")
    registration = RegistrationFactory(event=event)

    with pytest.raises(ValidationError) as error:
        services.online_check_in(
            event, registration_code=registration.code, attendance_code="OUTRO"
        )

    assert error.value.message_dict == {
        "attendance_code": ["O código de presença não confere com o anunciado."]
    }


def test_the_announced_code_is_taken_from_15_minutes_before_to_30_after(agenda_seeds):
    event = EventFactory(attendance_code="SCFV26")
    registration = RegistrationFactory(event=event)

    for moment, accepted in (
        (at(EVENT_DAY, 13, 44), False),
        (at(EVENT_DAY, 13, 45), True),
        (at(EVENT_DAY, 17, 30), True),
        (at(EVENT_DAY, 17, 31), False),
    ):
        with time_machine.travel(moment, tick=False):
            assert queries.online_checkin_open(event, moment) is accepted
    with (
        time_machine.travel(at(EVENT_DAY, 17, 31), tick=False),
        pytest.raises(services.CheckinRefused, match="15 minutos antes"),
    ):
        services.online_check_in(
            event, registration_code=registration.code, attendance_code="SCFV26"
        )


def test_the_staff_generates_the_attendance_code_on_the_checkin_page(
    client, sign_in, mt_technician, during
):
    event = EventFactory()

    sign_in(mt_technician).post(f"/agenda/gestao/eventos/{event.pk}/presencas/codigo-online/", {})

    event.refresh_from_db()
    assert len(event.attendance_code) == 6
    page = client.get(f"/agenda/gestao/eventos/{event.pk}/presencas/").content.decode()
    assert event.attendance_code in page


# --- per municipality -----------------------------------------------------------------------


def test_attendance_per_municipality_in_queries_on_the_page_and_in_csv(
    client, sign_in, mt_technician, during
):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, checked_in_at=at(EVENT_DAY, 14))
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, municipality=_varzea(), checked_in_at=at(EVENT_DAY, 14))
    RegistrationFactory(event=event, municipality=_varzea(), status="waiting")
    RegistrationFactory(event=event, municipality=_varzea(), status="cancelled")

    rows = queries.attendance_by_municipality(event)
    sign_in(mt_technician)
    csv = client.get(f"/agenda/gestao/eventos/{event.pk}/presencas.csv")

    assert rows == [
        {"ibge": 5103403, "name": "Cuiabá", "registered": 2, "waiting": 0, "attended": 1},
        {"ibge": 5108402, "name": "Várzea Grande", "registered": 1, "waiting": 1, "attended": 1},
    ]
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "Código IBGE;Município;Inscritos;Lista de espera;Presentes",
        "5103403;Cuiabá;2;0;1",
        "5108402;Várzea Grande;1;1;1",
    ]


# --- API ------------------------------------------------------------------------------------


def _checkin(client, event, code, headers):
    return client.post(
        f"/api/v1/events/{event.pk}/checkin",
        json.dumps({"code": code}),
        content_type="application/json",
        **headers,
    )


def test_api_checkin_200_then_409_and_404_for_an_unknown_code(client, mt_technician, during):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Ana")
    waiting = RegistrationFactory(event=event, status="waiting")
    staff = bearer(mt_technician)

    first = _checkin(client, event, registration.code, staff)
    second = _checkin(client, event, registration.code, staff)
    on_waiting = _checkin(client, event, waiting.code, staff)
    unknown = _checkin(client, event, "NADA2345", staff)

    assert first.status_code == 200
    assert first.json()["checked_in_at"].startswith("2026-03-11T")
    assert first.json()["checkin_method"] == "code"
    assert second.status_code == 409
    assert second.json() == {"detail": "A presença de Ana já foi registrada."}
    assert on_waiting.status_code == 409
    assert unknown.status_code == 404


def test_api_checkin_needs_the_events_staff(client, cuiaba_focal_point, during):
    registration = RegistrationFactory()

    anonymous = _checkin(client, registration.event, registration.code, {})
    focal = _checkin(client, registration.event, registration.code, bearer(cuiaba_focal_point))

    assert anonymous.status_code == 401
    assert focal.status_code == 404
