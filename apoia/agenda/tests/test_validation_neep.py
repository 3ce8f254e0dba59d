"""Item 3: the NEEP validates the themes — drafts go to it, only approved events are public,
a return needs a comment; the queue, the event page and the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import ApiToken
from apoia.agenda import queries
from apoia.agenda.models import EventStatus
from apoia.agenda.services import events as event_services
from apoia.agenda.services import validation as services
from apoia.agenda.tests.factories import EventFactory, at

pytestmark = pytest.mark.django_db


def _token(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def draft(agenda_seeds):
    return EventFactory(
        title="Oficina de Vigilância", status=EventStatus.DRAFT, programme="Manhã: conceitos."
    )


def test_neep_validation_blocks_publication_until_approved(
    draft, mt_technician, neep_member, mt_morning
):
    services.submit_for_validation(draft, by=mt_technician)

    assert list(queries.public_events()) == []
    assert list(queries.validation_queue(neep_member)) == [draft]

    services.approve(draft, by=neep_member)

    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED
    assert (draft.validated_by, draft.validated_at) == (neep_member, at(dt.date(2026, 3, 2), 9))
    assert draft.published_at == at(dt.date(2026, 3, 2), 9)
    assert list(queries.public_events()) == [draft]


def test_published_at_is_set_only_the_first_time(draft, mt_technician, neep_member):
    first = at(dt.date(2026, 2, 1), 10)
    draft.published_at = first
    draft.save()
    services.submit_for_validation(draft, by=mt_technician)

    services.approve(draft, by=neep_member)

    draft.refresh_from_db()
    assert draft.published_at == first


def test_returning_needs_a_comment(draft, mt_technician, neep_member):
    services.submit_for_validation(draft, by=mt_technician)

    with pytest.raises(ValidationError) as refused:
        services.return_event(draft, by=neep_member, comment="")

    assert refused.value.message_dict == {"comment": ["Diga o que precisa mudar para devolver."]}


def test_a_returned_event_goes_back_to_the_staff_and_can_be_sent_again(
    draft, mt_technician, neep_member
):
    services.submit_for_validation(draft, by=mt_technician)
    services.return_event(draft, by=neep_member, comment="Detalhar a programação da tarde.")
    draft.refresh_from_db()
    assert draft.status == EventStatus.RETURNED

    services.submit_for_validation(draft, by=mt_technician)

    assert list(draft.validations.values_list("action", "comment")) == [
        ("submitted", ""),
        ("returned", "Detalhar a programação da tarde."),
        ("submitted", ""),
    ]


def test_the_staff_cannot_approve_their_own_event(draft, mt_technician):
    services.submit_for_validation(draft, by=mt_technician)

    with pytest.raises(PermissionDenied):
        services.approve(draft, by=mt_technician)


def test_an_event_without_a_theme_cannot_go_to_the_neep(draft, mt_technician):
    draft.theme = ""
    draft.save()

    with pytest.raises(ValidationError) as refused:
        services.submit_for_validation(draft, by=mt_technician)

    assert list(refused.value.message_dict) == ["theme"]


def test_a_technical_visit_does_not_go_to_the_neep(agenda_seeds, mt_technician):
    visit = EventFactory(type="visita_tecnica", status=EventStatus.DRAFT)

    with pytest.raises(event_services.EventTransitionError):
        services.submit_for_validation(visit, by=mt_technician)


def test_the_queue_lists_the_theme_and_programme_to_the_neep(
    draft, mt_technician, neep_member, sign_in
):
    services.submit_for_validation(draft, by=mt_technician)

    page = sign_in(neep_member).get("/agenda/validacao/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Oficina de Vigilância" in text
    assert "Serviço de Convivência e Fortalecimento de Vínculos" in text
    assert "Manhã: conceitos." in text


def test_the_queue_is_not_found_for_staff_outside_the_neep(mt_technician, sign_in):
    assert sign_in(mt_technician).get("/agenda/validacao/").status_code == 404


def test_the_neep_approves_on_the_web_and_the_page_shows_when(
    draft, mt_technician, neep_member, sign_in, client, mt_morning
):
    services.submit_for_validation(draft, by=mt_technician)
    sign_in(neep_member)

    answer = client.post(f"/agenda/validacao/{draft.pk}/aprovar/")

    assert answer.status_code == 302
    client.logout()
    page = client.get(f"/agenda/eventos/{draft.pk}/").content.decode()
    assert "Tema validado pelo NEEP em 02/03/2026." in page
    assert "Nádia Neves" not in page
    staff_page = sign_in(mt_technician).get(f"/agenda/eventos/{draft.pk}/").content.decode()
    assert "Aprovado — Nádia Neves, 02/03/2026" in staff_page


def test_the_neep_returns_on_the_web_with_a_comment(
    draft, mt_technician, neep_member, sign_in, client
):
    services.submit_for_validation(draft, by=mt_technician)
    sign_in(neep_member)

    empty = client.post(f"/agenda/validacao/{draft.pk}/devolver/", {"comment": ""})
    answer = client.post(f"/agenda/validacao/{draft.pk}/devolver/", {"comment": "Rever o tema."})

    assert empty.status_code == 200
    assert "Este campo é obrigatório." in empty.content.decode()
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.status == EventStatus.RETURNED


def test_the_api_submits_approves_and_refuses_a_second_approval(
    draft, mt_technician, neep_member, client
):
    staff, neep = _token(mt_technician), _token(neep_member)

    sent = client.post(f"/api/v1/events/{draft.pk}/submit", **staff)
    approved = client.post(f"/api/v1/events/{draft.pk}/approve", **neep)
    again = client.post(f"/api/v1/events/{draft.pk}/approve", **neep)

    assert (sent.status_code, sent.json()["status"]) == (200, "in_validation")
    assert (approved.status_code, approved.json()["status"]) == (200, "published")
    assert approved.json()["validated_at"].endswith("-04:00")
    assert again.status_code == 409
    assert again.json() == {"detail": "Este evento não está aguardando a validação do NEEP."}


def test_the_api_return_without_a_comment_names_the_field(
    draft, mt_technician, neep_member, client
):
    services.submit_for_validation(draft, by=mt_technician)

    answer = client.post(
        f"/api/v1/events/{draft.pk}/return",
        {"comment": ""},
        content_type="application/json",
        **_token(neep_member),
    )

    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "comment", "message": "Diga o que precisa mudar para devolver."}
    ]


def test_the_staff_approving_through_the_api_is_forbidden(draft, mt_technician, client):
    services.submit_for_validation(draft, by=mt_technician)

    answer = client.post(f"/api/v1/events/{draft.pk}/approve", **_token(mt_technician))

    assert answer.status_code == 403


def test_the_plan_is_told_when_an_event_is_published(
    draft, mt_technician, neep_member, monkeypatch
):
    import sys
    import types

    told = []
    plan = types.ModuleType("apoia.agenda.services.plan")
    plan.note_event_published = told.append
    monkeypatch.setitem(sys.modules, "apoia.agenda.services.plan", plan)
    services.submit_for_validation(draft, by=mt_technician)

    services.approve(draft, by=neep_member)

    assert told == [draft]
