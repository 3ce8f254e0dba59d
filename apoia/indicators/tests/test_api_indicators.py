"""/api/v1/indicators and /api/v1/rankings: shapes, CSV, map data and the 422s."""

import pytest

from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue
from apoia.territory.models import Municipality

ALFA, BETA, GAMA, CUIABA = 5000001, 5000002, 5000003, 5103403


@pytest.fixture
def data(state_ms, state_mt):
    for ibge, name, state in [
        (ALFA, "Alfa", state_ms),
        (BETA, "Beta", state_ms),
        (GAMA, "Gama", state_ms),
        (CUIABA, "Cuiabá", state_mt),
    ]:
        Municipality.objects.create(ibge=ibge, name=name, state=state)
    idhm = Indicator.objects.create(
        code="idhm",
        name="IDHM",
        unit="índice 0–1",
        direction="higher_better",
        periodicity="decennial",
        axis="Desenvolvimento humano",
        decimals=3,
        source="Atlas do Desenvolvimento Humano no Brasil",
        national_reference=0.727,
    )
    illiteracy = Indicator.objects.create(
        code="t_analf18m", name="Analfabetismo", unit="%", direction="lower_better", decimals=1
    )
    Indicator.objects.create(code="fectot", name="Fecundidade", direction="neutral")
    Indicator.objects.create(code="oculto", name="Oculto", direction="neutral", is_published=False)
    for indicator, period, values in [
        (idhm, 2000, {ALFA: 0.4, BETA: 0.6}),
        (idhm, 2010, {ALFA: 0.5, BETA: 0.7, GAMA: 0.9, CUIABA: 0.785}),
        (illiteracy, 2010, {ALFA: 10, BETA: 30, GAMA: 20}),
    ]:
        for ibge, value in values.items():
            IndicatorValue.objects.create(
                indicator=indicator, municipality_id=ibge, period=period, value=value
            )
    CriticalityRule.objects.create(indicator=idhm, kind="worse_than_national")
    return idhm


def test_the_list_gives_the_published_indicators_definitions(client, data):
    body = client.get("/api/v1/indicators").json()

    assert [row["code"] for row in body] == ["t_analf18m", "fectot", "idhm"]
    assert body[2] == {
        "code": "idhm",
        "name": "IDHM",
        "unit": "índice 0–1",
        "direction": "higher_better",
        "periodicity": "decennial",
        "axis": "Desenvolvimento humano",
        "decimals": 3,
        "source": "Atlas do Desenvolvimento Humano no Brasil",
        "source_url": "",
        "licence": "",
    }


def test_one_indicator_comes_with_its_periods_and_counts(client, data):
    body = client.get("/api/v1/indicators/idhm").json()

    assert body["national_reference"] == 0.727
    assert body["value_count"] == 6
    assert body["periods"] == [
        {"period": 2000, "count": 2, "by_uf": {"MS": 2}},
        {"period": 2010, "count": 4, "by_uf": {"MS": 3, "MT": 1}},
    ]
    assert client.get("/api/v1/indicators/oculto").status_code == 404
    assert client.get("/api/v1/indicators/nada").json() == {"detail": "Não encontrado."}


def test_values_filter_by_state_and_period(client, data):
    body = client.get("/api/v1/indicators/idhm/values", {"uf": "ms", "period": 2010}).json()

    assert body == [
        {"ibge": ALFA, "municipality": "Alfa", "uf": "MS", "period": 2010, "value": 0.5},
        {"ibge": BETA, "municipality": "Beta", "uf": "MS", "period": 2010, "value": 0.7},
        {"ibge": GAMA, "municipality": "Gama", "uf": "MS", "period": 2010, "value": 0.9},
    ]
    assert len(client.get("/api/v1/indicators/idhm/values").json()) == 6


def test_values_download_as_csv_both_ways(client, data):
    by_format = client.get("/api/v1/indicators/idhm/values", {"uf": "MT", "format": "csv"})
    by_path = client.get("/api/v1/indicators/idhm/values.csv", {"uf": "MT"})

    for response in (by_format, by_path):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="idhm_MT.csv"'
        assert response.content.decode() == (
            "codigo_ibge,municipio,uf,periodo,valor\r\n5103403,Cuiabá,MT,2010,0.785\r\n"
        )


