"""Shared data of the challenge, menu and suggestion tests: a toy MS of five municipalities.

IDHM-E 2010, worst to best: Alfa 0.412, Delta 0.460, Beta 0.550, Gama 0.600, Épsilon 0.620.
With a worst-quintile rule (ceil(0.2 · 5) = 1) only Alfa is focal; with a worst-half rule
(ceil(0.5 · 5) = 3) Alfa, Delta and Beta are, in that order.
"""

import datetime as dt
from decimal import Decimal

from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue, RuleKind
from apoia.programs.models import (
    Action,
    ActionDelivery,
    Adhesion,
    AdhesionStatus,
    Challenge,
    Phase,
    PhaseStatus,
    Program,
)
from apoia.territory.models import Municipality

ALFA, BETA, GAMA, DELTA, EPSILON = 5000001, 5000002, 5000003, 5000004, 5000005
NAMES = {ALFA: "Alfa", BETA: "Beta", GAMA: "Gama", DELTA: "Delta", EPSILON: "Épsilon"}
IDHM_E = {ALFA: 0.412, BETA: 0.550, GAMA: 0.600, DELTA: 0.460, EPSILON: 0.620}


def toy_state(state):
    return {
        ibge: Municipality.objects.create(ibge=ibge, name=name, state=state)
        for ibge, name in NAMES.items()
    }


def indicator_with(code, name, direction, decimals, values):
    """An indicator and its values: {period: {ibge: value}}."""
    indicator = Indicator.objects.create(
        code=code, name=name, direction=direction, decimals=decimals
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, municipality_id=ibge, period=period, value=value)
        for period, by_ibge in values.items()
        for ibge, value in by_ibge.items()
    )
    return indicator


def idhm_e():
    return indicator_with("idhm_e", "IDHM Educação", "higher_better", 3, {2010: IDHM_E})


def quantile_rule(indicator, quantile):
    return CriticalityRule.objects.create(
        indicator=indicator, kind=RuleKind.WORST_QUANTILE, quantile=quantile
    )


def program_and_phase(state, unit):
    program = Program.objects.create(
        slug="ms-ativo", name="MS Ativo Municipalismo", state=state, managing_unit=unit
    )
    phase = Phase.objects.create(
        program=program,
        slug="fase-3",
        name="Fase 3",
        order=3,
        start=dt.date(2024, 7, 1),
        status=PhaseStatus.RUNNING,
    )
    return program, phase


def challenge_for(phase, *, rule=None, indicators=(), slug="educacao", name="Educação", **extra):
    challenge = Challenge.objects.create(phase=phase, slug=slug, name=name, rule=rule, **extra)
    challenge.indicators.set(indicators or [rule.indicator])
    return challenge


def adhesion_of(program, phase, ibge, status=AdhesionStatus.ACTIVE):
    return Adhesion.objects.create(
        program=program,
        phase=phase,
        municipality_id=ibge,
        status=status,
        since=dt.date(2024, 7, 10),
    )


def action_with(phase, unit, title, *, challenges=(), eligibility="all_adhered", **extra):
    action = Action.objects.create(
        phase=phase,
        unit=unit,
        title=title,
        modality=extra.pop("modality", "online"),
        eligibility=eligibility,
        **extra,
    )
    action.challenges.set(challenges)
    ActionDelivery.objects.create(
        action=action,
        title="Relatório final",
        weight=Decimal("1.00"),
        due_offset_days=10,
        evidence_types=["document"],
    )
    return action
