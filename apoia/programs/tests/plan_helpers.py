"""Shared data of the plan tests: the toy state of menu_helpers plus Campo Grande, adhered.

Campo Grande's IDHM-E 2010 is 0.724 (the best: it is not focal in Educação, whose focal
municipalities stay Alfa, Delta and Beta) and its income 900.00 (not focal in Renda either).
Actions: "Formação de professores" (Educação, all adhered, 2 places), "Gestão fiscal" (no
challenge, no limit) and "Inclusão produtiva" (Renda, focal municipalities only: Campo Grande
may not choose it). Each action has one delivery, "Relatório final", due 10 business days
after approval.
"""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import time_machine

from apoia.programs.services import challenges as challenge_services
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import (
    ALFA,
    BETA,
    DELTA,
    EPSILON,
    GAMA,
    IDHM_E,
    action_with,
    adhesion_of,
    challenge_for,
    indicator_with,
    program_and_phase,
    quantile_rule,
    toy_state,
)

CAMPO_GRANDE = 5002704
TZ = ZoneInfo("America/Campo_Grande")


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=TZ), tick=False)


def build_world(state, unit, coordinator):
    toy_state(state)
    program, phase = program_and_phase(state, unit)
    education_indicator = indicator_with(
        "idhm_e", "IDHM Educação", "higher_better", 3, {2010: {**IDHM_E, CAMPO_GRANDE: 0.724}}
    )
    income = indicator_with(
        "rdpc",
        "Renda per capita",
        "higher_better",
        2,
        {
            2010: {
                DELTA: 150.0,
                ALFA: 200.0,
                BETA: 400.0,
                GAMA: 500.0,
                EPSILON: 600.0,
                CAMPO_GRANDE: 900.0,
            }
        },
    )
    education = challenge_for(phase, rule=quantile_rule(education_indicator, 0.5))
    renda = challenge_for(phase, rule=quantile_rule(income, 0.2), slug="renda", name="Renda")
    for challenge in (education, renda):
        challenge_services.recompute(challenge, by=coordinator)
    return SimpleNamespace(
        program=program,
        phase=phase,
        idhm_e=education_indicator,
        formacao=action_with(
            phase, unit, "Formação de professores", challenges=[education], places=2
        ),
        fiscal=action_with(phase, unit, "Gestão fiscal"),
        inclusao=action_with(
            phase, unit, "Inclusão produtiva", challenges=[renda], eligibility="focal_only"
        ),
        adhesion=adhesion_of(program, phase, CAMPO_GRANDE),
    )


def formacao_item(world, target=0.8, **extra):
    return services.ItemData(
        action=world.formacao,
        responsible={
            "name": "Renata Lima",
            "role": "Secretária de Educação",
            "contact": "renata@exemplo.ms.gov.br",
        },
        targets={"idhm_e": target},
        **extra,
    )


def fiscal_item(world):
    return services.ItemData(
        action=world.fiscal,
        responsible={"name": "Paulo Souza", "role": "Secretário de Finanças", "contact": ""},
    )


def approved_plan(world, mario, carla, *, on=dt.date(2024, 8, 5)):
    """Campo Grande's plan with Formação, submitted and approved on `on` (version 1)."""
    with at(on):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=mario)
        services.submit_plan(plan, by=mario)
        return services.decide_plan(plan, approved=True, by=carla)
