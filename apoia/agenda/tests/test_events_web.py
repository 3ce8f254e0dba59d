"""Items 2 and 12: the public agenda (filters, month view, the event page) and the staff's
pages for events and series."""

import datetime as dt

import pytest

from apoia.agenda.models import Event, EventStatus, Series
from apoia.agenda.tests.factories import EventFactory, at

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "title": "Encontro Regional de Gestores",
        "type": "encontro",
        "modality": "hybrid",
        "theme": "Vigilância socioassistencial",
        "date": "2026-03-18",
        "start_time": "08:00",
        "end_time": "12:00",
        "workload_hours": "4",
        "place": "Auditório da SETASC, Cuiabá",
        "url": "https://conferencia.mt.gov.br/sala/encontro",
        "unit": _unit_pk(),
    }
    data.update(changes)
    return data


def _unit_pk():
    from apoia.accounts.models import OrgUnit

    return OrgUnit.objects.get(slug="mt-cpsb").pk


def test_the_agenda_lists_upcoming_published_events_first(client, agenda_seeds, mt_morning):
    EventFactory(title="Oficina de abril", start=at(dt.date(2026, 4, 1), 9))
    EventFactory(title="Web encontro de março", start=at(dt.date(2026, 3, 11), 14))
    EventFactory(title="Encontro passado", start=at(dt.date(2026, 2, 10), 14))
    EventFactory(title="Rascunho secreto", status=EventStatus.DRAFT)

    text = client.get("/agenda/").content.decode()

    assert text.index("Web encontro de março") < text.index("Oficina de abril")
    assert "Encontro passado" not in text
    assert "Rascunho secreto" not in text
    assert "11/03/2026" in text
    assert "/agenda/ical/mt.ics" in text


def test_the_agenda_filters_by_type_and_modality(client, agenda_seeds, mt_morning):
    EventFactory(title="Live do CadÚnico", type="live")
    EventFactory(title="Oficina presencial", type="oficina", modality="in_person", place="Sede")

    live = client.get("/agenda/", {"type": "live"}).content.decode()
    in_person = client.get("/agenda/", {"modality": "in_person"}).content.decode()

    assert "Live do CadÚnico" in live and "Oficina presencial" not in live
    assert "Oficina presencial" in in_person and "Live do CadÚnico" not in in_person


def test_the_agenda_filters_by_month_and_says_when_nothing_matches(
    client, agenda_seeds, mt_morning
):
    EventFactory(title="Oficina de abril", start=at(dt.date(2026, 4, 1), 9))

    april = client.get("/agenda/", {"month": "2026-04"}).content.decode()
    may = client.get("/agenda/", {"month": "2026-05"}).content.decode()
    bad = client.get("/agenda/", {"month": "abril", "type": "nada"})

    assert "Oficina de abril" in april
    assert "Nenhum evento com estes filtros." in may
    assert bad.status_code == 200


def test_the_agenda_filters_by_program(client, agenda_seeds, mt_morning):
    from apoia.programs.models import Phase, Program

    program = Program.objects.create(
        slug="mt-acolhe",
        name="MT Acolhe",
        state_id=EventFactory().state_id,
        managing_unit_id=_unit_pk(),
    )
    phase = Phase.objects.create(program=program, slug="fase-1", name="Fase 1", order=1)
    EventFactory(title="Capacitação do MT Acolhe", phase=phase)

    text = client.get("/agenda/", {"program": "mt-acolhe"}).content.decode()

    assert "Capacitação do MT Acolhe" in text
    assert "Web Encontro Estadual" not in text


def test_the_month_view_puts_each_event_on_its_day(client, agenda_seeds, mt_morning):
    EventFactory(title="Web encontro de março", start=at(dt.date(2026, 3, 11), 14))

    page = client.get("/agenda/mes/2026/3/")

    assert page.status_code == 200
    days = page.context["days"]
    assert [(day, [r["event"].title for r in rows]) for day, rows in days] == [
        (dt.date(2026, 3, 11), ["Web encontro de março"])
    ]
    assert "abril 2026" in page.content.decode()


