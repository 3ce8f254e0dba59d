"""Migration 0008: every plan that existed before it gets its adhesion's phase (Plan.phase),
and 0009 then makes the phase required."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0007_deliveries_evidence_meetings")]
AFTER = [("programs", "0009_plan_phase_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_plans_get_their_adhesions_phase():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    State = old.get_model("territory", "State")
    Municipality = old.get_model("territory", "Municipality")
    OrgUnit = old.get_model("accounts", "OrgUnit")
    Program = old.get_model("programs", "Program")
    Phase = old.get_model("programs", "Phase")
    Adhesion = old.get_model("programs", "Adhesion")
    Plan = old.get_model("programs", "Plan")
    state = State.objects.create(code=50, uf="MS", name="Mato Grosso do Sul", region="Centro-Oeste")
    town = Municipality.objects.create(ibge=5002704, name="Campo Grande", state=state)
    unit = OrgUnit.objects.create(slug="u", name="Unidade", kind="secretariat", state=state)
    program = Program.objects.create(slug="p", name="P", state=state, managing_unit=unit)
    first = Phase.objects.create(program=program, slug="f1", name="Fase 1", order=1)
    second = Phase.objects.create(program=program, slug="f2", name="Fase 2", order=2)
    plans = {}
    for phase in (first, second):
        adhesion = Adhesion.objects.create(
            program=program,
            phase=phase,
            municipality=town,
            since=dt.date(2024, 7, 10),
            verification_code=f"CODE{phase.order}",
        )
        plans[phase.slug] = Plan.objects.create(adhesion=adhesion).pk
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        NewPlan = new.get_model("programs", "Plan")
        assert NewPlan.objects.get(pk=plans["f1"]).phase_id == first.pk
        assert NewPlan.objects.get(pk=plans["f2"]).phase_id == second.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
