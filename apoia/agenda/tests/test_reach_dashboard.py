"""Item 10: the reach dashboard — held versus planned per axis, strategy and month; the
participation per municipality (sortable, CSV and XLSX); the map and list of the
municipalities never reached this year; the attendees' satisfaction; its API; the refusals.

The scene, in Mato Grosso in 2026, seen at noon on Monday 2 March 2026 (Cuiabá):
- the 2026 plan: "Encontros regionais" (Gestão do SUAS, Encontros, February and May) and
  "Visitas aos municípios" (Serviços Socioassistenciais, Visitas técnicas, March);
- events: 10 Feb (ended, the plan's encontro, Gestão do SUAS), 20 Feb (ended, a visit to
  Rondonópolis under the plan's visits), 31 Jan 22:00 (ended: in January in Cuiabá though
  1 February in UTC, no axis), 11 Mar (to come, no axis, off the plan), 20 Mar (a visit to
  Sinop, to come); not counted: 31 Dec 2025 22:00 (2025 in Cuiabá), a cancelled and a draft;
- Cuiabá: 5 registrations (3 attendances at 2 events), an appointment on 10 Mar (to come)
  and a cancelled one; Várzea Grande: one waiting registration and an appointment this
  morning (held at noon); Rondonópolis: the visit of 20 Feb; Sinop: only its visit to come;
- ratings: 5 and 4 at the 10 Feb encontro, 4 at the 31 Jan one (overall 4,3).
"""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from apoia.accounts.models import ApiToken
from apoia.agenda import queries_reach
from apoia.agenda.models import (
    Axis,
    EventStatus,
    EventType,
    Feedback,
    Modality,
    PlanEntry,
    RegistrationStatus,
    Strategy,
    SupportPlan,
)
from apoia.agenda.services import appointments
from apoia.agenda.tests.conftest import CUIABA, RONDONOPOLIS, VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, SlotFactory, at
from apoia.territory.models import Municipality, State

pytestmark = pytest.mark.django_db

SINOP = 5107909
NOON = at(dt.date(2026, 3, 2), 12)
QUESTION = "Como reorganizar o PAIF com a equipe reduzida do CRAS?"
URL = "/agenda/gestao/alcance/"
MT_MUNICIPALITIES = 142


def _entry(plan, axis, strategy, title, months, order):
    return PlanEntry.objects.create(
        plan=plan,
        axis=Axis.objects.get(state__uf="MT", slug=axis),
        strategy=Strategy.objects.get(slug=strategy),
        modality=Modality.IN_PERSON,
        title=title,
        months=months,
        order=order,
    )


def _visit(day, municipality_ibge, **extra):
    event = EventFactory(
        title=f"Visita técnica a {Municipality.objects.get(ibge=municipality_ibge).name}",
        type=EventType.VISITA_TECNICA,
        modality=Modality.IN_PERSON,
        url="",
        place="Secretaria municipal",
        start=at(day, 8),
        end=at(day, 17),
        **extra,
    )
    event.audience_municipalities.add(municipality_ibge)
    return event


