"""The municipality profile: every indicator with its latest value, state median, trend, flags."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue
from apoia.indicators.queries import municipality_profile
from apoia.territory.models import Municipality

ALFA, BETA, GAMA = 5000001, 5000002, 5000003
URL = f"/indicadores/municipios/{ALFA}/"


@pytest.fixture
def alfa(state_ms):
    for ibge, name in [(ALFA, "Alfa"), (BETA, "Beta"), (GAMA, "Gama")]:
        Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
    education = Indicator.objects.create(
        code="idhm_e", name="IDHM Educação", direction="higher_better", decimals=2, unit="índice"
    )
    # State median 0.70 in every period; Alfa falls 0.60 → 0.55 → 0.51.
    for period, alfa_value in [(1991, 0.60), (2000, 0.55), (2010, 0.51)]:
        for ibge, value in [(ALFA, alfa_value), (BETA, 0.80), (GAMA, 0.70)]:
            IndicatorValue.objects.create(
                indicator=education, municipality_id=ibge, period=period, value=value
            )
    CriticalityRule.objects.create(indicator=education, kind="worsening", periods=2)
    CriticalityRule.objects.create(indicator=education, kind="worse_than_state")
    population = Indicator.objects.create(
        code="populacao", name="População", direction="neutral", decimals=0
    )
    IndicatorValue.objects.create(
        indicator=population, municipality_id=ALFA, period=2024, value=12345
    )
    Indicator.objects.create(code="gini", name="Gini", direction="lower_better")  # no data
    return Municipality.objects.select_related("state").get(ibge=ALFA)


def test_the_profile_lives_under_indicadores_municipios():
    assert reverse("indicators:profile", args=[ALFA]) == URL


def test_the_profile_lists_each_indicator_with_data_and_its_flags(alfa):
    entries = municipality_profile(alfa)

    assert [
        (e["indicator"].code, e["period"], e["value"], e["state_median"], e["position"])
        for e in entries
    ] == [("idhm_e", 2010, 0.51, 0.70, 1), ("populacao", 2024, 12345, 12345, None)]
    assert entries[0]["reasons"] == [
        "pior que a mediana de MS (0,51 < 0,70)",
        "piorou nos últimos 2 períodos (0,60 → 0,55 → 0,51)",
    ]
    assert entries[1]["reasons"] == []


def test_the_profile_takes_four_queries_whatever_the_number_of_indicators(
    alfa, django_assert_num_queries
):
    # Own values, indicators, their rules, the state's values.
    with django_assert_num_queries(4):
        municipality_profile(alfa)


def test_the_page_shows_values_median_position_sparkline_and_reasons(client, alfa):
    response = client.get(URL)

    assert response.status_code == 200
    assertContains(response, "<h1>Alfa/MS</h1>", html=True)
    assertContains(response, "IDHM Educação")
    assertContains(response, "1º de 3")
    assertContains(response, "a pior situação do estado")
    assertContains(
        response, "<li>piorou nos últimos 2 períodos (0,60 → 0,55 → 0,51)</li>", html=True
    )
    assertContains(response, "<li>pior que a mediana de MS (0,51 &lt; 0,70)</li>", html=True)
    assertContains(response, "12.345")
    assertContains(response, "indicador de contexto, sem lado pior")
    assertNotContains(response, "Gini")
    # Shared vertical scale 0.51–0.70 over 120×32 with a 4-unit margin; years on the x axis.
    assertContains(
        response, '<polyline class="spark-line" points="4.0,16.6 57.1,22.9 116.0,28.0"/>'
    )
    assertContains(response, '<polyline class="spark-median" points="4.0,4.0 57.1,4.0 116.0,4.0"/>')
    assertContains(response, 'aria-label="1991: 0,60; 2000: 0,55; 2010: 0,51"')
    # Programs and the agenda do not exist yet: the profile does not announce them.
    assertNotContains(response, "Programas e eventos")


def test_a_municipality_without_data_says_so(client, campo_grande):
    response = client.get(reverse("indicators:profile", args=[campo_grande.ibge]))

    assertContains(response, "Ainda não há valores de indicadores para este município.")


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get("/indicadores/municipios/9999999/").status_code == 404