def test_the_month_view_answers_404_for_a_month_thirteen(client, agenda_seeds):
    assert client.get("/agenda/mes/2026/13/").status_code == 404


def test_the_public_cannot_open_a_draft(client, agenda_seeds):
    draft = EventFactory(status=EventStatus.DRAFT)

    assert client.get(f"/agenda/eventos/{draft.pk}/").status_code == 404


def test_staff_of_another_state_cannot_open_a_draft(ms_technician, sign_in):
    draft = EventFactory(status=EventStatus.DRAFT)

    assert sign_in(ms_technician).get(f"/agenda/eventos/{draft.pk}/").status_code == 404


def test_the_event_page_shows_a_hybrid_events_place_and_link_in_cuiaba_time(client, agenda_seeds):
    event = EventFactory(modality="hybrid", place="Auditório da SETASC", capacity=30)

    text = client.get(f"/agenda/eventos/{event.pk}/").content.decode()

    assert "11/03/2026, das 14:00 às 17:00 (horário de Mato Grosso)" in text
    assert "Auditório da SETASC" in text
    assert "https://conferencia.mt.gov.br/sala/scfv" in text
    assert "3 h" in text
    assert "Todos os municípios de Mato Grosso." in text


def test_the_staff_create_a_draft_event_in_the_states_time(mt_technician, sign_in, mt_morning):
    client = sign_in(mt_technician)

    answer = client.post("/agenda/gestao/eventos/novo/", _form())

    event = Event.objects.get()
    assert answer.url == f"/agenda/eventos/{event.pk}/"
    assert (event.status, event.start, event.end) == (
        EventStatus.DRAFT,
        at(dt.date(2026, 3, 18), 8),
        at(dt.date(2026, 3, 18), 12),
    )


def test_a_hybrid_event_without_a_link_is_refused_with_a_field_message(mt_technician, sign_in):
    page = sign_in(mt_technician).post("/agenda/gestao/eventos/novo/", _form(url=""))

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "url": ["Um evento híbrido precisa do link da transmissão."]
    }
    assert Event.objects.count() == 0


def test_save_and_send_puts_the_event_in_the_neep_queue(mt_technician, sign_in):
    sign_in(mt_technician).post("/agenda/gestao/eventos/novo/", {**_form(), "then": "send"})

    assert Event.objects.get().status == EventStatus.IN_VALIDATION


def test_save_and_send_publishes_a_technical_visit(mt_technician, sign_in):
    sign_in(mt_technician).post(
        "/agenda/gestao/eventos/novo/", {**_form(type="visita_tecnica"), "then": "send"}
    )

    assert Event.objects.get().status == EventStatus.PUBLISHED


def test_editing_the_theme_of_a_published_event_warns_it_left_the_agenda(mt_technician, sign_in):
    event = EventFactory()
    client = sign_in(mt_technician)
    form = client.get(f"/agenda/gestao/eventos/{event.pk}/editar/")
    assert "volta ao NEEP e sai da agenda pública" in form.content.decode()
    data = {
        **_form(),
        "title": event.title,
        "modality": "online",
        "place": "",
        "theme": "Novo tema",
        "date": "2026-03-11",
        "start_time": "14:00",
        "end_time": "17:00",
    }

    answer = client.post(f"/agenda/gestao/eventos/{event.pk}/editar/", data, follow=True)

    event.refresh_from_db()
    assert event.status == EventStatus.IN_VALIDATION
    assert "saiu da agenda pública até ser aprovado de novo" in answer.content.decode()


def test_a_municipal_user_cannot_open_the_staff_pages(cuiaba_focal_point, sign_in):
    client = sign_in(cuiaba_focal_point)
    event = EventFactory()

    assert client.get("/agenda/gestao/").status_code == 404
    assert client.get("/agenda/gestao/eventos/novo/").status_code == 404
    assert client.get(f"/agenda/gestao/eventos/{event.pk}/editar/").status_code == 404