@pytest.fixture
def scene(mt_morning, mt_technician, cuiaba_focal_point, varzea_focal_point):
    mt = State.objects.get(uf="MT")
    plan = SupportPlan.objects.create(
        state=mt, year=2026, title="Plano 2026", act="Resolução CIB/SUAS/MT nº 01/2026"
    )
    encontros = _entry(plan, "gestao-do-suas", "encontros", "Encontros regionais", [2, 5], 1)
    visitas = _entry(
        plan, "servicos-socioassistenciais", "visitas-tecnicas", "Visitas aos municípios", [3], 2
    )
    gestao = Axis.objects.get(state=mt, slug="gestao-do-suas")
    held = EventFactory(
        title="Encontro de gestão",
        start=at(dt.date(2026, 2, 10), 14),
        axis=gestao,
        plan_entry=encontros,
    )
    january = EventFactory(title="Live de janeiro", start=at(dt.date(2026, 1, 31), 22))
    coming = EventFactory(title="Web encontro de março")  # 11 March, no axis, off the plan
    _visit(dt.date(2026, 2, 20), RONDONOPOLIS, plan_entry=visitas)
    _visit(dt.date(2026, 3, 20), SINOP)
    last_year = EventFactory(title="Encontro de 2025", start=at(dt.date(2025, 12, 31), 22))
    EventFactory(
        start=at(dt.date(2026, 2, 12), 14),
        status=EventStatus.CANCELLED,
        published_at=at(dt.date(2026, 1, 20), 9),
        cancel_reason="Chuvas",
    )
    EventFactory(start=at(dt.date(2026, 2, 13), 14), status=EventStatus.DRAFT)

    checked = at(dt.date(2026, 2, 10), 14, 5)
    first = RegistrationFactory(event=held, checked_in_at=checked, name="Ana Presente")
    second = RegistrationFactory(event=held, checked_in_at=checked, name="Bia Presente")
    RegistrationFactory(event=held)  # registered, absent
    RegistrationFactory(event=held, status=RegistrationStatus.CANCELLED)
    third = RegistrationFactory(event=january, checked_in_at=at(dt.date(2026, 1, 31), 22))
    RegistrationFactory(event=coming)
    RegistrationFactory(
        event=coming, municipality_id=VARZEA_GRANDE, status=RegistrationStatus.WAITING
    )
    old = RegistrationFactory(event=last_year, checked_in_at=at(dt.date(2025, 12, 31), 22))
    Feedback.objects.create(registration=first, rating=5, comment="Muito bom, voltem sempre.")
    Feedback.objects.create(registration=second, rating=4)
    Feedback.objects.create(registration=third, rating=4, comment="Faltou tempo para dúvidas.")
    Feedback.objects.create(registration=old, rating=1, comment="Comentário de 2025")

    later = SlotFactory(technician=mt_technician)  # 10 March, 09:00
    appointments.book(later, by=cuiaba_focal_point, question=QUESTION, modality="online")
    dropped = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 10), 10))
    cancelled = appointments.book(
        dropped, by=cuiaba_focal_point, question=QUESTION, modality="online"
    )
    appointments.cancel(cancelled, by=cuiaba_focal_point, reason="Equipe em férias")
    morning = SlotFactory(technician=mt_technician, start=at(dt.date(2026, 3, 2), 10))
    appointments.book(morning, by=varzea_focal_point, question=QUESTION, modality="online")
    return mt


@pytest.fixture
def noon(scene):
    with time_machine.travel(NOON, tick=False):
        yield scene


def _row(rows, key):
    return next(r for r in rows if r["key"] == key)


def _pairs(rows):
    return [(r["label"], r["planned"], r["held"]) for r in rows]


# --- figures --------------------------------------------------------------------------------


def test_held_versus_planned_per_axis_strategy_and_month(scene):
    figures = queries_reach.held_versus_planned(scene, 2026, NOON)

    # Planned: the 2 entries, and the 3 events off the plan (the live of January, the web
    # encontro of March, Sinop's visit); the encontro and Rondonópolis' visit are their entries.
    assert figures["totals"] == {"planned": 5, "held": 3}
    assert _pairs(figures["by_axis"]) == [
        ("Gestão do SUAS", 1, 1),
        ("Serviços Socioassistenciais", 1, 1),
        ("Sem eixo", 3, 1),
    ]
    assert _pairs(figures["by_strategy"]) == [
        ("Encontros de apoio técnico", 1, 1),
        ("Visitas técnicas", 1, 1),
        ("Sem estratégia (evento fora do plano)", 3, 1),
    ]
    months = {r["key"]: (r["planned"], r["held"]) for r in figures["by_month"]}
    # Rondonópolis' visit, planned for March, happened in February.
    assert months == {
        1: (1, 1),
        2: (1, 2),
        3: (3, 0),
        4: (0, 0),
        5: (1, 0),
        **{m: (0, 0) for m in range(6, 13)},
    }
    assert _row(figures["by_month"], 2)["label"] == "Fevereiro"


def test_a_second_event_of_one_entry_is_planned_too(scene):
    visitas = PlanEntry.objects.get(title="Visitas aos municípios")
    _visit(dt.date(2026, 2, 25), CUIABA, plan_entry=visitas)

    figures = queries_reach.held_versus_planned(scene, 2026, NOON)

    assert figures["totals"] == {"planned": 6, "held": 4}
    assert _row(figures["by_strategy"], visitas.strategy_id)["planned"] == 2


def test_participation_counts_each_municipality_of_the_state(scene):
    rows = {r["ibge"]: r for r in queries_reach.participation(scene, 2026, NOON)}

    assert len(rows) == MT_MUNICIPALITIES
    figures = ("registrations", "attendances", "events", "appointments", "visits", "reached")
    assert [rows[CUIABA][f] for f in figures] == [5, 3, 2, 1, 0, True]
    assert [rows[VARZEA_GRANDE][f] for f in figures] == [1, 0, 0, 1, 0, True]
    assert [rows[RONDONOPOLIS][f] for f in figures] == [0, 0, 0, 0, 1, True]
    assert [rows[SINOP][f] for f in figures] == [0, 0, 0, 0, 1, False]


