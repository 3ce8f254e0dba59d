"""Item 1: the writes of the annual plan (apoia.agenda.services.plan) — the plan and its act,
axes, entries, and each entry's status through one service."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import OrgUnit
from apoia.agenda.models import EntryStatus, Event, SupportPlan
from apoia.agenda.services import plan as services
from apoia.agenda.tests.factories import EventFactory
from apoia.agenda.tests.plan_factories import PlanEntryFactory, SupportPlanFactory, axis, strategy
from apoia.territory.models import State

pytestmark = pytest.mark.django_db


def _mt():
    return State.objects.get(uf="MT")


def test_staff_create_a_plan_with_its_act(mt_technician):
    plan = services.create_plan(
        by=mt_technician,
        state=_mt(),
        year=2026,
        act="Resolução CIB/SUAS/MT nº 01/2026",
        act_date=dt.date(2026, 2, 20),
        act_url="https://iomat.mt.gov.br/resolucao-01-2026",
    )

    assert (plan.state.uf, plan.year, plan.act) == ("MT", 2026, "Resolução CIB/SUAS/MT nº 01/2026")
    assert plan.title == "Plano de Apoio Técnico aos municípios — Mato Grosso, 2026"


def test_a_second_plan_for_the_same_state_and_year_is_refused_in_portuguese(mt_technician):
    with pytest.raises(ValidationError) as caught:
        services.create_plan(by=mt_technician, state=_mt(), year=2022, act="Outra resolução")

    assert caught.value.message_dict == {
        "year": ["Mato Grosso já tem um plano de apoio técnico para 2022."]
    }


def test_a_plan_needs_its_act_and_a_sensible_year(mt_technician):
    with pytest.raises(ValidationError) as caught:
        services.create_plan(by=mt_technician, state=_mt(), year=1990, act=" ")

    assert set(caught.value.message_dict) == {"year", "act"}


def test_staff_of_another_state_may_not_write_the_plan(ms_technician):
    plan = SupportPlan.objects.get(state__uf="MT", year=2022)

    with pytest.raises(PermissionDenied):
        services.update_plan(plan, by=ms_technician, act="Resolução trocada")


def test_an_entry_takes_only_axes_and_units_of_the_plans_state(mt_technician):
    plan = SupportPlanFactory()
    ms_unit = OrgUnit.objects.filter(state__uf="MS").first()

    with pytest.raises(ValidationError) as caught:
        services.add_entry(
            plan,
            by=mt_technician,
            axis=axis(),
            strategy=strategy(),
            modality="online",
            title="Web Encontro",
            unit=ms_unit,
            months=[13],
        )

    assert set(caught.value.message_dict) == {"unit", "months"}


def test_an_entry_keeps_its_months_sorted_and_goes_last(mt_technician):
    plan = SupportPlanFactory()
    PlanEntryFactory(plan=plan, order=4)

    entry = services.add_entry(
        plan,
        by=mt_technician,
        axis=axis(),
        strategy=strategy(),
        modality="hybrid",
        title="Encontro Estadual de Gestores",
        months=[9, 3, 3],
    )

    assert (entry.months, entry.order, entry.status) == ([3, 9], 5, EntryStatus.PLANNED)


def test_cancelling_an_entry_needs_a_reason(mt_technician):
    entry = PlanEntryFactory()

    with pytest.raises(ValidationError) as caught:
        services.set_entry_status(entry, EntryStatus.CANCELLED, by=mt_technician, reason="  ")

    assert caught.value.message_dict == {"reason": ["Informe o motivo do cancelamento."]}
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PLANNED


def test_a_cancelled_entry_keeps_its_reason(mt_technician):
    entry = PlanEntryFactory()

    services.set_entry_status(
        entry, EntryStatus.CANCELLED, by=mt_technician, reason="Sem orçamento no exercício."
    )

    entry.refresh_from_db()
    assert (entry.status, entry.cancel_reason) == ("cancelled", "Sem orçamento no exercício.")
    assert entry.updated_by == mt_technician


def test_leaving_cancelled_clears_the_reason(mt_technician):
    entry = PlanEntryFactory(status=EntryStatus.CANCELLED, cancel_reason="Adiado.")

    services.set_entry_status(entry, EntryStatus.SCHEDULED, by=mt_technician, reason="ignored")

    entry.refresh_from_db()
    assert (entry.status, entry.cancel_reason) == ("scheduled", "")


def test_an_unknown_status_is_refused(mt_technician):
    with pytest.raises(ValidationError) as caught:
        services.set_entry_status(PlanEntryFactory(), "postponed", by=mt_technician)

    assert list(caught.value.message_dict) == ["status"]


def test_staff_create_an_axis_with_a_slug_once(mt_technician):
    made = services.create_axis(by=mt_technician, state=_mt(), name="Vigilância Socioassistencial")

    assert (made.slug, made.order) == ("vigilancia-socioassistencial", 5)
    with pytest.raises(ValidationError) as caught:
        services.create_axis(by=mt_technician, state=_mt(), name="vigilância socioassistencial")
    assert caught.value.message_dict == {"name": ["Este estado já tem um eixo com este nome."]}


def test_publishing_an_event_of_a_planned_entry_schedules_it(mt_technician, mt_morning):
    planned = PlanEntryFactory()
    done = PlanEntryFactory(status=EntryStatus.DONE)
    first = EventFactory(plan_entry=planned, status="draft", type="visita_tecnica")
    second = EventFactory(plan_entry=done)

    from apoia.agenda.services import events

    events.publish(Event.objects.get(pk=first.pk), by=mt_technician)
    services.note_event_published(second)

    planned.refresh_from_db()
    done.refresh_from_db()
    assert (planned.status, done.status) == ("scheduled", "done")
