"""Public participation (issue 12, item 6): hearings and forums are agenda events; after they
start the staff record their minutes and the organizations that took part, shown on the event's
page, in the API and on each organization's page."""

import datetime as dt

import pytest
import time_machine

from apoia.accounts.models import ApiToken, Organization, OrganizationKind
from apoia.accounts.organization_page import sections_for
from apoia.agenda.models import EventType, Modality
from apoia.agenda.tests.conftest import CUIABA_TZ
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

HEARING_DAY = dt.date(2026, 3, 11)


@pytest.fixture
def after_the_hearing():
    with time_machine.travel(dt.datetime(2026, 3, 12, 10, 0, tzinfo=CUIABA_TZ), tick=False):
        yield


@pytest.fixture
def hearing(agenda_seeds):
    return EventFactory(
        title="Audiência pública do Plano Estadual de Assistência Social",
        type=EventType.AUDIENCIA_PUBLICA,
        modality=Modality.IN_PERSON,
        url="",
        place="Assembleia Legislativa de Mato Grosso, Cuiabá",
        start=at(HEARING_DAY, 14),
    )


def _organization(name, ibge=5103403):
    return Organization.objects.create(
        name=name, kind=OrganizationKind.OSC, municipality=Municipality.objects.get(ibge=ibge)
    )


def _token(user) -> dict:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_staff_record_the_minutes_and_participants_on_the_web(
    sign_in, mt_technician, hearing, after_the_hearing
):
    institute = _organization("Instituto Cuiabano de Assistência Social")
    client = sign_in(mt_technician)
    response = client.post(
        f"/agenda/gestao/eventos/{hearing.pk}/ata/",
        {
            "minutes": "Abertura às 14h. Foram ouvidas 12 manifestações.",
            "organizations": [institute.pk],
        },
    )
    assert response.status_code == 302
    body = client.get(hearing.get_absolute_url()).content.decode()
    assert "Foram ouvidas 12 manifestações." in body
    assert "Instituto Cuiabano de Assistência Social" in body


def test_the_public_sees_the_minutes_and_participants(
    client, mt_technician, hearing, after_the_hearing
):
    from apoia.agenda.services.participation import record_participation

    record_participation(
        hearing,
        by=mt_technician,
        minutes="Ata lavrada.",
        organizations=[_organization("Coletivo A")],
    )
    body = client.get(hearing.get_absolute_url()).content.decode()
    assert "Participação social" in body
    assert "Coletivo A" in body
    assert "Ata lavrada." in body


def test_an_organization_whose_member_checked_in_took_part(client, hearing, after_the_hearing):
    association = _organization("Associação Comunitária do Bairro Cristo Rei", 5108402)
    RegistrationFactory(
        event=hearing, organization=association, checked_in_at=at(HEARING_DAY, 14, 5)
    )
    RegistrationFactory(event=hearing, organization=_organization("Ausente"))
    body = client.get(hearing.get_absolute_url()).content.decode()
    assert "Associação Comunitária do Bairro Cristo Rei" in body
    assert "Ausente" not in body


def test_minutes_cannot_be_recorded_before_the_hearing_starts(sign_in, mt_technician, hearing):
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CUIABA_TZ), tick=False):
        client = sign_in(mt_technician)
        assert client.get(f"/agenda/gestao/eventos/{hearing.pk}/ata/").status_code == 404


def test_a_web_encontro_records_no_participation(sign_in, mt_technician, after_the_hearing):
    event = EventFactory(start=at(HEARING_DAY, 14))
    client = sign_in(mt_technician)
    assert client.get(f"/agenda/gestao/eventos/{event.pk}/ata/").status_code == 404


def test_staff_of_another_state_get_a_404(sign_in, ms_technician, hearing, after_the_hearing):
    client = sign_in(ms_technician)
    assert client.get(f"/agenda/gestao/eventos/{hearing.pk}/ata/").status_code == 404


def test_an_organization_of_another_state_is_refused_on_its_field(
    client, mt_technician, hearing, after_the_hearing
):
    from_ms = _organization("Associação de Campo Grande", 5002704)
    response = client.post(
        f"/api/v1/events/{hearing.pk}/participation",
        {"minutes": "Ata.", "organizations": [from_ms.pk]},
        content_type="application/json",
        **_token(mt_technician),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organizations"


def test_the_api_records_and_returns_the_participation(
    client, mt_technician, hearing, after_the_hearing
):
    institute = _organization("Instituto Cuiabano de Assistência Social")
    response = client.post(
        f"/api/v1/events/{hearing.pk}/participation",
        {"minutes": "Ata da audiência.", "organizations": [institute.pk]},
        content_type="application/json",
        **_token(mt_technician),
    )
    assert response.status_code == 200
    public = client.get(f"/api/v1/events/{hearing.pk}").json()
    assert public["minutes"] == "Ata da audiência."
    assert [o["name"] for o in public["organizations"]] == [
        "Instituto Cuiabano de Assistência Social"
    ]
    assert public["organizations"][0]["municipality"] == 5103403


def test_an_unknown_organization_answers_422_naming_the_field(
    client, mt_technician, hearing, after_the_hearing
):
    response = client.post(
        f"/api/v1/events/{hearing.pk}/participation",
        {"organizations": [999999]},
        content_type="application/json",
        **_token(mt_technician),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organizations"


def test_the_organization_page_section_lists_the_hearing(mt_technician, hearing, after_the_hearing):
    from apoia.agenda.services.participation import record_participation

    institute = _organization("Instituto Cuiabano de Assistência Social")
    record_participation(hearing, by=mt_technician, minutes="", organizations=[institute])
    (section,) = [
        s for s in sections_for(institute, mt_technician) if s.template.startswith("agenda/")
    ]
    assert section.title == "Eventos e audiências de que participou"
    assert [e.title for e in section.context["events"]] == [
        "Audiência pública do Plano Estadual de Assistência Social"
    ]


def test_the_hearing_page_links_its_staff_to_the_minutes_page(
    sign_in, mt_technician, hearing, after_the_hearing
):
    body = sign_in(mt_technician).get(hearing.get_absolute_url()).content.decode()
    assert f'href="/agenda/gestao/eventos/{hearing.pk}/ata/"' in body
