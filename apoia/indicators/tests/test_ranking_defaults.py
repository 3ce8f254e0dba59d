"""The ranking page starts useful: a preset computed at the latest period with data, plain
words when a period lacks data, guidance on weights, and downloads people open in Excel."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from apoia.indicators.models import Indicator, IndicatorValue, Ranking
from apoia.indicators.ranking import available_presets, best_period
from apoia.territory.models import Municipality
from apoia.tests.html import duplicate_ids, heading_jumps

ALFA, BETA, GAMA, DELTA = 5000001, 5000002, 5000003, 5000004
URL = "/indicadores/ranking/"


@pytest.fixture
def toy(state_ms):
    """IDHM and illiteracy in 2010; GDP per capita in 2010 and 2023 (a later census-free year)."""
    for ibge, name in [(ALFA, "Alfa"), (BETA, "Beta"), (GAMA, "Gama"), (DELTA, "Delta")]:
        Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
    idhm = Indicator.objects.create(
        code="idhm", name="IDHM", direction="higher_better", decimals=3, axis="Desenvolvimento"
    )
    illiteracy = Indicator.objects.create(
        code="t_analf18m",
        name="Taxa de analfabetismo",
        direction="lower_better",
        decimals=1,
        axis="Educação",
    )
    gdp = Indicator.objects.create(
        code="pib_per_capita", name="PIB per capita", direction="higher_better", axis="Economia"
    )
    rows = [
        (idhm, 2010, {ALFA: 0.5, BETA: 0.7, GAMA: 0.9}),
        (illiteracy, 2010, {ALFA: 10, BETA: 30, GAMA: 20}),
        (gdp, 2010, {ALFA: 9000, BETA: 12000, GAMA: 15000}),
        (gdp, 2023, {ALFA: 30000, BETA: 45000}),
    ]
    for indicator, period, values in rows:
        for ibge, value in values.items():
            IndicatorValue.objects.create(
                indicator=indicator, municipality_id=ibge, period=period, value=value
            )


def ranked(response):
    return [(row["rank"], row["municipality"], row["score"]) for row in response.context["rows"]]


def test_a_first_visit_shows_the_first_preset_ranked_at_the_latest_period_with_data(client, toy):
    response = client.get(URL)

    # "IDHM e dimensões" cut down to the IDHM: (0.9 − v)/0.4.
    assert response.context["result"].period == 2010
    assert ranked(response) == [(1, "Alfa", 1.0), (2, "Beta", 0.5), (3, "Gama", 0.0)] + [
        (None, "Delta", None)
    ]
    assertContains(response, "Conjunto “IDHM e dimensões”.")
    assertContains(response, "Período 2010: o mais recente com dados dos indicadores escolhidos.")


def test_a_preset_link_fills_the_weights_and_ranks(client, toy):
    response = client.get(URL, {"preset": "panorama-social"})

    assert response.context["form"].weights() == {"t_analf18m": 0.5, "idhm": 1.0}
    # Alfa (1·1 + 0.5·0)/1.5, Beta (1·0.5 + 0.5·1)/1.5, Gama (0 + 0.5·0.5)/1.5.
    assert ranked(response)[:3] == [
        (1, "Alfa", 0.666667),
        (2, "Beta", 0.666667),
        (3, "Gama", 0.166667),
    ]
    assertContains(response, 'aria-current="true"')


def test_presets_are_offered_as_links(client, toy):
    response = client.get(URL)

    assertContains(response, '<a class="apoia-preset is-current" href="?preset=idhm-dimensoes"')
    assertContains(response, 'href="?preset=panorama-social"')
    # No indicator of "Saneamento e moradia" exists here: the preset is not offered.
    assertNotContains(response, "Saneamento e moradia")


def test_a_blank_period_takes_the_latest_with_data_for_the_chosen_indicators(client, toy):
    response = client.get(URL, {"uf": "MS", "period": "", "method": "minmax", "w_idhm": "1"})

    # 2023 is among the periods offered (GDP has it) but the IDHM has no value there.
    assert 2023 in [value for value, _label in response.context["form"].fields["period"].choices]
    assert response.context["result"].period == 2010
    assert ranked(response)[0] == (1, "Alfa", 1.0)


def test_a_period_without_data_says_so_and_points_to_one_with_data(client, toy):
    response = client.get(URL, {"uf": "MS", "period": "2023", "method": "minmax", "w_idhm": "1"})

    assert response.context["rows"] == []
    assertContains(
        response,
        "Nenhum dos indicadores escolhidos tem valores em 2023 para Mato Grosso do Sul: "
        "não há ranking para mostrar.",
    )
    assertContains(
        response,
        '<a href="?uf=MS&amp;period=2010&amp;method=minmax&amp;w_idhm=1">'
        "Ver o ranking de 2010, o período mais recente com dados</a>",
    )
    assertNotContains(response, "Baixar em CSV")


def test_an_indicator_without_data_in_the_period_is_named_and_left_out(client, toy):
    params = {"uf": "MS", "period": "2023", "method": "minmax", "w_idhm": "1"}
    response = client.get(URL, {**params, "w_pib_per_capita": "1"})

    assertContains(
        response,
        "Sem valores em 2023 para este indicador, que ficou fora do escore: IDHM.",
    )
    # GDP alone: Alfa (45000 − 30000)/15000 = 1, Beta 0.
    assert ranked(response)[:2] == [(1, "Alfa", 1.0), (2, "Beta", 0.0)]


def test_the_weights_come_with_guidance(client, toy):
    response = client.get(URL)

    assertContains(response, "com pesos 2 e 1, o primeiro conta o dobro")
    assertContains(response, "Peso 0 deixa o indicador de fora.")


def test_the_page_has_ordered_headings_and_unique_ids(client, toy):
    html = client.get(URL).content.decode()

    assert heading_jumps(html) == []
    assert duplicate_ids(html) == []


def test_the_ranking_downloads_as_csv_brazilian_excel_opens(client, toy):
    params = {"uf": "MS", "period": "2010", "method": "minmax", "w_idhm": "1", "w_t_analf18m": "3"}

    response = client.get(URL, {**params, "formato": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="ranking-ms-2010.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Posição",
        "Código IBGE",
        "Município",
        "Escore",
        "IDHM — valor",
        "IDHM — contribuição",
        "Taxa de analfabetismo — valor",
        "Taxa de analfabetismo — contribuição",
        "Sem dado",
    ]
    assert rows[1] == ["1", str(BETA), "Beta", "0,875", "0,7", "0,125", "30", "0,75", ""]
    assert rows[4] == ["", str(DELTA), "Delta", "", "", "", "", "", "IDHM, Taxa de analfabetismo"]


def test_the_ranking_downloads_as_xlsx(client, toy):
    params = {"uf": "MS", "period": "2010", "method": "minmax", "w_idhm": "1"}

    response = client.get(URL, {**params, "formato": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Ranking de prioridade"
    assert [c.value for c in sheet[2]] == [1, ALFA, "Alfa", 1, 0.5, 1, None]


def test_the_result_offers_both_downloads(client, toy):
    response = client.get(URL, {"uf": "MS", "period": "", "method": "minmax", "w_idhm": "1"})

    assertContains(
        response, 'href="?uf=MS&amp;period=2010&amp;method=minmax&amp;w_idhm=1&amp;formato=csv"'
    )
    assertContains(
        response, 'href="?uf=MS&amp;period=2010&amp;method=minmax&amp;w_idhm=1&amp;formato=xlsx"'
    )


def test_a_list_saved_from_a_blank_period_keeps_the_period_it_was_computed_in(
    client, sign_in, coordinator, toy
):
    sign_in(coordinator)

    client.post(
        reverse("indicators:ranking_save"),
        {"uf": "MS", "period": "", "method": "minmax", "w_idhm": "1", "name": "Visitas"},
    )

    assert Ranking.objects.get().period == 2010


def test_best_period_is_the_latest_where_most_chosen_indicators_have_data():
    coverage = {"idhm": {1991: 70, 2000: 78, 2010: 78}, "pib": {2010: 79, 2023: 79}}

    assert best_period(coverage) == 2010
    assert best_period({"pib": {2010: 79, 2023: 79}}) == 2023
    assert best_period({"idhm": {}}) is None


def test_presets_are_cut_down_to_the_indicators_that_exist():
    presets = {p.slug: p.weights for p in available_presets(["idhm", "t_analf18m"])}

    assert presets == {
        "idhm-dimensoes": {"idhm": 1},
        "panorama-social": {"idhm": 1, "t_analf18m": 0.5},
    }