def test_the_staff_home_lists_the_states_events_by_status(mt_technician, ms_technician, sign_in):
    EventFactory(title="Rascunho do PAIF", status=EventStatus.DRAFT)
    EventFactory(title="Publicado do SCFV")

    drafts = sign_in(mt_technician).get("/agenda/gestao/", {"status": "draft"}).content.decode()
    other_state = sign_in(ms_technician).get("/agenda/gestao/").content.decode()

    assert "Rascunho do PAIF" in drafts and "Publicado do SCFV" not in drafts
    assert "Rascunho do PAIF" not in other_state


def test_cancelling_on_the_web_keeps_the_event_on_the_agenda_as_cancelled(
    mt_technician, sign_in, client
):
    event = EventFactory(title="Web Encontro do PAIF")
    sign_in(mt_technician).post(
        f"/agenda/gestao/eventos/{event.pk}/cancelar/", {"reason": "Ponto facultativo."}
    )
    client.logout()

    page = client.get(f"/agenda/eventos/{event.pk}/").content.decode()

    assert "Evento cancelado." in page and "Ponto facultativo." in page


def test_the_staff_create_a_series_with_the_second_wednesday_rule(mt_technician, sign_in):
    answer = sign_in(mt_technician).post(
        "/agenda/gestao/series/nova/",
        {
            "title": "Websérie SUAS-MT",
            "type": "webserie_episode",
            "frequency": "monthly_weekday",
            "interval": "1",
            "weekday": "WE",
            "ordinal": "2",
            "first_date": "2026-04-01",
            "until": "2026-06-30",
            "start_time": "14:00",
            "end_time": "16:00",
            "modality": "online",
            "workload_hours": "2",
            "url": "https://conferencia.mt.gov.br/webserie",
            "unit": _unit_pk(),
        },
    )

    series = Series.objects.get()
    assert answer.url == f"/agenda/series/{series.pk}/"
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20260630"
    assert [e.start for e in series.episodes.order_by("start")] == [
        at(dt.date(2026, 4, 8), 14),
        at(dt.date(2026, 5, 13), 14),
        at(dt.date(2026, 6, 10), 14),
    ]


def test_moving_an_episode_on_the_web_leaves_the_others(mt_technician, sign_in, client):
    series = Series.objects.create(
        state_id=EventFactory.build().state.pk,
        unit_id=_unit_pk(),
        title="Websérie",
        rrule="FREQ=WEEKLY;COUNT=2",
        first_date=dt.date(2026, 3, 11),
        start_time=dt.time(14),
        end_time=dt.time(17),
        created_by=mt_technician,
    )
    first = EventFactory(series=series, occurrence=dt.date(2026, 3, 11))
    second = EventFactory(
        series=series, occurrence=dt.date(2026, 3, 18), start=at(dt.date(2026, 3, 18), 14)
    )
    sign_in(mt_technician).post(
        f"/agenda/gestao/eventos/{first.pk}/mudar-data/",
        {"date": "2026-03-12", "start_time": "09:00", "end_time": "12:00"},
    )
    client.logout()

    page = client.get(f"/agenda/series/{series.pk}/").content.decode()

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.start, first.occurrence) == (at(dt.date(2026, 3, 12), 9), dt.date(2026, 3, 11))
    assert second.start == at(dt.date(2026, 3, 18), 14)
    assert "mudado de 11/03/2026" in page


def test_the_staff_forms_open_with_the_states_choices(mt_technician, sign_in):
    client = sign_in(mt_technician)
    event = EventFactory()

    new = client.get("/agenda/gestao/eventos/novo/")
    pages = [
        "/agenda/gestao/series/nova/",
        f"/agenda/gestao/eventos/{event.pk}/editar/",
        f"/agenda/gestao/eventos/{event.pk}/cancelar/",
        f"/agenda/gestao/eventos/{event.pk}/mudar-data/",
    ]

    assert new.status_code == 200
    assert new.context["form"].initial["unit"] == _unit_pk()
    units = {u.state.uf for u in new.context["form"].fields["unit"].queryset}
    assert units == {"MT"}
    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 200]


