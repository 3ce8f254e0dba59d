"""Item 11 (plan part): the demo gives the 2022 MT plan its months and the outcome of the year,
and makes MT's plan of the current year with statuses as of today; loading twice changes
nothing, and the events demo then links its MT events to the current plan."""

import datetime as dt

import pytest
import time_machine

from apoia.agenda import demo_plan
from apoia.agenda.models import EntryStatus, Event, PlanEntry, SupportPlan
from apoia.agenda.tests.conftest import CUIABA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(agenda_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.accounts.demo import load_demo_accounts

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        load_demo_accounts()
        yield demo_plan.load()


def _statuses(year):
    entries = PlanEntry.objects.filter(plan__state__uf="MT", plan__year=year)
    return {s: entries.filter(status=s).count() for s in EntryStatus.values}


def test_the_demo_says_what_it_made(demo):
    assert demo == "agenda: plano MT 2022 com meses e situações; plano MT 2026 com 20 ações"


def test_the_2022_plan_was_mostly_done_with_two_cancellations_and_one_scheduled(demo):
    assert _statuses(2022) == {"planned": 0, "scheduled": 1, "done": 17, "cancelled": 2}
    cancelled = PlanEntry.objects.filter(plan__year=2022, status="cancelled")
    assert all(e.cancel_reason for e in cancelled)
    assert not PlanEntry.objects.filter(plan__year=2022, months=[]).exists()


def test_the_current_plan_has_its_act_in_february(demo):
    plan = SupportPlan.objects.get(state__uf="MT", year=2026)

    assert (plan.act, plan.act_date) == ("Resolução CIB/SUAS/MT nº 01/2026", dt.date(2026, 2, 20))
    assert plan.entries.count() == 20
    months = set()
    for entry in plan.entries.all():
        months.update(entry.months)
    assert months == set(range(1, 13))


def test_the_current_plans_statuses_follow_today(demo):
    assert _statuses(2026) == {"planned": 13, "scheduled": 3, "done": 3, "cancelled": 1}
    for entry in PlanEntry.objects.filter(plan__year=2026).exclude(status="cancelled"):
        if max(entry.months) < 3:
            assert entry.status == "done"
        elif min(entry.months) > 3:
            assert entry.status == "planned"
        else:
            assert entry.status == "scheduled"
    cancelled = PlanEntry.objects.get(plan__year=2026, status="cancelled")
    assert cancelled.cancel_reason.startswith("Substituído pelos horários")


def test_loading_twice_changes_nothing(demo):
    before = list(PlanEntry.objects.order_by("pk").values_list("pk", "status", "months"))

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        again = demo_plan.load()

    assert again == ""
    assert list(PlanEntry.objects.order_by("pk").values_list("pk", "status", "months")) == before
    assert SupportPlan.objects.count() == 2


def test_the_events_demo_links_its_mt_events_to_the_current_plan(demo):
    from apoia.agenda import demo_events
    from apoia.programs.demo import ensure_program

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        ensure_program()
        demo_events.load()

    linked = Event.objects.filter(plan_entry__plan__year=2026)
    assert linked.filter(state__uf="MT").count() >= 8
    assert not linked.filter(plan_entry__status="cancelled").exists()
    assert not PlanEntry.objects.filter(
        plan__year=2026, status="planned", events__status="published"
    ).exists()
