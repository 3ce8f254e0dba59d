"""Item 7: calendars — public feeds per state, program and unit; the private feed behind a
token the person regenerates; day-before reminders in the daily digest."""

import datetime as dt

import pytest
from icalendar import Calendar

from apoia.agenda.ical import uid_for
from apoia.agenda.models import CalendarFeed, EventStatus
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, at

pytestmark = pytest.mark.django_db


def _events(answer):
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(answer.content).walk("VEVENT")]


def test_the_state_feed_has_uid_times_with_zone_summary_and_place_or_link(
    client, agenda_seeds, mt_morning
):
    online = EventFactory(title="Web Encontro do PAIF")
    hybrid = EventFactory(
        title="Encontro Regional",
        modality="hybrid",
        place="Auditório da SETASC, Cuiabá",
        start=at(dt.date(2026, 3, 18), 8),
    )
    EventFactory(title="Rascunho", status=EventStatus.DRAFT)

    first, second = _events(client.get("/agenda/ical/mt.ics"))

    assert str(first["UID"]) == uid_for("event", online.pk)
    assert first["DTSTART"].params["TZID"] == "America/Cuiaba"
    assert first.decoded("DTSTART") == at(dt.date(2026, 3, 11), 14)
    assert first.decoded("DTEND") == at(dt.date(2026, 3, 11), 17)
    assert str(first["SUMMARY"]) == "Web Encontro do PAIF"
    assert str(first["URL"]) == "https://conferencia.mt.gov.br/sala/scfv"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(second["UID"]) == uid_for("event", hybrid.pk)
    assert str(second["LOCATION"]) == "Auditório da SETASC, Cuiabá"


def test_a_cancelled_event_is_in_the_feed_as_cancelled(client, agenda_seeds, mt_morning):
    EventFactory(
        status=EventStatus.CANCELLED,
        cancel_reason="Chuva.",
        published_at=at(dt.date(2026, 2, 1), 9),
    )

    (entry,) = _events(client.get("/agenda/ical/mt.ics"))

    assert str(entry["STATUS"]) == "CANCELLED"


def test_an_unknown_state_feed_is_not_found(client, agenda_seeds):
    assert client.get("/agenda/ical/zz.ics").status_code == 404


def test_the_program_feed_lists_events_of_its_phases(client, agenda_seeds, mt_morning):
    from apoia.accounts.models import OrgUnit
    from apoia.programs.models import Phase, Program

    unit = OrgUnit.objects.get(slug="mt-cpsb")
    program = Program.objects.create(
        slug="mt-acolhe", name="MT Acolhe", state=unit.state, managing_unit=unit
    )
    phase = Phase.objects.create(program=program, slug="fase-1", name="Fase 1", order=1)
    EventFactory(title="Capacitação do MT Acolhe", phase=phase)
    EventFactory(title="Outro evento")

    entries = _events(client.get("/agenda/ical/programas/mt-acolhe.ics"))

    assert [str(e["SUMMARY"]) for e in entries] == ["Capacitação do MT Acolhe"]
    assert client.get("/agenda/ical/programas/nenhum.ics").status_code == 404


def test_the_unit_feed_lists_that_units_events(client, agenda_seeds, mt_morning):
    from apoia.accounts.models import OrgUnit

    EventFactory(title="Da CPSB")
    EventFactory(title="Da CPSE", unit=OrgUnit.objects.get(slug="mt-neep"))

    entries = _events(client.get("/agenda/ical/unidades/mt-cpsb.ics"))

    assert [str(e["SUMMARY"]) for e in entries] == ["Da CPSB"]


def test_the_private_feed_has_my_registrations_and_not_the_cancelled_ones(
    client, cuiaba_focal_point, mt_morning
):
    mine = EventFactory(title="Inscrita")
    by_email = EventFactory(title="Pelo e-mail")
    gave_up = EventFactory(title="Desisti")
    EventFactory(title="De outra pessoa")
    RegistrationFactory(event=mine, registered_by=cuiaba_focal_point)
    RegistrationFactory(event=by_email, email=cuiaba_focal_point.email)
    RegistrationFactory(event=gave_up, email=cuiaba_focal_point.email, status="cancelled")
    feed = CalendarFeed.objects.create(user=cuiaba_focal_point, token="segredo-de-teste")

    entries = _events(client.get(f"/agenda/ical/pessoal/{feed.token}.ics"))

    assert [str(e["SUMMARY"]) for e in entries] == ["Inscrita", "Pelo e-mail"]


def test_the_private_feed_has_the_events_of_my_unit(client, mt_technician, mt_morning):
    EventFactory(title="Da minha unidade")
    feed = CalendarFeed.objects.create(user=mt_technician, token="segredo-da-tania")

    entries = _events(client.get(f"/agenda/ical/pessoal/{feed.token}.ics"))

    assert [str(e["SUMMARY"]) for e in entries] == ["Da minha unidade"]


def test_my_calendar_shows_the_url_and_regenerating_it_makes_the_old_one_404(
    cuiaba_focal_point, sign_in, client
):
    sign_in(cuiaba_focal_point)
    page = client.get("/agenda/minha-agenda/")
    old = CalendarFeed.objects.get(user=cuiaba_focal_point).token
    assert f"/agenda/ical/pessoal/{old}.ics" in page.content.decode()
    assert client.get(f"/agenda/ical/pessoal/{old}.ics").status_code == 200

    client.post("/agenda/minha-agenda/novo-endereco/")

    new = CalendarFeed.objects.get(user=cuiaba_focal_point).token
    assert new != old
    assert client.get(f"/agenda/ical/pessoal/{old}.ics").status_code == 404
    assert client.get(f"/agenda/ical/pessoal/{new}.ics").status_code == 200


def test_my_calendar_asks_to_sign_in(client, agenda_seeds):
    assert client.get("/agenda/minha-agenda/").status_code == 302


def test_the_agenda_links_the_feeds(client, agenda_seeds, mt_morning):
    EventFactory()

    assert 'href="/agenda/ical/mt.ics"' in client.get("/agenda/").content.decode()
