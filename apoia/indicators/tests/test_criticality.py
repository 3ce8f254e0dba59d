"""Criticality rules on a toy state of 5 municipalities, every number worked out by hand."""

import pytest

from apoia.indicators.criticality import critical_municipalities, format_value, quantile_cut
from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue, RuleKind
from apoia.territory.models import Municipality

ALFA, BETA, GAMA, DELTA, EPSILON = 5000001, 5000002, 5000003, 5000004, 5000005
NAMES = {ALFA: "Alfa", BETA: "Beta", GAMA: "Gama", DELTA: "Delta", EPSILON: "Épsilon"}


@pytest.fixture
def toy_state(state_ms):
    return {
        ibge: Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
        for ibge, name in NAMES.items()
    }


def indicator_with(code, name, direction, decimals, values, **extra):
    """An indicator and its values: {period: {ibge: value}}."""
    indicator = Indicator.objects.create(
        code=code, name=name, direction=direction, decimals=decimals, **extra
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, municipality_id=ibge, period=period, value=value)
        for period, by_ibge in values.items()
        for ibge, value in by_ibge.items()
    )
    return indicator


@pytest.fixture
def idhm(toy_state):
    # Worst to best: Alfa 0.512, Delta 0.560, Beta 0.650, Gama 0.700, Épsilon 0.720.
    return indicator_with(
        "idhm",
        "IDHM",
        "higher_better",
        3,
        {2010: {ALFA: 0.512, BETA: 0.650, GAMA: 0.700, DELTA: 0.560, EPSILON: 0.720}},
    )


@pytest.fixture
def illiteracy(toy_state):
    # Worst to best: Gama 20.25, Alfa 12.5, Épsilon 10.0 (on the limit), Beta 8.0, Delta 8.0.
    return indicator_with(
        "t_analf18m",
        "Analfabetismo",
        "lower_better",
        2,
        {2010: {ALFA: 12.5, BETA: 8.0, GAMA: 20.25, DELTA: 8.0, EPSILON: 10.0}},
    )


def rule(indicator, kind, **params):
    return CriticalityRule.objects.create(indicator=indicator, kind=kind, **params)


def flagged(indicator, period=2010):
    return [
        (row["municipality"], row["reasons"])
        for row in critical_municipalities(indicator, "MS", period)
    ]


def test_numbers_are_written_with_the_indicators_decimals_and_a_decimal_comma(db):
    assert format_value(0.512, 3) == "0,512"
    assert format_value(0.6, 3) == "0,600"
    assert format_value(20.25, 1) == "20,2"
    assert format_value(1234.5, 2) == "1.234,50"
    assert format_value(None, 2) == ""


def test_a_threshold_on_a_higher_is_better_indicator_flags_values_below_the_limit(idhm):
    rule(idhm, RuleKind.THRESHOLD, threshold=0.6)

    assert flagged(idhm) == [
        ("Alfa", ["IDHM 0,512 < limite 0,600"]),
        ("Delta", ["IDHM 0,560 < limite 0,600"]),
    ]


def test_a_threshold_on_a_lower_is_better_indicator_flags_values_above_the_limit(illiteracy):
    rule(illiteracy, RuleKind.THRESHOLD, threshold=10)

    # Épsilon sits exactly on the limit: not worse than it, not flagged.
    assert flagged(illiteracy) == [
        ("Gama", ["Analfabetismo 20,25 > limite 10,00"]),
        ("Alfa", ["Analfabetismo 12,50 > limite 10,00"]),
    ]


def test_the_rows_carry_ibge_municipality_value_and_reasons(idhm):
    rule(idhm, RuleKind.THRESHOLD, threshold=0.52)

    assert critical_municipalities(idhm, "MS", 2010) == [
        {
            "ibge": ALFA,
            "municipality": "Alfa",
            "value": 0.512,
            "reasons": ["IDHM 0,512 < limite 0,520"],
        }
    ]


def test_the_worst_quintile_of_five_municipalities_is_the_single_worst_one(idhm):
    rule(idhm, RuleKind.WORST_QUANTILE, quantile=0.2)

    assert flagged(idhm) == [("Alfa", ["pior quintil em MS (0,512; corte 0,512)"])]


def test_the_worst_quintile_includes_every_municipality_tied_at_the_cut(idhm):
    IndicatorValue.objects.filter(municipality_id=DELTA).update(value=0.512)
    rule(idhm, RuleKind.WORST_QUANTILE, quantile=0.2)

    # ceil(0.2 × 5) = 1 municipality, but Delta ties with Alfa at the cut: both are flagged.
    assert flagged(idhm) == [
        ("Alfa", ["pior quintil em MS (0,512; corte 0,512)"]),
        ("Delta", ["pior quintil em MS (0,512; corte 0,512)"]),
    ]


def test_a_worst_quantile_rounds_the_count_up(illiteracy):
    rule(illiteracy, RuleKind.WORST_QUANTILE, quantile=0.3)

    # ceil(0.3 × 5) = ceil(1.5) = 2: Gama and Alfa; the cut is Alfa's 12.50.
    assert flagged(illiteracy) == [
        ("Gama", ["entre os 30% piores em MS (20,25; corte 12,50)"]),
        ("Alfa", ["entre os 30% piores em MS (12,50; corte 12,50)"]),
    ]


def test_the_quantile_count_is_not_fooled_by_floating_point(db):
    indicator = Indicator(code="x", name="X", direction="lower_better")

    # 0.1 × 30 is 3.0000000000000004 in floating point: still the 3 worst (29, 28, 27).
    assert quantile_cut(indicator, [float(v) for v in range(30)], 0.1) == 27.0


