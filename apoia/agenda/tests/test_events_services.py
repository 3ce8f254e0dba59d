"""Item 2: events — the rules of their fields, publication of types without validation,
cancelling with a reason (the event stays listed as cancelled; registrants get an e-mail)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import OrgUnit
from apoia.agenda import queries
from apoia.agenda.models import EventStatus, EventType, Modality
from apoia.agenda.services import events as services
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import State

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "unit": OrgUnit.objects.get(slug="mt-cpsb"),
        "title": "Encontro Regional de Gestores",
        "type": EventType.ENCONTRO,
        "modality": Modality.HYBRID,
        "theme": "Vigilância socioassistencial",
        "start": at(dt.date(2026, 3, 18), 8),
        "end": at(dt.date(2026, 3, 18), 12),
        "workload_hours": Decimal("4"),
        "place": "Auditório da SETASC, Cuiabá",
        "url": "https://conferencia.mt.gov.br/sala/encontro",
    }
    data.update(changes)
    return data


def _create(user, **changes):
    return services.create_event(by=user, state=State.objects.get(uf="MT"), **_data(**changes))


def test_a_new_event_is_a_draft_out_of_the_public_agenda(mt_technician, mt_morning):
    event = _create(mt_technician)

    assert (event.status, event.published_at) == (EventStatus.DRAFT, None)
    assert list(queries.public_events()) == []


def test_a_hybrid_event_without_a_link_is_refused_naming_the_link(mt_technician):
    with pytest.raises(ValidationError) as refused:
        _create(mt_technician, url="")

    assert refused.value.message_dict == {
        "url": ["Um evento híbrido precisa do link da transmissão."]
    }


def test_an_online_event_needs_a_link_and_an_in_person_one_a_place(mt_technician):
    with pytest.raises(ValidationError) as online:
        _create(mt_technician, modality=Modality.ONLINE, url="")
    with pytest.raises(ValidationError) as in_person:
        _create(mt_technician, modality=Modality.IN_PERSON, place="")

    assert online.value.message_dict == {"url": ["Um evento online precisa do link."]}
    assert in_person.value.message_dict == {"place": ["Um evento presencial precisa do local."]}


def test_the_end_must_follow_the_start_and_the_workload_be_positive(mt_technician):
    with pytest.raises(ValidationError) as refused:
        _create(mt_technician, end=at(dt.date(2026, 3, 18), 8), workload_hours=Decimal("0"))

    assert refused.value.message_dict == {
        "end": ["O término deve ser depois do início."],
        "workload_hours": ["A carga horária deve ser maior que zero."],
    }


def test_an_axis_of_another_state_is_refused(mt_technician):
    from apoia.agenda.models import Axis

    ms = State.objects.get(uf="MS")
    other = Axis.objects.create(state=ms, slug="gestao", name="Gestão")

    with pytest.raises(ValidationError) as refused:
        _create(mt_technician, axis=other)

    assert list(refused.value.message_dict) == ["axis"]


def test_staff_of_another_state_may_not_create_events_there(ms_technician):
    with pytest.raises(PermissionDenied):
        _create(ms_technician)


def test_a_technical_visit_is_published_by_the_staff_without_the_neep(mt_technician, mt_morning):
    event = _create(mt_technician, type=EventType.VISITA_TECNICA)

    services.publish(event, by=mt_technician)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at == at(dt.date(2026, 3, 2), 9)


def test_an_event_that_needs_validation_cannot_be_published_by_the_staff(mt_technician):
    event = _create(mt_technician)

    with pytest.raises(services.EventTransitionError):
        services.publish(event, by=mt_technician)

    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_cancelling_needs_a_reason(mt_technician):
    event = EventFactory()

    with pytest.raises(ValidationError) as refused:
        services.cancel_event(event, by=mt_technician, reason="  ")

    assert refused.value.message_dict == {"reason": ["Informe o motivo do cancelamento."]}


def test_a_cancelled_event_stays_public_as_cancelled_and_registrants_are_told(
    mt_technician, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Web Encontro do PAIF")
    RegistrationFactory(event=event, email="ana@cuiaba.mt.gov.br")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, by=mt_technician, reason="Ponto facultativo.")

    assert list(queries.public_events().values_list("status", flat=True)) == ["cancelled"]
    assert [m.to for m in mail.outbox] == [["ana@cuiaba.mt.gov.br"]]
    assert mail.outbox[0].subject == "Evento cancelado: Web Encontro do PAIF"
    assert "Ponto facultativo." in mail.outbox[0].body
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]


def test_changing_the_theme_of_a_published_event_sends_it_back_to_the_neep(mt_technician):
    event = EventFactory()

    services.update_event(event, by=mt_technician, theme="Outro tema")

    event.refresh_from_db()
    assert event.status == EventStatus.IN_VALIDATION
    assert list(queries.public_events()) == []
    assert list(event.validations.values_list("action", flat=True)) == ["submitted"]


def test_changing_the_place_of_a_published_event_keeps_it_published(mt_technician):
    event = EventFactory()

    services.update_event(event, by=mt_technician, url="https://conferencia.mt.gov.br/nova")

    event.refresh_from_db()
    assert (event.status, event.url) == (
        EventStatus.PUBLISHED,
        "https://conferencia.mt.gov.br/nova",
    )


def test_places_left_counts_only_registered_people(agenda_seeds):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waiting")
    RegistrationFactory(event=event, status="cancelled")

    assert queries.places_left(event) == 2
    assert queries.places_left(EventFactory(capacity=None)) is None


def test_registration_closes_at_its_time_or_at_the_start(agenda_seeds):
    event = EventFactory(registration_closes=at(dt.date(2026, 3, 10), 18))

    assert queries.registration_open(event, at(dt.date(2026, 3, 10), 17)) is True
    assert queries.registration_open(event, at(dt.date(2026, 3, 10), 18)) is False
    assert queries.registration_open(EventFactory(), at(dt.date(2026, 3, 11), 14)) is False