def test_critical_municipalities_come_with_their_reasons(client, data):
    body = client.get("/api/v1/indicators/idhm/critical", {"uf": "MS", "period": 2010}).json()

    assert body == [
        {
            "ibge": ALFA,
            "municipality": "Alfa",
            "value": 0.5,
            "reasons": ["pior que a referência nacional (0,500 < 0,727)"],
        },
        {
            "ibge": BETA,
            "municipality": "Beta",
            "value": 0.7,
            "reasons": ["pior que a referência nacional (0,700 < 0,727)"],
        },
    ]
    # Without a period: the latest with data in the state.
    assert client.get("/api/v1/indicators/idhm/critical", {"uf": "MS"}).json() == body


def test_the_map_data_gives_class_and_colour_per_municipality_and_the_legend(client, data):
    body = client.get("/api/v1/indicators/idhm/map", {"uf": "MS", "period": 2010}).json()

    assert (body["indicator"], body["uf"], body["period"], body["mode"]) == (
        "idhm",
        "MS",
        2010,
        "values",
    )
    assert [(i["ibge"], i["class"], i["colour"]) for i in body["items"]] == [
        (ALFA, 4, "#7a1c0c"),
        (BETA, 2, "#e8804a"),
        (GAMA, 0, "#fbe4d5"),
    ]
    assert [(e["class"], e["count"]) for e in body["legend"]] == [
        (0, 1),
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 1),
        (None, 0),
    ]
    flags = client.get("/api/v1/indicators/idhm/map", {"uf": "MS", "mode": "flags"}).json()
    assert [i["class"] for i in flags["items"]] == [1, 1, 0]


def test_a_ranking_is_computed_with_rank_score_contributions_and_missing(client, data):
    response = client.post(
        "/api/v1/rankings",
        {"uf": "MS", "period": 2010, "method": "minmax", "weights": {"idhm": 1, "t_analf18m": 3}},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert [(r["rank"], r["ibge"], r["score"]) for r in body["rows"]] == [
        (1, BETA, 0.875),
        (2, GAMA, 0.375),
        (3, ALFA, 0.25),
    ]
    assert body["rows"][0] == {
        "rank": 1,
        "ibge": BETA,
        "municipality": "Beta",
        "score": 0.875,
        "contributions": {"idhm": 0.125, "t_analf18m": 0.75},
        "values": {"idhm": 0.7, "t_analf18m": 30.0},
        "missing": [],
    }


def test_a_ranking_without_a_period_takes_the_latest_with_data(client, data):
    response = client.post(
        "/api/v1/rankings",
        {"uf": "MS", "weights": {"t_analf18m": 1}},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == 2010
    assert [(r["rank"], r["ibge"]) for r in body["rows"]] == [(1, BETA), (2, GAMA), (3, ALFA)]


def test_a_ranking_without_a_period_and_an_unknown_state_names_the_state(client, data):
    response = client.post(
        "/api/v1/rankings", {"uf": "ZZ", "weights": {"idhm": 1}}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["uf"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"weights": {"xyz": 1}}, "weights.xyz"),
        ({"weights": {"fectot": 1}}, "weights.fectot"),
        ({"weights": {"oculto": 1}}, "weights.oculto"),
        ({"weights": {"idhm": "muito"}}, "weights.idhm"),
        ({"weights": {}}, "weights"),
        ({"method": "media"}, "method"),
        ({"uf": "ZZ"}, "uf"),
        ({"period": "dois mil"}, "period"),
    ],
)
def test_bad_ranking_parameters_answer_422_naming_the_field(client, data, payload, field):
    body = {"uf": "MS", "period": 2010, "method": "zscore", "weights": {"idhm": 1}, **payload}

    response = client.post("/api/v1/rankings", body, content_type="application/json")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/indicators/idhm/values", {"uf": "ZZ"}, "uf"),
        ("/api/v1/indicators/idhm/values", {"period": "x"}, "period"),
        ("/api/v1/indicators/idhm/critical", {}, "uf"),
        ("/api/v1/indicators/idhm/map", {"uf": "MS", "mode": "cores"}, "mode"),
        ("/api/v1/indicators/t_analf18m/map", {"uf": "MT"}, "period"),
    ],
)
def test_bad_query_parameters_answer_422_naming_the_field(client, data, url, params, field):
    response = client.get(url, params)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