def test_an_appointment_still_to_come_does_not_reach_yet(scene):
    at_nine = at(dt.date(2026, 3, 2), 9)
    rows = {r["ibge"]: r for r in queries_reach.participation(scene, 2026, at_nine)}

    assert rows[VARZEA_GRANDE]["appointments"] == 1
    assert rows[VARZEA_GRANDE]["reached"] is False


def test_never_reached_lists_the_municipalities_without_attendance_appointment_or_visit(scene):
    rows = queries_reach.participation(scene, 2026, NOON)
    never = queries_reach.never_reached(rows)

    assert len(never) == MT_MUNICIPALITIES - 3
    codes = {r["ibge"] for r in never}
    assert SINOP in codes
    assert not codes & {CUIABA, VARZEA_GRANDE, RONDONOPOLIS}
    assert [r["name"] for r in never[:2]] == ["Acorizal", "Água Boa"]


def test_the_participation_sorts_by_a_column_with_names_breaking_ties(scene):
    rows = queries_reach.participation(scene, 2026, NOON, "-attendances")
    assert [r["ibge"] for r in rows[:1]] == [CUIABA]
    rows = queries_reach.participation(scene, 2026, NOON, "-visits")
    assert [r["name"] for r in rows[:2]] == ["Rondonópolis", "Sinop"]
    rows = queries_reach.participation(scene, 2026, NOON, "-name")
    assert rows[-1]["name"] == "Acorizal"
    assert queries_reach.clean_sort("drop table") == "name"


def test_satisfaction_per_event_overall_and_the_latest_comments_without_names(scene):
    figures = queries_reach.satisfaction(scene, 2026)

    assert [(e["title"], e["average_display"], e["count"]) for e in figures["events"]] == [
        ("Live de janeiro", "4,0", 1),
        ("Encontro de gestão", "4,5", 2),
    ]
    assert (figures["average_display"], figures["average"], figures["count"]) == ("4,3", 4.3, 3)
    assert [(c["text"], c["event"]) for c in figures["comments"]] == [
        ("Faltou tempo para dúvidas.", "Live de janeiro"),
        ("Muito bom, voltem sempre.", "Encontro de gestão"),
    ]
    assert set(figures["comments"][0]) == {"text", "event_id", "event", "at"}


def test_the_figures_take_few_queries(scene, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        queries_reach.held_versus_planned(scene, 2026, NOON)
    with django_assert_max_num_queries(4):
        queries_reach.participation(scene, 2026, NOON)
    with django_assert_max_num_queries(3):
        queries_reach.satisfaction(scene, 2026)


# --- the page -------------------------------------------------------------------------------


def test_the_dashboard_shows_the_figures_to_the_states_staff(client, sign_in, noon, mt_technician):
    sign_in(mt_technician)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alcance do apoio técnico — Mato Grosso, 2026" in html
    assert "<strong>3</strong> realizados de <strong>5</strong> previstos." in html
    assert "<strong>139</strong> municípios sem presença" in html
    assert "Média geral: <strong>4,3</strong> de 5 (3 avaliações)." in html
    assert "Faltou tempo para dúvidas." in html
    assert "Ana Presente" not in html and "Comentário de 2025" not in html


def test_the_map_colours_the_never_reached_municipality_and_has_a_legend(
    client, sign_in, noon, mt_technician
):
    html = sign_in(mt_technician).get(URL).content.decode()

    assert f'data-ibge="{SINOP}" data-reached="0"' in html
    assert f'data-ibge="{CUIABA}" data-reached="1"' in html
    assert "alcançado (3)" in html
    assert "nunca alcançado no ano (139)" in html
    table = html.split('id="never-reached"')[1].split("</table>")[0]
    assert "Sinop" in table and "Cuiabá" not in table


def test_the_year_filter_and_the_sort_link(client, sign_in, noon, mt_technician):
    sign_in(mt_technician)
    html = client.get(URL, {"uf": "MT", "ano": "2025", "ordem": "-attendances"}).content.decode()

    assert "Mato Grosso, 2025" in html
    assert "<strong>1</strong> realizados de <strong>1</strong> previstos." in html
    assert 'aria-sort="descending"><a href="?uf=MT&amp;ano=2025&amp;ordem=attendances"' in html
    assert "<strong>141</strong> municípios sem presença" in html


def test_a_bad_year_is_shown_as_an_error_and_this_year_used(client, sign_in, noon, mt_technician):
    html = sign_in(mt_technician).get(URL, {"ano": "1800"}).content.decode()

    assert "Mato Grosso, 2026" in html
    assert "apoia-field-invalid" in html


def test_the_participation_downloads_as_csv(client, sign_in, noon, mt_technician):
    sign_in(mt_technician)
    query = {"uf": "MT", "ano": "2026", "ordem": "-attendances", "export": "csv"}
    response = client.get(URL, query)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="alcance-mt-2026.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Código IBGE;Município;Inscrições;Presenças;Eventos com presença;"
        "Atendimentos individualizados;Visitas técnicas;Alcançado no ano"
    )
    assert lines[1] == "5103403;Cuiabá;5;3;2;1;0;Sim"
    assert "5107909;Sinop;0;0;0;0;1;Não" in lines
    assert len(lines) == 1 + MT_MUNICIPALITIES


