"""Item 5 on the pages: the event page's registration box, the registration form (oneself or a
team), the registration page by its code (QR code, cancel, waiting position), a person's
registrations, the satisfaction form after the event."""

import datetime as dt

import pytest
import time_machine

from apoia.agenda.models import Feedback, Registration, RegistrationStatus
from apoia.agenda.tests.conftest import CUIABA, VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2026, 3, 11)


def _form(municipality=CUIABA, *people):
    data = {"municipality": str(municipality)}
    for n, (name, email, role) in enumerate(people):
        data.update({f"name_{n}": name, f"email_{n}": email, f"role_{n}": role})
    return data


def test_the_event_page_shows_places_left_and_the_register_link_to_a_focal_point(
    client, sign_in, cuiaba_focal_point, mt_morning
):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)

    page = sign_in(cuiaba_focal_point).get(event.get_absolute_url()).content.decode()

    assert "Inscrições abertas: restam 2 vagas." in page
    assert f'href="/agenda/eventos/{event.pk}/inscricao/"' in page


def test_the_event_page_asks_anonymous_visitors_to_sign_in(client, agenda_seeds, mt_morning):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "novas inscrições entram na lista de espera (0 pessoas aguardando)" in page
    assert "Entre para se inscrever" in page


def test_a_focal_point_registers_through_the_form_and_lands_on_the_registration_page(
    client, sign_in, cuiaba_focal_point, mt_morning
):
    event = EventFactory(capacity=5)
    sign_in(cuiaba_focal_point)
    form = client.get(f"/agenda/eventos/{event.pk}/inscricao/").content.decode()
    assert 'value="marcos@apoia.test"' in form

    response = client.post(
        f"/agenda/eventos/{event.pk}/inscricao/",
        _form(CUIABA, ("Marcos Medeiros", "marcos@apoia.test", "Gestor")),
    )

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == f"/agenda/inscricoes/{registration.code}/"
    page = client.get(response.url).content.decode()
    assert "Marcos Medeiros" in page
    assert registration.code in page
    assert "<svg" in page  # the QR code, inline
    assert "marcos@apoia.test" not in page


def test_a_team_registration_fills_the_places_and_sends_the_rest_to_the_waiting_list(
    client, sign_in, cuiaba_focal_point, mt_morning
):
    event = EventFactory(capacity=2)

    response = sign_in(cuiaba_focal_point).post(
        f"/agenda/eventos/{event.pk}/inscricao/",
        _form(
            CUIABA,
            ("Ana", "ana@cuiaba.mt.gov.br", "Assistente social"),
            ("Bia", "bia@cuiaba.mt.gov.br", "Psicóloga"),
            ("Caio", "caio@cuiaba.mt.gov.br", ""),
        ),
    )

    assert response.url == "/agenda/minhas-inscricoes/"
    assert list(Registration.objects.values_list("name", "status")) == [
        ("Ana", "registered"),
        ("Bia", "registered"),
        ("Caio", "waiting"),
    ]
    mine = client.get("/agenda/minhas-inscricoes/").content.decode()
    assert "Caio" in mine and "Lista de espera" in mine


def test_the_form_shows_a_duplicate_email_on_its_row(
    client, sign_in, cuiaba_focal_point, mt_morning
):
    event = EventFactory()
    RegistrationFactory(event=event, email="ana@cuiaba.mt.gov.br")

    response = sign_in(cuiaba_focal_point).post(
        f"/agenda/eventos/{event.pk}/inscricao/",
        _form(
            CUIABA,
            ("Bia", "bia@cuiaba.mt.gov.br", ""),
            ("Ana", "ana@cuiaba.mt.gov.br", ""),
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email_1": ["ana@cuiaba.mt.gov.br já está inscrito(a) neste evento."]
    }
    assert Registration.objects.count() == 1


def test_a_focal_point_outside_the_audience_gets_404_on_the_form(
    client, sign_in, cuiaba_focal_point, mt_morning
):
    event = EventFactory()
    event.audience_municipalities.set([Municipality.objects.get(ibge=VARZEA_GRANDE)])

    response = sign_in(cuiaba_focal_point).get(f"/agenda/eventos/{event.pk}/inscricao/")

    assert response.status_code == 404


def test_the_form_of_a_draft_event_answers_404(client, sign_in, mt_technician, mt_morning):
    event = EventFactory(status="draft")

    assert sign_in(mt_technician).get(f"/agenda/eventos/{event.pk}/inscricao/").status_code == 404


def test_the_registration_page_shows_the_waiting_position_and_cancels(
    client, agenda_seeds, mt_morning
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, name="Rui")

    page = client.get(f"/agenda/inscricoes/{waiting.code}/").content.decode()
    assert "Posição 1 na lista de espera." in page

    response = client.post(f"/agenda/inscricoes/{waiting.code}/cancelar/")

    assert response.url == f"/agenda/inscricoes/{waiting.code}/"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CANCELLED


def test_cancelling_on_the_page_promotes_the_first_waiting(client, agenda_seeds, mt_morning):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)

    client.post(f"/agenda/inscricoes/{registered.code}/cancelar/")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("registered", "waiting")


def test_an_unknown_registration_code_answers_404(client, agenda_seeds):
    assert client.get("/agenda/inscricoes/NAOEXISTE/").status_code == 404


def test_a_code_typed_in_lower_case_goes_to_the_registration(client, agenda_seeds, mt_morning):
    RegistrationFactory(code="ABCD2345")

    response = client.get("/agenda/inscricoes/abcd-2345/")

    assert response.status_code == 302
    assert response.url == "/agenda/inscricoes/ABCD2345/"


def test_my_registrations_lists_those_made_with_my_email(client, sign_in, cuiaba_focal_point):
    RegistrationFactory(email="marcos@apoia.test", name="Marcos no evento")
    RegistrationFactory(email="outra@apoia.test", name="Outra pessoa")

    page = sign_in(cuiaba_focal_point).get("/agenda/minhas-inscricoes/").content.decode()

    assert "Marcos no evento" in page
    assert "Outra pessoa" not in page


def test_my_registrations_needs_a_login(client, agenda_seeds):
    assert client.get("/agenda/minhas-inscricoes/").status_code == 302


def test_an_attendee_rates_the_event_after_it_ends_and_can_change_it(client, agenda_seeds):
    registration = RegistrationFactory(checked_in_at=at(EVENT_DAY, 14, 5))

    with time_machine.travel(at(EVENT_DAY, 18), tick=False):
        page = client.get(f"/agenda/inscricoes/{registration.code}/").content.decode()
        assert "Avalie o evento" in page
        client.post(
            f"/agenda/inscricoes/{registration.code}/avaliacao/",
            {"rating": "4", "comment": "Bom conteúdo."},
        )
        client.post(f"/agenda/inscricoes/{registration.code}/avaliacao/", {"rating": "5"})

    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (5, "")


def test_no_rating_before_the_event_ends_or_without_attendance(client, agenda_seeds, mt_morning):
    attended = RegistrationFactory(checked_in_at=at(EVENT_DAY, 14, 5))
    absent = RegistrationFactory()

    client.post(f"/agenda/inscricoes/{attended.code}/avaliacao/", {"rating": "4"})
    with time_machine.travel(at(EVENT_DAY, 18), tick=False):
        client.post(f"/agenda/inscricoes/{absent.code}/avaliacao/", {"rating": "4"})

    assert Feedback.objects.count() == 0