def test_worse_than_the_state_median_is_strictly_below_the_middle_value(idhm):
    rule(idhm, RuleKind.WORSE_THAN_STATE)

    # Median of 0.512, 0.560, 0.650, 0.700, 0.720 is 0.650; Beta sits on it and is not flagged.
    assert flagged(idhm) == [
        ("Alfa", ["pior que a mediana de MS (0,512 < 0,650)"]),
        ("Delta", ["pior que a mediana de MS (0,560 < 0,650)"]),
    ]


def test_the_state_median_of_an_even_count_is_the_mean_of_the_two_middle_values(idhm):
    IndicatorValue.objects.filter(municipality_id=EPSILON).delete()
    rule(idhm, RuleKind.WORSE_THAN_STATE)

    # Without Épsilon: 0.512, 0.560, 0.650, 0.700 → median (0.560 + 0.650) / 2 = 0.605.
    assert flagged(idhm) == [
        ("Alfa", ["pior que a mediana de MS (0,512 < 0,605)"]),
        ("Delta", ["pior que a mediana de MS (0,560 < 0,605)"]),
    ]


def test_worse_than_the_national_reference(illiteracy):
    illiteracy.national_reference = 9.6
    illiteracy.save()
    rule(illiteracy, RuleKind.WORSE_THAN_NATIONAL)

    assert flagged(illiteracy) == [
        ("Gama", ["pior que a referência nacional (20,25 > 9,60)"]),
        ("Alfa", ["pior que a referência nacional (12,50 > 9,60)"]),
        ("Épsilon", ["pior que a referência nacional (10,00 > 9,60)"]),
    ]


def test_the_national_rule_is_silent_without_a_national_reference(illiteracy):
    rule(illiteracy, RuleKind.WORSE_THAN_NATIONAL)

    assert flagged(illiteracy) == []


@pytest.fixture
def education(toy_state):
    return indicator_with(
        "idhm_e",
        "IDHM Educação",
        "higher_better",
        2,
        {
            1991: {ALFA: 0.60, BETA: 0.60, GAMA: 0.50, EPSILON: 0.50},
            2000: {ALFA: 0.55, BETA: 0.50, GAMA: 0.55, DELTA: 0.60, EPSILON: 0.50},
            2010: {ALFA: 0.51, BETA: 0.55, GAMA: 0.51, DELTA: 0.50, EPSILON: 0.50},
            2020: {BETA: 0.10},
        },
    )


def test_worsening_over_two_periods_needs_two_consecutive_drops(education):
    rule(education, RuleKind.WORSENING, periods=2)

    # Alfa fell twice. Beta fell then rose (non-monotone); Gama rose then fell; Delta has only
    # two values; Épsilon stayed flat. Beta's 2020 drop is after the period asked for.
    assert flagged(education, 2010) == [
        ("Alfa", ["piorou nos últimos 2 períodos (0,60 → 0,55 → 0,51)"]),
    ]


def test_worsening_over_one_period_compares_with_the_previous_value(education):
    rule(education, RuleKind.WORSENING, periods=1)

    assert flagged(education, 2010) == [
        ("Delta", ["piorou no último período (0,60 → 0,50)"]),
        ("Alfa", ["piorou no último período (0,55 → 0,51)"]),
        ("Gama", ["piorou no último período (0,55 → 0,51)"]),
    ]


def test_rules_combine_and_each_reason_is_listed(idhm):
    rule(idhm, RuleKind.THRESHOLD, threshold=0.6)
    rule(idhm, RuleKind.WORST_QUANTILE, quantile=0.2)
    rule(idhm, RuleKind.WORSE_THAN_STATE, is_active=False)

    assert flagged(idhm) == [
        ("Alfa", ["IDHM 0,512 < limite 0,600", "pior quintil em MS (0,512; corte 0,512)"]),
        ("Delta", ["IDHM 0,560 < limite 0,600"]),
    ]


def test_a_neutral_indicator_never_flags(toy_state):
    population = indicator_with(
        "populacao", "População", "neutral", 0, {2010: {ALFA: 1000, BETA: 50}}
    )
    rule(population, RuleKind.THRESHOLD, threshold=100)
    rule(population, RuleKind.WORSE_THAN_STATE)

    assert flagged(population) == []


def test_a_rule_without_its_parameter_is_ignored(idhm):
    rule(idhm, RuleKind.THRESHOLD)
    rule(idhm, RuleKind.WORST_QUANTILE)
    rule(idhm, RuleKind.WORSENING)

    assert flagged(idhm) == []


def test_only_the_states_municipalities_count(idhm, state_mt):
    cuiaba = Municipality.objects.create(ibge=5103403, name="Cuiabá", state=state_mt)
    IndicatorValue.objects.create(indicator=idhm, municipality=cuiaba, period=2010, value=0.1)
    rule(idhm, RuleKind.WORST_QUANTILE, quantile=0.2)

    assert flagged(idhm) == [("Alfa", ["pior quintil em MS (0,512; corte 0,512)"])]
    assert critical_municipalities(idhm, "MT", 2010)[0]["reasons"] == [
        "pior quintil em MT (0,100; corte 0,100)"
    ]


def test_the_flags_take_two_queries(idhm, django_assert_num_queries):
    rule(idhm, RuleKind.THRESHOLD, threshold=0.6)
    rule(idhm, RuleKind.WORSE_THAN_STATE)
    indicator = Indicator.objects.get(pk=idhm.pk)

    with django_assert_num_queries(2):  # the rules, then the values
        assert len(critical_municipalities(indicator, "MS", 2010)) == 2
