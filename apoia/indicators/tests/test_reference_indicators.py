"""The shipped indicators: 29 definitions and 27,146 values of MS and MT, loaded once."""

import time

import pytest
from django.apps import apps

from apoia.indicators.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    IndicatorValue,
)
from apoia.indicators.reference import INITIAL_LOAD_NAME, load_indicators
from apoia.territory.reference import load_territory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def territory(db):
    load_territory({"MS", "MT"})


def test_the_reference_load_gives_29_indicators_and_27146_values_quickly(territory):
    start = time.perf_counter()
    assert load_indicators() == (29, 27146)
    assert time.perf_counter() - start < 5
    assert Indicator.objects.count() == 29
    assert IndicatorValue.objects.count() == 27146
    assert IndicatorValue.objects.filter(municipality__state__uf="MS").count() == 9689
    assert IndicatorValue.objects.filter(municipality__state__uf="MT").count() == 17457
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.status, batch.uploaded_by, batch.rows_valid) == (
        INITIAL_LOAD_NAME,
        ImportStatus.COMMITTED,
        None,
        27146,
    )


def test_loading_again_changes_nothing(territory):
    load_indicators()
    assert load_indicators() == (29, 0)
    assert (Indicator.objects.count(), IndicatorValue.objects.count()) == (29, 27146)
    assert ImportBatch.objects.count() == 1


def test_values_are_those_of_the_file(territory):
    load_indicators()
    value = IndicatorValue.objects.get
    assert value(indicator__code="idhm", municipality_id=5002704, period=2010).value == 0.784
    assert value(indicator__code="populacao", municipality_id=5002704, period=2024).value == 954537
    assert (
        value(indicator__code="pib_per_capita", municipality_id=5103403, period=2023).value
        == 59997.13
    )


def test_definitions_carry_direction_periodicity_axis_range_and_provenance(territory):
    load_indicators()
    fields = [
        "direction",
        "periodicity",
        "axis",
        "decimals",
        "min_value",
        "max_value",
        "unit",
        "source_url",
    ]
    rows = {i.code: [getattr(i, f) for f in fields] for i in Indicator.objects.all()}
    assert rows["idhm"] == [
        "higher_better",
        "decennial",
        "Desenvolvimento humano",
        3,
        0.0,
        1.0,
        "índice 0–1",
        "http://www.atlasbrasil.org.br/",
    ]
    assert rows["mort1"][:6] == ["lower_better", "decennial", "Saúde", 2, 0.0, 1000.0]
    assert rows["t_agua"][:6] == [
        "higher_better",
        "decennial",
        "Habitação e saneamento",
        2,
        0.0,
        100.0,
    ]
    assert rows["fectot"][:3] == ["neutral", "decennial", "Demografia"]
    assert rows["populacao"][:6] == ["neutral", "annual", "Demografia", 0, 0.0, None]
    assert rows["pib_per_capita"] == [
        "higher_better",
        "annual",
        "Economia",
        2,
        0.0,
        None,
        "R$ correntes por habitante",
        "https://sidra.ibge.gov.br/tabela/5938",
    ]
    assert {i.axis for i in Indicator.objects.all()} == {
        "Desenvolvimento humano",
        "Educação",
        "Saúde",
        "Renda e pobreza",
        "Trabalho",
        "Habitação e saneamento",
        "Demografia",
        "Economia",
    }
    idhm = Indicator.objects.get(code="idhm")
    assert idhm.source.startswith("Atlas do Desenvolvimento Humano no Brasil 2013 (PNUD/Ipea/FJP)")
    assert "MIT" in idhm.licence


def test_a_reload_keeps_what_an_administrator_tuned(territory):
    load_indicators()
    Indicator.objects.filter(code="idhm").update(max_value=0.9, axis="Meu eixo", name="X")
    load_indicators()
    idhm = Indicator.objects.get(code="idhm")
    assert (idhm.max_value, idhm.axis, idhm.name) == (0.9, "Meu eixo", "IDHM")


def test_load_reference_runs_it_after_the_territory(territory):
    messages = []
    apps.get_app_config("indicators").load_reference(messages.append)
    apps.get_app_config("indicators").load_reference(messages.append)
    assert messages == [
        "indicators: 29 indicadores, 27146 valores importados",
        "indicators: 29 indicadores, valores já carregados",
    ]


def test_the_reference_gives_every_directional_indicator_a_worst_quintile_rule_once(territory):
    from apoia.indicators.models import CriticalityRule, Direction, Indicator
    from apoia.indicators.reference import load_indicators

    load_indicators()
    load_indicators()
    directional = Indicator.objects.exclude(direction=Direction.NEUTRAL).count()

    assert (
        CriticalityRule.objects.filter(kind="worst_quantile", quantile=0.2).count() == directional
    )
    assert not CriticalityRule.objects.filter(indicator__direction=Direction.NEUTRAL).exists()
