"""Priority ranking on 3 municipalities × 2 indicators of opposite directions, by hand.

idhm (higher is better): Alfa 0.5, Beta 0.7, Gama 0.9.
t_analf18m (lower is better): Alfa 10, Beta 30, Gama 20. Weights idhm 1, t_analf18m 3.
"""

import pytest

from apoia.indicators.models import Indicator, IndicatorValue, Ranking
from apoia.indicators.ranking import (
    RankingError,
    normalize,
    priority_list,
    rank,
    rank_values,
    save_ranking,
)
from apoia.territory.models import Municipality

ALFA, BETA, GAMA, DELTA, EPSILON = 5000001, 5000002, 5000003, 5000004, 5000005
WEIGHTS = {"idhm": 1.0, "t_analf18m": 3.0}


@pytest.fixture
def toy(state_ms):
    for ibge, name in [(ALFA, "Alfa"), (BETA, "Beta"), (GAMA, "Gama")]:
        Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
    idhm = Indicator.objects.create(code="idhm", name="IDHM", direction="higher_better")
    illiteracy = Indicator.objects.create(
        code="t_analf18m", name="Analfabetismo", direction="lower_better"
    )
    Indicator.objects.create(code="fectot", name="Fecundidade", direction="neutral")
    for indicator, values in [
        (idhm, {ALFA: 0.5, BETA: 0.7, GAMA: 0.9}),
        (illiteracy, {ALFA: 10, BETA: 30, GAMA: 20}),
    ]:
        for ibge, value in values.items():
            IndicatorValue.objects.create(
                indicator=indicator, municipality_id=ibge, period=2010, value=value
            )
    return state_ms


def summary(rows):
    return [(row["rank"], row["municipality"], row["score"]) for row in rows]


def test_minmax_scores_each_indicator_in_its_own_direction(toy):
    rows = rank("MS", 2010, WEIGHTS, "minmax")

    # idhm → (0.9 − v)/0.4: Alfa 1, Beta 0.5, Gama 0. t_analf18m → (v − 10)/20: 0, 1, 0.5.
    # Score = (1·idhm + 3·analf)/4: Alfa 0.25, Beta 0.875, Gama 0.375.
    assert summary(rows) == [(1, "Beta", 0.875), (2, "Gama", 0.375), (3, "Alfa", 0.25)]
    assert rows[0] == {
        "rank": 1,
        "ibge": BETA,
        "municipality": "Beta",
        "score": 0.875,
        "contributions": {"idhm": 0.125, "t_analf18m": 0.75},
        "values": {"idhm": 0.7, "t_analf18m": 30},
        "missing": [],
    }


def test_zscore_uses_the_population_standard_deviation(toy):
    rows = rank("MS", 2010, WEIGHTS, "zscore")

    # idhm: mean 0.7, sd √(0.08/3) → Alfa +√1.5, Beta 0, Gama −√1.5 (sign flipped: higher is
    # better). t_analf18m: mean 20, sd √(200/3) → Alfa −√1.5, Beta +√1.5, Gama 0.
    # Alfa (√1.5 − 3√1.5)/4 = −0.612372; Beta 3√1.5/4 = 0.918559; Gama −√1.5/4 = −0.306186.
    assert summary(rows) == [
        (1, "Beta", 0.918559),
        (2, "Gama", -0.306186),
        (3, "Alfa", -0.612372),
    ]
    assert rows[2]["contributions"] == {"idhm": 0.306186, "t_analf18m": -0.918559}


def test_missing_data_is_listed_and_the_score_uses_the_indicators_the_municipality_has(toy):
    Municipality.objects.create(ibge=DELTA, name="Delta", state=toy)
    Municipality.objects.create(ibge=EPSILON, name="Épsilon", state=toy)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="idhm"), municipality_id=DELTA, period=2010, value=0.5
    )

    rows = rank("MS", 2010, WEIGHTS, "minmax")

    # Delta has only idhm (worst, normalized 1): 1·1/1 = 1.0, not (1·1 + 3·0)/4 = 0.25.
    assert summary(rows) == [
        (1, "Delta", 1.0),
        (2, "Beta", 0.875),
        (3, "Gama", 0.375),
        (4, "Alfa", 0.25),
        (None, "Épsilon", None),
    ]
    assert rows[0]["missing"] == ["t_analf18m"]
    assert rows[0]["contributions"] == {"idhm": 1.0}
    assert rows[4]["missing"] == ["idhm", "t_analf18m"]
    assert rows[4]["contributions"] == {}


