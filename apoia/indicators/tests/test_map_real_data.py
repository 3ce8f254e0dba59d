"""The analysis over the shipped open data (territory + the 29 indicators and their values)."""

import re

from pytest_django.asserts import assertContains

from apoia.indicators.maps import map_data
from apoia.indicators.models import Indicator, IndicatorValue
from apoia.indicators.ranking import rank
from apoia.indicators.reference import load_indicators
from apoia.territory.reference import load_territory

PARAISO_DAS_AGUAS = 5006275  # installed in 2013: no census 2010 data
BOA_ESPERANCA_DO_NORTE = 5101837  # installed in 2025: no data, no boundary


def test_map_ranking_and_profile_over_the_shipped_data(client, db):
    load_territory({"MS", "MT"})
    load_indicators()
    idhm = Indicator.objects.get(code="idhm")
    assert IndicatorValue.objects.count() == 27146

    page = client.get("/indicadores/mapa/", {"uf": "MS", "indicator": "idhm", "period": "2010"})
    assert len(re.findall(r'<path class="shape"', page.content.decode())) == 79
    assertContains(page, "<title>Campo Grande: 0,784</title>")
    assertContains(page, "<title>Paraíso das Águas: sem dado</title>")

    ms = map_data(idhm, "MS", 2010)
    assert [entry["count"] for entry in ms["legend"]] == [16, 15, 16, 16, 15, 1]
    mt = map_data(idhm, "MT", 2010)
    assert mt["items"][BOA_ESPERANCA_DO_NORTE]["class"] is None
    assert (
        len(
            client.get("/indicadores/mapa/", {"uf": "MT"})
            .content.decode()
            .split('<path class="shape"')
        )
        == 142
    )

    rows = rank("MS", 2010, {"idhm": 1.0, "t_analf18m": 0.5, "mort1": 1.0, "pind": 1.0}, "zscore")
    assert len(rows) == 79
    assert rows[-1]["ibge"] == PARAISO_DAS_AGUAS
    assert rows[-1]["rank"] is None
    assert rows[-1]["missing"] == ["idhm", "t_analf18m", "mort1", "pind"]
    assert [row["rank"] for row in rows[:-1]] == list(range(1, 79))

    profile = client.get("/indicadores/municipios/5002704/")
    assertContains(profile, "Campo Grande/MS")
    assert len(profile.context["entries"]) == 29
