"""Item 8: slots published by a unit, booked by a municipality through the catalog service
(protocol number, the unit's queue), confirmed by e-mail with an .ics to both sides,
cancelled and rescheduled; the pages of both sides and their refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from apoia.accounts.models import OrgUnit, Role, Theme, User
from apoia.accounts.services import ensure_membership
from apoia.agenda.models import Appointment, AppointmentStatus, Modality, Slot
from apoia.agenda.services import appointments as services
from apoia.agenda.tests.conftest import CUIABA
from apoia.agenda.tests.factories import SlotFactory, at
from apoia.protocol.models import EventKind, ServiceRequest
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 3, 10)
QUESTION = "Como reorganizar o PAIF com a equipe reduzida do CRAS?"


@pytest.fixture
def slot(mt_technician, mt_morning):
    return SlotFactory(technician=mt_technician)


@pytest.fixture
def campo_grande_focal_point(agenda_seeds):
    user = User.objects.create_user(
        email="celia@apoia.test", password="x-senha-1", full_name="Célia Campos"
    )
    ensure_membership(user, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=5002704))
    return user


def _book(slot, user, **extra):
    return services.book(
        slot, by=user, question=QUESTION, modality=extra.pop("modality", "online"), **extra
    )


# --- publishing -------------------------------------------------------------------------


def test_a_technician_publishes_a_run_of_hour_slots_in_cuiaba_time(mt_technician, mt_morning):
    unit = OrgUnit.objects.get(slug="mt-cpsb")
    created = services.publish_slots(
        unit=unit,
        theme=Theme.objects.get(slug="scfv"),
        day=TUESDAY,
        start_time=dt.time(8),
        end_time=dt.time(11, 30),
        duration_minutes=60,
        modality=Modality.ONLINE,
        url="https://conferencia.mt.gov.br/sala/cpsb",
        by=mt_technician,
    )

    assert [(s.start, s.end) for s in created] == [
        (at(TUESDAY, 8), at(TUESDAY, 9)),
        (at(TUESDAY, 9), at(TUESDAY, 10)),
        (at(TUESDAY, 10), at(TUESDAY, 11)),
    ]
    assert {s.technician for s in created} == {mt_technician}


def test_a_theme_of_another_unit_is_refused(mt_technician, mt_morning):
    with pytest.raises(ValidationError) as refused:
        services.publish_slots(
            unit=OrgUnit.objects.get(slug="mt-cpsb"),
            theme=Theme.objects.get(slug="cadunico"),
            day=TUESDAY,
            start_time=dt.time(8),
            end_time=dt.time(9),
            duration_minutes=60,
            modality=Modality.IN_PERSON,
            place="Sede da SAAS",
            by=mt_technician,
        )
    assert "theme" in refused.value.message_dict


def test_an_online_slot_needs_its_link_and_cannot_overlap_the_technicians_own(mt_technician, slot):
    args = dict(
        unit=slot.unit,
        theme=slot.theme,
        day=TUESDAY,
        start_time=dt.time(9, 30),
        end_time=dt.time(10, 30),
        duration_minutes=60,
        by=mt_technician,
    )
    with pytest.raises(ValidationError) as no_link:
        services.publish_slots(modality=Modality.ONLINE, **args)
    with pytest.raises(ValidationError) as overlap:
        services.publish_slots(modality=Modality.ONLINE, url="https://x.mt.gov.br/s", **args)

    assert "url" in no_link.value.message_dict
    assert overlap.value.message_dict["start_time"] == [
        "Já há um horário de 09:00 a 10:00 neste intervalo."
    ]


def test_a_technician_of_another_unit_cannot_publish_its_slots(ms_technician, mt_morning):
    with pytest.raises(PermissionDenied):
        services.publish_slots(
            unit=OrgUnit.objects.get(slug="mt-cpsb"),
            theme=Theme.objects.get(slug="paif"),
            day=TUESDAY,
            start_time=dt.time(8),
            end_time=dt.time(9),
            duration_minutes=60,
            modality=Modality.IN_PERSON,
            place="Sede",
            by=ms_technician,
        )


def test_a_free_slot_is_withdrawn_and_a_booked_one_is_not(slot, mt_technician, cuiaba_focal_point):
    other = SlotFactory(technician=mt_technician, start=at(TUESDAY, 11))
    services.withdraw_slot(other, by=mt_technician)
    _book(slot, cuiaba_focal_point)

    with pytest.raises(services.SlotTaken):
        services.withdraw_slot(slot, by=mt_technician)
    other.refresh_from_db()
    assert other.withdrawn_at is not None


# --- booking through the protocol -------------------------------------------------------


def test_a_booking_is_a_protocol_request_in_the_queue_of_the_slots_unit(slot, cuiaba_focal_point):
    appointment = _book(slot, cuiaba_focal_point)

    req = appointment.request
    assert req.protocol
    assert req.service.slug == "apoio-tecnico-individualizado-suas"
    assert req.option.slug == "protecao-basica"
    assert req.unit.slug == "mt-cpsb"
    assert req.municipality_id == CUIABA
    assert req.requester == cuiaba_focal_point
    assert QUESTION in req.description
    assert appointment.modality == Modality.ONLINE
    assert appointment.status == AppointmentStatus.BOOKED


def test_a_theme_no_option_lists_still_lands_in_the_slots_unit(
    mt_technician, cuiaba_focal_point, mt_morning
):
    slot = SlotFactory(
        technician=mt_technician,
        theme=Theme.objects.get(slug="psb-no-domicilio"),
        modality=Modality.IN_PERSON,
    )

    appointment = services.book(slot, by=cuiaba_focal_point, question=QUESTION)

    assert appointment.request.unit.slug == "mt-cpsb"
    assert appointment.modality == Modality.IN_PERSON


def test_a_slot_of_a_unit_no_option_routes_to_is_moved_there_on_the_timeline(
    cuiaba_focal_point, mt_morning
):
    unit = OrgUnit.objects.get(slug="mt-saas-cib")
    technician = User.objects.create_user(email="cib@apoia.test", full_name="Cida Ibarra")
    ensure_membership(technician, Role.TECHNICIAN, org_unit=unit)
    slot = SlotFactory(
        unit=unit,
        technician=technician,
        theme=unit.themes.first(),
        modality=Modality.ONLINE,
    )

    appointment = services.book(slot, by=cuiaba_focal_point, question=QUESTION)

    req = appointment.request
    assert req.unit == unit
    assert req.events.filter(kind=EventKind.REROUTED, data__new_unit=unit.pk).exists()


def test_the_second_booking_of_a_slot_is_refused_and_files_no_request(
    slot, cuiaba_focal_point, varzea_focal_point
):
    _book(slot, cuiaba_focal_point)

    with pytest.raises(services.SlotTaken) as refused:
        _book(slot, varzea_focal_point)

    assert refused.value.message == "Este horário já foi reservado. Escolha outro horário."
    assert ServiceRequest.objects.count() == 1
    assert Appointment.objects.count() == 1


def test_a_hybrid_slot_asks_the_municipality_how_it_wants_to_be_seen(slot, cuiaba_focal_point):
    with pytest.raises(ValidationError) as refused:
        _book(slot, cuiaba_focal_point, modality="")

    assert "modality" in refused.value.message_dict
    assert ServiceRequest.objects.count() == 0


def test_a_short_question_is_refused_with_its_field(slot, cuiaba_focal_point):
    with pytest.raises(ValidationError) as refused:
        services.book(slot, by=cuiaba_focal_point, question="PAIF", modality="online")

    assert list(refused.value.message_dict) == ["question"]


def test_a_focal_point_of_a_municipality_outside_mato_grosso_cannot_book(
    slot, campo_grande_focal_point
):
    with pytest.raises(PermissionDenied):
        _book(slot, campo_grande_focal_point)


def test_a_withdrawn_or_past_slot_cannot_be_booked(slot, mt_technician, cuiaba_focal_point):
    past = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 2, 27), 9))
    services.withdraw_slot(slot, by=mt_technician)

    with pytest.raises(services.SlotTaken, match="retirado"):
        _book(slot, cuiaba_focal_point)
    with pytest.raises(services.SlotTaken, match="já passou"):
        _book(past, cuiaba_focal_point)


# --- e-mails ----------------------------------------------------------------------------


def _agenda_mails(mailoutbox):
    return [m for m in mailoutbox if m.attachments]


def test_the_confirmation_goes_to_both_sides_with_the_appointment_as_ics(
    slot, cuiaba_focal_point, mt_technician, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = _book(slot, cuiaba_focal_point)

    (mail,) = _agenda_mails(mailoutbox)
    assert sorted(mail.to) == ["marcos@apoia.test", "tania@apoia.test"]
    assert mail.subject == "Atendimento agendado: PAIF em 10/03/2026 às 09:00"
    assert appointment.request.protocol in mail.body
    name, body, mimetype = mail.attachments[0]
    assert (name, mimetype) == ("atendimento.ics", "text/calendar")
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["uid"]).startswith(f"appointment-{appointment.pk}@")
    assert event["status"] == "CONFIRMED"
    assert event.decoded("dtstart") == at(TUESDAY, 9)
    assert str(event["url"]) == "https://conferencia.mt.gov.br/sala/apoio"


def test_a_cancellation_frees_the_slot_and_tells_both_sides(
    slot,
    cuiaba_focal_point,
    varzea_focal_point,
    mt_technician,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    appointment = _book(slot, cuiaba_focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(appointment, by=mt_technician, reason="A técnica estará em viagem.")

    (mail,) = _agenda_mails(mailoutbox)
    assert sorted(mail.to) == ["marcos@apoia.test", "tania@apoia.test"]
    assert "Tânia Torres" in mail.body and "A técnica estará em viagem." in mail.body
    (event,) = Calendar.from_ical(mail.attachments[0][1]).walk("VEVENT")
    assert event["status"] == "CANCELLED"
    assert _book(slot, varzea_focal_point).municipality.name == "Várzea Grande"


def test_a_cancellation_needs_a_reason_and_happens_once(slot, cuiaba_focal_point):
    appointment = _book(slot, cuiaba_focal_point)
    with pytest.raises(ValidationError):
        services.cancel(appointment, by=cuiaba_focal_point, reason=" ")
    services.cancel(appointment, by=cuiaba_focal_point, reason="Mudou a agenda do prefeito.")

    with pytest.raises(services.AppointmentClosed):
        services.cancel(appointment, by=cuiaba_focal_point, reason="De novo.")


def test_rescheduling_moves_to_another_free_slot_of_the_unit_and_tells_both(
    slot,
    cuiaba_focal_point,
    varzea_focal_point,
    mt_technician,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    later = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 12), 15))
    appointment = _book(slot, cuiaba_focal_point)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule(appointment, to=later, by=cuiaba_focal_point)

    assert moved.slot == later
    (mail,) = _agenda_mails(mailoutbox)
    assert mail.subject == "Atendimento remarcado: PAIF agora em 12/03/2026 às 15:00"
    assert "Antes era em 10/03/2026 às 09:00" in mail.body
    assert _book(slot, varzea_focal_point).slot == slot  # the old one is free again


def test_rescheduling_to_a_taken_slot_or_another_unit_is_refused(
    slot, cuiaba_focal_point, varzea_focal_point, mt_technician
):
    taken = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 12), 15))
    _book(taken, varzea_focal_point)
    appointment = _book(slot, cuiaba_focal_point)
    unit = OrgUnit.objects.get(slug="mt-ccadunico")
    elsewhere = SlotFactory(unit=unit, theme=Theme.objects.get(slug="cadunico"))

    with pytest.raises(services.SlotTaken):
        services.reschedule(appointment, to=taken, by=cuiaba_focal_point)
    with pytest.raises(ValidationError) as refused:
        services.reschedule(appointment, to=elsewhere, by=cuiaba_focal_point)
    assert "slot" in refused.value.message_dict
    appointment.refresh_from_db()
    assert appointment.slot == slot


# --- pages ------------------------------------------------------------------------------


def test_the_slots_page_lists_free_future_slots_filtered_by_theme(
    client, slot, mt_technician, cuiaba_focal_point, sign_in
):
    SlotFactory(
        technician=mt_technician, theme=Theme.objects.get(slug="scfv"), start=at(TUESDAY, 14)
    )
    sign_in(cuiaba_focal_point)

    page = client.get("/agenda/atendimentos/?tema=paif")

    assert page.status_code == 200
    slots = list(page.context["slots"])
    assert slots == [slot]
    assert f"/agenda/atendimentos/horarios/{slot.pk}/agendar/" in page.content.decode()


def test_a_focal_point_books_through_the_form_and_lands_on_the_appointment(
    client, slot, cuiaba_focal_point, sign_in
):
    sign_in(cuiaba_focal_point)

    answer = client.post(
        f"/agenda/atendimentos/horarios/{slot.pk}/agendar/",
        {"question": QUESTION, "modality": "in_person"},
    )

    appointment = Appointment.objects.get()
    assert answer.status_code == 302 and answer.url == f"/agenda/atendimentos/{appointment.pk}/"
    page = client.get(answer.url)
    assert appointment.request.protocol in page.content.decode()
    assert appointment.modality == Modality.IN_PERSON


def test_a_focal_point_of_another_municipality_cannot_open_the_appointment(
    client, slot, cuiaba_focal_point, varzea_focal_point, ms_technician, sign_in
):
    appointment = _book(slot, cuiaba_focal_point)

    sign_in(varzea_focal_point)
    assert client.get(f"/agenda/atendimentos/{appointment.pk}/").status_code == 404
    assert (
        client.post(
            f"/agenda/atendimentos/{appointment.pk}/cancelar/", {"reason": "Não é meu."}
        ).status_code
        == 404
    )
    client.logout()
    sign_in(ms_technician)
    assert client.get(f"/agenda/atendimentos/{appointment.pk}/").status_code == 404


def test_the_units_technician_opens_and_cancels_the_appointment(
    client, slot, cuiaba_focal_point, mt_technician, sign_in
):
    appointment = _book(slot, cuiaba_focal_point)
    sign_in(mt_technician)

    assert client.get(f"/agenda/atendimentos/{appointment.pk}/").status_code == 200
    client.post(f"/agenda/atendimentos/{appointment.pk}/cancelar/", {"reason": "Férias."})

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.cancelled_by == mt_technician


def test_the_booker_reschedules_from_the_appointment_page(
    client, slot, cuiaba_focal_point, mt_technician, sign_in
):
    later = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 12), 15))
    appointment = _book(slot, cuiaba_focal_point)
    sign_in(cuiaba_focal_point)

    client.post(f"/agenda/atendimentos/{appointment.pk}/remarcar/", {"slot": later.pk})

    appointment.refresh_from_db()
    assert appointment.slot == later


def test_the_staff_page_lists_the_units_slots_with_booking_municipality_and_protocol(
    client, slot, cuiaba_focal_point, varzea_focal_point, mt_technician, sign_in
):
    free = SlotFactory(technician=mt_technician, start=at(TUESDAY, 14))
    cancelled = _book(free, varzea_focal_point)
    services.cancel(cancelled, by=varzea_focal_point, reason="Reunião da CIB no mesmo dia.")
    booked = _book(slot, cuiaba_focal_point)
    sign_in(mt_technician)

    page = client.get("/agenda/gestao/atendimentos/")
    html = page.content.decode()

    assert page.status_code == 200
    assert [row["slot"] for row in page.context["rows"]] == [slot, free]
    assert booked.request.protocol in html and cancelled.request.protocol in html
    assert f"/protocolo/{booked.request.protocol_slug}/" in html
    assert "Cancelado: Várzea Grande" in html
    free_only = client.get("/agenda/gestao/atendimentos/?situacao=livre")
    assert [row["slot"] for row in free_only.context["rows"]] == [free]


def test_the_staff_page_answers_404_to_a_focal_point(client, cuiaba_focal_point, sign_in):
    sign_in(cuiaba_focal_point)

    assert client.get("/agenda/gestao/atendimentos/").status_code == 404


def test_the_technician_publishes_slots_through_the_form(
    client, mt_technician, mt_morning, sign_in
):
    sign_in(mt_technician)
    theme = Theme.objects.get(slug="paif")

    answer = client.post(
        "/agenda/gestao/atendimentos/novo/",
        {
            "unit": OrgUnit.objects.get(slug="mt-cpsb").pk,
            "theme": theme.pk,
            "day": "10/03/2026",
            "start_time": "14:00",
            "end_time": "16:00",
            "duration_minutes": "30",
            "modality": "in_person",
            "place": "Sede da SAAS/SETASC, Cuiabá",
        },
    )

    assert answer.status_code == 302
    assert Slot.objects.filter(theme=theme).count() == 4
    assert Slot.objects.order_by("start").first().start == at(TUESDAY, 14)


def test_the_request_of_a_cancelled_booking_says_so_on_its_timeline(
    slot, cuiaba_focal_point, mt_technician
):
    appointment = _book(slot, cuiaba_focal_point)
    services.cancel(appointment, by=cuiaba_focal_point, reason="Mudou a agenda do prefeito.")

    last = appointment.request.events.order_by("pk").last()
    assert last.kind == "requester_message"
    assert last.text == (
        "Atendimento de 10/03/2026 09:00 cancelado. Motivo: Mudou a agenda do prefeito."
    )
    assert not last.is_internal


def test_the_request_of_a_moved_booking_says_when_it_moved(slot, cuiaba_focal_point, mt_technician):
    later = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 12), 15))
    appointment = _book(slot, cuiaba_focal_point)
    services.reschedule(appointment, to=later, by=mt_technician)

    last = appointment.request.events.order_by("pk").last()
    assert (last.kind, last.text) == (
        "message",
        "Atendimento remarcado de 10/03/2026 09:00 para 12/03/2026 15:00.",
    )


def test_the_request_page_shows_the_appointment_it_booked(
    slot, cuiaba_focal_point, admin_user, client, sign_in
):
    appointment = _book(slot, cuiaba_focal_point)
    sign_in(admin_user)  # the unit's technicians see the requests assigned to them

    response = client.get(appointment.request.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200, (response.status_code, html[html.find("<title>") :][:80])
    assert "Atendimento agendado" in html
    assert "10/03/2026 09:00 – 10:00" in html
    assert f'href="/agenda/atendimentos/{appointment.pk}/"' in html


def test_the_municipalitys_own_request_page_shows_it_too(slot, cuiaba_focal_point, client, sign_in):
    appointment = _book(slot, cuiaba_focal_point)
    sign_in(cuiaba_focal_point)

    html = client.get(appointment.request.get_absolute_url()).content.decode()

    assert "Atendimento agendado" in html
    assert "Abrir o atendimento (remarcar ou cancelar)" in html


def test_the_confirmation_names_the_states_time(
    slot, cuiaba_focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _book(slot, cuiaba_focal_point)

    (mail,) = _agenda_mails(mailoutbox)
    assert "das 09:00 às 10:00 (horário de Mato Grosso)." in mail.body