def test_the_participation_downloads_as_xlsx(client, sign_in, noon, mt_technician):
    sign_in(mt_technician)
    response = client.get(URL, {"ordem": "-visits", "export": "xlsx"})

    assert 'filename="alcance-mt-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Participação por município"
    assert rows[0][:2] == ("Código IBGE", "Município")
    assert rows[1] == (RONDONOPOLIS, "Rondonópolis", 0, 0, 0, 0, 1, "Sim")
    assert rows[2] == (SINOP, "Sinop", 0, 0, 0, 0, 1, "Não")


def test_the_dashboard_answers_404_to_anyone_but_the_states_staff(
    client, sign_in, noon, cuiaba_focal_point, ms_technician, mt_technician
):
    assert sign_in(cuiaba_focal_point).get(URL).status_code == 404
    assert sign_in(ms_technician).get(URL, {"uf": "MT"}).status_code == 404
    assert sign_in(mt_technician).get(URL, {"uf": "MS"}).status_code == 404
    assert sign_in(mt_technician).get(URL, {"uf": "XX"}).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, noon):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/contas/" in response["Location"]


def test_an_admin_sees_every_state(client, admin_user, sign_in, noon):
    sign_in(admin_user)
    assert "Mato Grosso, 2026" in client.get(URL, {"uf": "mt"}).content.decode()
    assert "Mato Grosso do Sul, 2026" in client.get(URL, {"uf": "MS"}).content.decode()


def test_the_staff_home_links_the_dashboard(client, sign_in, noon, mt_technician):
    html = sign_in(mt_technician).get("/agenda/gestao/").content.decode()
    assert f'href="{URL}"' in html


# --- API ------------------------------------------------------------------------------------

API = "/api/v1/agenda/reach"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_gives_the_same_figures(client, noon, mt_technician):
    response = client.get(API, {"uf": "mt", "year": 2026}, **_auth(mt_technician))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "uf", "year", "planned", "participation", "never_reached", "satisfaction"
    }  # fmt: skip
    assert (body["uf"], body["year"]) == ("MT", 2026)
    assert body["planned"]["totals"] == {"planned": 5, "held": 3}
    assert body["planned"]["by_axis"][0] == {
        "key": Axis.objects.get(slug="gestao-do-suas").pk,
        "label": "Gestão do SUAS",
        "planned": 1,
        "held": 1,
    }
    assert body["planned"]["by_month"][1] == {
        "key": 2, "label": "Fevereiro", "planned": 1, "held": 2
    }  # fmt: skip
    cuiaba = next(r for r in body["participation"] if r["ibge"] == CUIABA)
    assert cuiaba == {
        "ibge": CUIABA,
        "name": "Cuiabá",
        "registrations": 5,
        "attendances": 3,
        "events": 2,
        "appointments": 1,
        "visits": 0,
        "reached": True,
    }
    assert body["never_reached"]["count"] == 139
    assert {"ibge": SINOP, "name": "Sinop"} in body["never_reached"]["municipalities"]
    satisfaction = body["satisfaction"]
    assert (satisfaction["average"], satisfaction["count"]) == (4.3, 3)
    assert [(e["title"], e["average"], e["count"]) for e in satisfaction["events"]] == [
        ("Live de janeiro", 4.0, 1),
        ("Encontro de gestão", 4.5, 2),
    ]
    assert set(satisfaction["comments"][0]) == {"text", "event", "event_title", "at"}


def test_the_api_defaults_to_the_callers_state_and_this_year(client, noon, mt_technician):
    body = client.get(API, **_auth(mt_technician)).json()
    assert (body["uf"], body["year"]) == ("MT", 2026)


def test_the_api_refusals(client, noon, cuiaba_focal_point, ms_technician):
    assert client.get(API).status_code == 401
    refused = client.get(API, **_auth(cuiaba_focal_point))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Só a equipe da agenda dos estados usa esta API."
    assert client.get(API, {"uf": "MT"}, **_auth(ms_technician)).status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"uf": "XX"}, "uf"),
        ({"uf": "MTT"}, "uf"),
        ({"year": "abc"}, "year"),
        ({"year": 1800}, "year"),
    ],
)
def test_the_api_names_the_bad_field(client, noon, mt_technician, query, field):
    response = client.get(API, query, **_auth(mt_technician))

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
