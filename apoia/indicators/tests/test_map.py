"""The choropleth: geometry from the shipped mesh, quantile classes, the page and its table."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from apoia.indicators import maps
from apoia.indicators.charts import indicator_charts
from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue
from apoia.territory.models import Municipality
from apoia.territory.reference import load_territory

URL = "/indicadores/mapa/"
CAMPO_GRANDE, DOURADOS, CORUMBA = 5002704, 5003702, 5003207


@pytest.fixture
def ms(db):
    load_territory({"MS"})


@pytest.fixture
def ten(state_ms):
    """Ten municipalities valued 1..10 for a lower-is-better and a higher-is-better indicator."""
    codes = list(range(5000001, 5000011))
    for n, ibge in enumerate(codes, start=1):
        Municipality.objects.create(ibge=ibge, name=f"M{n:02d}", state=state_ms)
    lower = Indicator.objects.create(code="low", name="Baixo", direction="lower_better", decimals=0)
    higher = Indicator.objects.create(
        code="high", name="Alto", direction="higher_better", decimals=0
    )
    for indicator in (lower, higher):
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, municipality_id=ibge, period=2010, value=n)
            for n, ibge in enumerate(codes, start=1)
        )
    return codes


def classes(data):
    return [item["class"] for _ibge, item in sorted(data["items"].items())]


def test_the_map_lives_at_indicadores_mapa():
    assert reverse("indicators:map") == URL


def test_the_geometry_has_one_path_per_municipality_of_the_shipped_mesh():
    ms, mt = maps.state_geometry("MS"), maps.state_geometry("mt")

    assert len(ms["paths"]) == 79
    assert len(mt["paths"]) == 141  # Boa Esperança do Norte has no boundary yet
    assert ms["paths"][CAMPO_GRANDE][0] == "Campo Grande"
    assert ms["paths"][CAMPO_GRANDE][1].startswith("M")
    assert ms["width"] == 800.0
    assert 700 < ms["height"] < 900  # MS is about as tall as it is wide once squeezed
    assert ms["outline"].startswith("M")
    assert maps.state_geometry("MS") is ms  # projected once, then cached


def test_five_quantile_classes_with_the_darkest_for_the_worst(ten):
    lower = maps.map_data(Indicator.objects.get(code="low"), "MS", 2010)
    higher = maps.map_data(Indicator.objects.get(code="high"), "MS", 2010)

    # Inclusive quintile cuts of 1..10 are 2.8, 4.6, 6.4, 8.2: two municipalities per class.
    assert classes(lower) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert classes(higher) == [4, 4, 3, 3, 2, 2, 1, 1, 0, 0]
    assert [(e["label"], e["count"], e["colour"]) for e in lower["legend"]] == [
        ("1 – 2", 2, "#fbe4d5"),
        ("3 – 4", 2, "#f4b183"),
        ("5 – 6", 2, "#e8804a"),
        ("7 – 8", 2, "#c4461f"),
        ("9 – 10", 2, "#7a1c0c"),
        ("sem dado", 0, "#d4d4d4"),
    ]
    assert [e["label"] for e in higher["legend"][:5]] == [
        "9 – 10",
        "7 – 8",
        "5 – 6",
        "3 – 4",
        "1 – 2",
    ]


def test_municipalities_without_a_value_are_grey_and_counted_in_the_legend(ten, state_ms):
    Municipality.objects.create(ibge=5000099, name="Sem Dado", state=state_ms)

    data = maps.map_data(Indicator.objects.get(code="low"), "MS", 2010)

    assert data["items"][5000099] == {
        "ibge": 5000099,
        "municipality": "Sem Dado",
        "value": None,
        "display": "sem dado",
        "class": None,
        "colour": "#d4d4d4",
        "reasons": [],
    }
    assert data["legend"][-1] == {
        "class": None,
        "colour": "#d4d4d4",
        "label": "sem dado",
        "count": 1,
    }


def test_the_flag_mode_colours_critical_municipalities(ten):
    indicator = Indicator.objects.get(code="low")
    CriticalityRule.objects.create(indicator=indicator, kind="threshold", threshold=8)

    data = maps.map_data(indicator, "MS", 2010, mode="flags")

    assert classes(data) == [0] * 8 + [1, 1]
    assert data["items"][5000010]["reasons"] == ["Baixo 10 > limite 8"]
    assert data["items"][5000010]["colour"] == "#b3261e"
    assert [(e["label"], e["count"]) for e in data["legend"]] == [
        ("sem alerta", 8),
        ("crítico", 2),
        ("sem dado", 0),
    ]


@pytest.fixture
def idhm_ms(ms):
    idhm = Indicator.objects.create(code="idhm", name="IDHM", direction="higher_better", decimals=3)
    for ibge, value in [(CAMPO_GRANDE, 0.784), (DOURADOS, 0.747), (CORUMBA, 0.7)]:
        IndicatorValue.objects.create(
            indicator=idhm, municipality_id=ibge, period=2010, value=value
        )
    IndicatorValue.objects.create(indicator=idhm, municipality_id=CORUMBA, period=2000, value=0.6)
    return idhm


def test_the_page_draws_one_linked_path_per_municipality_and_the_legend(client, idhm_ms):
    response = client.get(URL, {"uf": "MS", "indicator": "idhm", "period": "2010"})

    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<path class="shape"', html)) == 79
    assertContains(
        response,
        '<a href="/indicadores/municipios/5002704/" aria-label="Campo Grande: 0,784">',
    )
    assertContains(response, "<title>Campo Grande: 0,784</title>")
    assertContains(response, "<title>Água Clara: sem dado</title>")
    assertContains(response, 'class="apoia-legend"')
    assertContains(response, "76 municípios")  # the "sem dado" legend entry
    # The table alternative lists every municipality of the state.
    assert len(response.context["table"]) == 79
    assertContains(
        response,
        '<th scope="row"><a href="/indicadores/municipios/5002704/">Campo Grande</a></th>',
        html=True,
    )
    assert response.context["breadcrumbs"] == [("Indicadores", "/indicadores/"), ("Mapa", None)]


def test_the_page_falls_back_to_the_latest_period_and_a_known_state(client, idhm_ms):
    response = client.get(URL, {"uf": "XX", "indicator": "idhm", "period": "1900"})

    assert (response.context["uf"], response.context["period"]) == ("MS", 2010)
    assert list(response.context["form"].fields["period"].choices) == [(2000, 2000), (2010, 2010)]


def test_the_page_shows_flags_with_reasons_in_the_table(client, idhm_ms):
    CriticalityRule.objects.create(indicator=idhm_ms, kind="threshold", threshold=0.72)

    response = client.get(URL, {"uf": "MS", "indicator": "idhm", "period": "2010", "mode": "flags"})

    assertContains(response, "<li>IDHM 0,700 &lt; limite 0,720</li>", html=True)
    assertContains(response, "<title>Corumbá: 0,700 — IDHM 0,700 &lt; limite 0,720</title>")
    assertContains(response, "crítico")


def test_the_page_includes_the_time_series_and_distribution_charts(client, idhm_ms):
    response = client.get(URL, {"uf": "MS", "indicator": "idhm"})

    assertContains(response, "IDHM em MS: evolução e distribuição")
    assertContains(response, '<polygon class="band"')
    assert response.content.decode().count('<rect class="bar"') == 10


def test_the_charts_summarize_each_period_of_the_state(idhm_ms):
    charts = indicator_charts(idhm_ms, "ms")

    assert [(r["period"], r["count"], r["median_display"]) for r in charts["series"]] == [
        (2000, 1, "0,600"),
        (2010, 3, "0,747"),
    ]
    assert charts["latest_period"] == 2010
    # 10 bins from 0.700 to 0.784: Corumbá in the first, Dourados in the 6th, Campo Grande last.
    assert [bar["height"] > 0 for bar in charts["histogram"]["bars"]] == [
        True,
        False,
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        True,
    ]
    assert charts["histogram"]["median_label"] == "mediana 0,747"


def test_an_empty_state_says_so(client, ms):
    Indicator.objects.create(code="idhm", name="IDHM", direction="higher_better")

    response = client.get(URL, {"uf": "MS"})

    assertContains(response, "Sem valores de IDHM para este estado.")


def test_the_map_data_takes_two_queries(idhm_ms, django_assert_num_queries):
    indicator = Indicator.objects.get(pk=idhm_ms.pk)
    maps.state_geometry("MS")

    with django_assert_num_queries(2):
        maps.map_data(indicator, "MS", 2010)


def test_the_flag_mode_says_when_the_indicator_has_no_active_rule(client, idhm_ms):
    response = client.get(URL, {"uf": "MS", "indicator": "idhm", "mode": "flags"})

    assertContains(response, "Este indicador não tem regras de criticidade ativas")


def test_the_charts_include_renders_alone_for_the_catalog_pages(idhm_ms, state_mt):
    from django.template.loader import render_to_string

    with_data = render_to_string(
        "indicators/analysis_charts.html", {"charts": indicator_charts(idhm_ms, "MS")}
    )
    without = render_to_string(
        "indicators/analysis_charts.html", {"charts": indicator_charts(idhm_ms, "MT")}
    )

    assert '<polyline class="median"' in with_data
    assert '<th scope="row">2000</th><td>1</td><td>0,600</td>' in with_data
    assert "Sem valores deste indicador em MT." in without
