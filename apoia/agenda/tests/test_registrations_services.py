"""Item 5: who registers, the places and the waiting list (promoted in order when a registered
place is cancelled, with an e-mail), duplicates, closed registrations."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from apoia.agenda import queries
from apoia.agenda.models import EventStatus, Registration, RegistrationStatus
from apoia.agenda.services import registrations as services
from apoia.agenda.tests.conftest import CUIABA, RONDONOPOLIS, VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2026, 3, 11)


def person(n: int) -> dict:
    return {"name": f"Pessoa {n}", "email": f"pessoa{n}@cuiaba.mt.gov.br", "role": "Técnica"}


def cuiaba():
    return Municipality.objects.get(ibge=CUIABA)


def _register(event, user, *people, municipality=None):
    return services.register(
        event, by=user, people=list(people), municipality=municipality or cuiaba()
    )


def test_a_focal_point_registers_themselves_and_gets_a_code_and_an_ics(
    cuiaba_focal_point, mt_morning, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Web Encontro do SCFV", capacity=10)

    with django_capture_on_commit_callbacks(execute=True):
        (registration,) = _register(
            event,
            cuiaba_focal_point,
            {"name": "Marcos Medeiros", "email": "Marcos@Apoia.test", "role": "Gestor"},
        )

    assert registration.status == RegistrationStatus.REGISTERED
    assert len(registration.code) == 8
    assert registration.email == "marcos@apoia.test"
    assert registration.registered_by == cuiaba_focal_point
    (mail,) = mailoutbox
    assert mail.to == ["marcos@apoia.test"]
    assert mail.subject == "Inscrição confirmada: Web Encontro do SCFV em 11/03/2026"
    assert registration.code in mail.body
    assert f"/agenda/inscricoes/{registration.code}/" in mail.body
    name, body, mimetype = mail.attachments[0]
    assert (name, mimetype) == ("evento.ics", "text/calendar")
    calendar = Calendar.from_ical(body)
    assert calendar["method"] == "PUBLISH"
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Web Encontro do SCFV"
    assert entry.decoded("dtstart") == at(EVENT_DAY, 14)


def test_a_team_takes_the_places_left_and_the_rest_waits_in_order(cuiaba_focal_point, mt_morning):
    event = EventFactory(capacity=2)

    made = _register(event, cuiaba_focal_point, person(1), person(2), person(3))

    assert [r.status for r in made] == ["registered", "registered", "waiting"]
    assert {r.municipality_id for r in made} == {CUIABA}


def test_the_waiting_list_promotes_the_first_in_order_with_an_email(
    cuiaba_focal_point, mt_morning, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Oficina de Vigilância", capacity=1)
    first, second, third = (_register(event, cuiaba_focal_point, person(n))[0] for n in (1, 2, 3))
    assert [first.status, second.status, third.status] == ["registered", "waiting", "waiting"]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first)

    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert first.cancelled_at == at(dt.date(2026, 3, 2), 9)
    assert second.status == RegistrationStatus.REGISTERED
    assert second.promoted_at == at(dt.date(2026, 3, 2), 9)
    assert third.status == RegistrationStatus.WAITING
    (mail,) = mailoutbox
    assert sorted(mail.to) == ["marcos@apoia.test", "pessoa2@cuiaba.mt.gov.br"]
    assert mail.subject == "Vaga confirmada: Oficina de Vigilância em 11/03/2026"


def test_cancelling_a_waiting_registration_promotes_nobody(cuiaba_focal_point, mt_morning):
    event = EventFactory(capacity=1)
    first, second, third = (_register(event, cuiaba_focal_point, person(n))[0] for n in (1, 2, 3))

    services.cancel(second)

    assert list(event.registrations.values_list("status", "promoted_at")) == [
        ("registered", None),
        ("cancelled", None),
        ("waiting", None),
    ]
    third.refresh_from_db()
    assert queries.waiting_position(third) == 1


def test_a_cancelled_registration_cannot_be_cancelled_again(cuiaba_focal_point, mt_morning):
    event = EventFactory(capacity=1)
    (registration,) = _register(event, cuiaba_focal_point, person(1))
    services.cancel(registration)

    with pytest.raises(services.RegistrationClosed, match="já foi cancelada"):
        services.cancel(registration)


def test_the_same_email_twice_in_an_event_is_refused_with_a_clear_message(
    cuiaba_focal_point, mt_morning
):
    event = EventFactory()
    _register(event, cuiaba_focal_point, person(1))

    with pytest.raises(ValidationError) as error:
        _register(event, cuiaba_focal_point, {**person(1), "name": "Outra Pessoa"})

    assert error.value.message_dict == {
        "email": ["pessoa1@cuiaba.mt.gov.br já está inscrito(a) neste evento."]
    }


def test_after_cancelling_the_same_email_registers_again(cuiaba_focal_point, mt_morning):
    event = EventFactory()
    (registration,) = _register(event, cuiaba_focal_point, person(1))
    services.cancel(registration)

    (again,) = _register(event, cuiaba_focal_point, person(1))

    assert again.status == RegistrationStatus.REGISTERED


def test_a_team_repeating_an_email_names_the_row(cuiaba_focal_point, mt_morning):
    event = EventFactory()

    with pytest.raises(ValidationError) as error:
        _register(event, cuiaba_focal_point, person(1), {**person(1), "name": "Dup"})

    assert error.value.message_dict == {
        "people.1.email": ["Este e-mail já está na pessoa 1 desta inscrição."]
    }
    assert Registration.objects.count() == 0


def test_the_focal_point_of_a_municipality_outside_the_audience_cannot_register(
    cuiaba_focal_point, mt_morning
):
    event = EventFactory()
    event.audience_municipalities.set([Municipality.objects.get(ibge=VARZEA_GRANDE)])

    with pytest.raises(PermissionDenied):
        _register(event, cuiaba_focal_point, person(1))


def test_a_focal_point_cannot_register_for_another_municipality(cuiaba_focal_point, mt_morning):
    event = EventFactory()

    with pytest.raises(ValidationError) as error:
        _register(
            event,
            cuiaba_focal_point,
            person(1),
            municipality=Municipality.objects.get(ibge=VARZEA_GRANDE),
        )

    assert error.value.message_dict == {"municipality": ["Você não é ponto focal deste município."]}


def test_staff_register_people_of_any_municipality_of_the_audience(mt_technician, mt_morning):
    event = EventFactory()
    event.audience_municipalities.set(
        Municipality.objects.filter(ibge__in=[RONDONOPOLIS, VARZEA_GRANDE])
    )

    (registration,) = _register(
        event, mt_technician, person(1), municipality=Municipality.objects.get(ibge=RONDONOPOLIS)
    )
    with pytest.raises(ValidationError) as error:
        _register(event, mt_technician, person(2), municipality=cuiaba())

    assert registration.municipality_id == RONDONOPOLIS
    assert error.value.message_dict == {
        "municipality": ["Cuiabá não está entre os municípios convidados para este evento."]
    }


def test_people_without_a_role_in_the_audience_cannot_register(
    ms_technician, mt_morning, django_user_model
):
    event = EventFactory()
    nobody = django_user_model.objects.create_user(email="x@apoia.test", password="x-senha-1")

    for user in (ms_technician, nobody):
        with pytest.raises(PermissionDenied):
            _register(event, user, person(1))


def test_registration_closes_at_its_deadline_at_the_start_and_for_drafts(
    cuiaba_focal_point, mt_morning
):
    closed = EventFactory(registration_closes=at(dt.date(2026, 3, 1), 18))
    draft = EventFactory(status=EventStatus.DRAFT)
    started = EventFactory(start=at(dt.date(2026, 3, 2), 8))

    for event in (closed, draft, started):
        with pytest.raises(services.RegistrationClosed, match="encerradas"):
            _register(event, cuiaba_focal_point, person(1))


def test_a_bad_email_and_a_missing_name_are_refused_on_their_fields(cuiaba_focal_point, mt_morning):
    with pytest.raises(ValidationError) as error:
        _register(EventFactory(), cuiaba_focal_point, {"name": " ", "email": "não-é-email"})

    assert error.value.message_dict == {
        "name": ["Informe o nome."],
        "email": ["Informe um e-mail válido."],
    }


def test_after_the_event_a_registration_cannot_be_cancelled(cuiaba_focal_point, mt_morning):
    registration = RegistrationFactory(event=EventFactory())

    with (
        time_machine.travel(at(EVENT_DAY, 18), tick=False),
        pytest.raises(services.RegistrationClosed, match="já terminou"),
    ):
        services.cancel(registration)


def test_more_places_promote_the_waiting_list_in_order(
    cuiaba_focal_point, mt_technician, mt_morning
):
    from apoia.agenda.services.events import update_event

    event = EventFactory(capacity=1)
    made = _register(event, cuiaba_focal_point, person(1), person(2), person(3), person(4))

    update_event(event, by=mt_technician, capacity=3)

    statuses = [Registration.objects.get(pk=r.pk).status for r in made]
    assert statuses == ["registered", "registered", "registered", "waiting"]


def test_capacity_cannot_drop_below_the_people_who_have_a_place(
    cuiaba_focal_point, mt_technician, mt_morning
):
    from apoia.agenda.services.events import update_event

    event = EventFactory(capacity=3)
    _register(event, cuiaba_focal_point, person(1), person(2), person(3))

    with pytest.raises(ValidationError) as refused:
        update_event(event, by=mt_technician, capacity=2)
    assert refused.value.message_dict["capacity"] == [
        "3 pessoas já têm vaga: a capacidade não pode ficar abaixo disso "
        "(cancele inscrições antes)."
    ]