def test_an_admin_first_picks_the_state_of_a_new_event(admin_user, sign_in, agenda_seeds):
    client = sign_in(admin_user)

    pick = client.get("/agenda/gestao/eventos/novo/")
    form = client.get("/agenda/gestao/eventos/novo/", {"uf": "MS"})

    assert 'href="?uf=MT"' in pick.content.decode()
    assert form.context["state"].uf == "MS"


def test_the_staff_home_links_the_pages_that_exist(mt_technician, sign_in):
    page = sign_in(mt_technician).get("/agenda/gestao/")

    assert page.status_code == 200
    assert 'href="/agenda/gestao/eventos/novo/"' in page.content.decode()
    assert all(url.startswith("/agenda/") for _label, url in page.context["links"])


def test_a_series_page_of_drafts_is_not_found_to_the_public(client, mt_technician):
    series = Series.objects.create(
        state_id=EventFactory.build().state.pk,
        unit_id=_unit_pk(),
        title="Websérie em preparo",
        rrule="FREQ=WEEKLY;COUNT=1",
        first_date=dt.date(2026, 3, 11),
        start_time=dt.time(14),
        end_time=dt.time(17),
        created_by=mt_technician,
    )
    EventFactory(series=series, status=EventStatus.DRAFT)

    assert client.get(f"/agenda/series/{series.pk}/").status_code == 404
    client.force_login(mt_technician)
    assert client.get(f"/agenda/series/{series.pk}/").status_code == 200


def test_a_technical_visit_links_its_report_for_the_states_staff_only(
    client, sign_in, mt_technician, agenda_seeds
):
    visit = EventFactory(
        type="visita_tecnica", modality="in_person", place="Prefeitura de Cuiabá", url=""
    )
    page = f"/agenda/eventos/{visit.pk}/"
    report = f'href="/agenda/gestao/eventos/{visit.pk}/relatorio-visita/"'

    assert report not in client.get(page).content.decode()
    sign_in(mt_technician)
    html = client.get(page).content.decode()
    assert report in html
    assert "Registrar o relatório da visita" in html


def test_the_event_page_footer_names_the_events_unit(client, agenda_seeds):
    event = EventFactory()  # run by mt-cpsb

    html = client.get(f"/agenda/eventos/{event.pk}/").content.decode()

    assert "protecaobasica@setasc.mt.gov.br" in html


def test_a_cancelled_episode_move_page_sends_back_to_the_event(mt_technician, sign_in):
    client = sign_in(mt_technician)
    event = EventFactory(status=EventStatus.CANCELLED, cancel_reason="Chuva.")

    response = client.get(f"/agenda/gestao/eventos/{event.pk}/mudar-data/")

    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()


def test_the_series_page_offers_managers_to_move_each_open_episode(mt_technician, sign_in):
    series = Series.objects.create(
        state_id=EventFactory.build().state.pk,
        unit_id=_unit_pk(),
        title="Websérie",
        rrule="FREQ=WEEKLY;COUNT=2",
        first_date=dt.date(2026, 3, 11),
        start_time=dt.time(14),
        end_time=dt.time(17),
        created_by=mt_technician,
    )
    open_episode = EventFactory(series=series, occurrence=dt.date(2026, 3, 11))
    cancelled = EventFactory(
        series=series,
        occurrence=dt.date(2026, 3, 18),
        start=at(dt.date(2026, 3, 18), 14),
        status=EventStatus.CANCELLED,
        cancel_reason="Chuva.",
    )

    page = sign_in(mt_technician).get(f"/agenda/series/{series.pk}/").content.decode()

    assert f"/agenda/gestao/eventos/{open_episode.pk}/mudar-data/" in page
    assert f"/agenda/gestao/eventos/{cancelled.pk}/mudar-data/" not in page
