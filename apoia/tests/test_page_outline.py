"""Rendered pages, read without a browser: unique ids, headings in order, words on the calendar.

The browser sweep (test_browser_pages.py) runs axe-core on the same pages; these pin the
structure down in milliseconds, with the helpers of apoia/tests/html.py.
"""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from apoia.territory.templatetags.calendar_tags import weekday
from apoia.tests.html import duplicate_ids, heading_jumps, headings

# A Tuesday in March 2026: the calendar shows 2026, whose 1 January is a Thursday.
TODAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_client(client, admin_user, campo_grande):
    client.force_login(admin_user)
    return client


@pytest.fixture
def calendar_html(admin_client):
    with time_machine.travel(TODAY, tick=False):
        response = admin_client.get("/territorio/calendario/")
    assert response.status_code == 200
    return response.content.decode()


# --- the helpers themselves -------------------------------------------------------------------


def test_duplicate_ids_names_each_repeated_id_once():
    html = '<p id="a"></p><input id="b"><input id="b"><span id="a"></span><i id="c"></i>'

    assert duplicate_ids(html) == ["a", "b"]


def test_heading_jumps_reports_a_skipped_level():
    html = "<h1>Página</h1><h2>Seção</h2><h4>Detalhe</h4><h2>Outra</h2>"

    assert heading_jumps(html) == ["h2 “Seção” is followed by h4 “Detalhe”"]


def test_heading_jumps_accepts_going_back_up_any_number_of_levels():
    html = "<h1>Página</h1><h2>Seção</h2><h3>Parte</h3><h4>Item</h4><h2>Rodapé</h2>"

    assert heading_jumps(html) == []


def test_heading_jumps_wants_one_h1_first():
    assert heading_jumps("<h2>Sem título</h2><h1>Título</h1><h1>Outro</h1>") == [
        "the first heading is not an h1",
        "more than one h1",
    ]


def test_headings_keep_the_text_without_its_tags():
    assert headings("<h1>Calendário <small>MS</small>\n 2026</h1>") == [(1, "Calendário MS 2026")]


# --- the calendar page ------------------------------------------------------------------------


def test_the_calendar_page_repeats_no_element_id(calendar_html):
    assert duplicate_ids(calendar_html) == []


def test_the_calendar_filter_labels_point_at_their_own_fields(calendar_html):
    assert '<label for="filtro_municipality">' in calendar_html
    assert 'id="filtro_municipality"' in calendar_html


def test_the_calendar_page_headings_are_in_order(calendar_html):
    assert heading_jumps(calendar_html) == []


def test_the_calendar_page_names_the_official_calendar_not_a_software_package(calendar_html):
    assert "pacote" not in calendar_html
    assert "<em>holidays</em>" not in calendar_html
    assert "feriados nacionais e estaduais vêm do calendário oficial" in calendar_html


def test_the_calendar_page_writes_weekdays_in_lowercase_as_portuguese_prose_does(calendar_html):
    # 1 January 2026 (Confraternização Universal) was a Thursday; Carnaval, 16 February, a Monday.
    assert '<td data-label="Dia da semana">quinta-feira</td>' in calendar_html
    assert "16/02/2026 (segunda-feira) — Carnaval" in calendar_html
    assert "Quinta-feira" not in calendar_html
    assert "Segunda-feira" not in calendar_html


def test_the_weekday_filter_keeps_english_weekdays_capitalized():
    with translation.override("en"):
        assert weekday(dt.date(2026, 1, 1), "d/m/Y (l)") == "01/01/2026 (Thursday)"


# --- the other pages of the accounts and the catalog -----------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/contas/entrar/",
        "/contas/senha/esqueci/",
        "/contas/senha/esqueci/enviado/",
        "/servicos/",
        "/pagina-que-nao-existe/",
    ],
)
def test_public_pages_have_unique_ids_and_headings_in_order(client, state_ms, path):
    html = client.get(path).content.decode()

    assert (duplicate_ids(html), heading_jumps(html)) == ([], [])


@pytest.mark.parametrize(
    "path", ["/contas/perfil/", "/contas/dois-fatores/", "/contas/senha/alterar/"]
)
def test_account_pages_have_unique_ids_and_headings_in_order(admin_client, path):
    html = admin_client.get(path).content.decode()

    assert (duplicate_ids(html), heading_jumps(html)) == ([], [])