def test_ties_go_to_the_lower_ibge_code():
    rows = rank_values(
        {GAMA: "Gama", ALFA: "Alfa", BETA: "Beta"},
        {"x": {GAMA: 3.0, ALFA: 3.0, BETA: 1.0}},
        {"x": "lower_better"},
        {"x": 1.0},
        "minmax",
    )

    assert [(row["rank"], row["ibge"]) for row in rows] == [(1, ALFA), (2, GAMA), (3, BETA)]


def test_all_equal_values_normalize_to_zero():
    assert normalize({ALFA: 2.0, BETA: 2.0}, "lower_better", "minmax") == {ALFA: 0.0, BETA: 0.0}
    assert normalize({ALFA: 2.0, BETA: 2.0}, "higher_better", "zscore") == {ALFA: 0.0, BETA: 0.0}


def test_a_zero_weight_leaves_the_indicator_out(toy):
    rows = rank("MS", 2010, {"idhm": 1.0, "t_analf18m": 0}, "minmax")

    assert summary(rows) == [(1, "Alfa", 1.0), (2, "Beta", 0.5), (3, "Gama", 0.0)]
    assert rows[0]["contributions"] == {"idhm": 1.0}


@pytest.mark.parametrize(
    ("uf", "weights", "method", "field", "message"),
    [
        (
            "MS",
            {"idhm": 1, "fectot": 1},
            "minmax",
            "weights.fectot",
            "O indicador Fecundidade é neutro (de contexto): não tem lado pior, "
            "não entra no ranking.",
        ),
        ("MS", {"xyz": 1}, "minmax", "weights.xyz", "Indicador desconhecido: xyz."),
        ("MS", {"idhm": -1}, "minmax", "weights.idhm", "O peso não pode ser negativo."),
        (
            "MS",
            {"idhm": 0},
            "minmax",
            "weights",
            "Escolha ao menos um indicador com peso maior que zero.",
        ),
        ("MS", {"idhm": 1}, "rank", "method", "Método inválido; use “minmax” ou “zscore”."),
        ("ZZ", {"idhm": 1}, "minmax", "uf", "UF desconhecida: ZZ."),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(toy, uf, weights, method, field, message):
    with pytest.raises(RankingError) as error:
        rank(uf, 2010, weights, method)

    assert (error.value.field, error.value.message) == (field, message)


def test_a_saved_list_keeps_parameters_and_rows_and_gives_the_priority_order(toy, admin_user):
    saved = save_ranking(
        name="Visitas 2026",
        uf="ms",
        period=2010,
        method="minmax",
        weights={"idhm": 1.0, "t_analf18m": 3.0, "mort1": 0},
        by=admin_user,
    )

    again = Ranking.objects.get(pk=saved.pk)
    assert (again.name, again.state.uf, again.period, again.method) == (
        "Visitas 2026",
        "MS",
        2010,
        "minmax",
    )
    assert again.weights == {"idhm": 1.0, "t_analf18m": 3.0}
    assert again.created_by == admin_user
    assert summary(again.rows) == [(1, "Beta", 0.875), (2, "Gama", 0.375), (3, "Alfa", 0.25)]
    assert priority_list(saved.pk) == [BETA, GAMA, ALFA]


def test_the_priority_list_leaves_out_municipalities_without_a_score(toy):
    Municipality.objects.create(ibge=EPSILON, name="Épsilon", state=toy)
    saved = save_ranking(name="L", uf="MS", period=2010, method="zscore", weights=WEIGHTS)

    assert priority_list(saved.pk) == [BETA, GAMA, ALFA]
    assert saved.rows[-1]["ibge"] == EPSILON


def test_the_ranking_takes_four_queries(toy, django_assert_num_queries):
    # The indicators, the state, the values, the municipalities.
    with django_assert_num_queries(4):
        rank("MS", 2010, WEIGHTS, "minmax")
