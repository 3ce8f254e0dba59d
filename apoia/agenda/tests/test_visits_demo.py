"""Item 11: the visits demo — an MT proposal for this year from a priority list made from the
reference indicator values, trips of up to three, accepted visits (one past, with its report
and tasks), one dropped; loading twice adds nothing."""

import pytest

from apoia.agenda.models import ProposalStatus, VisitPlan, VisitReport
from apoia.followup.models import Task

pytestmark = pytest.mark.django_db


def test_the_demo_proposes_mt_visits_with_a_report_and_tasks(agenda_seeds, mt_morning):
    from apoia.accounts.demo import load_demo_accounts
    from apoia.agenda import demo_visits
    from apoia.indicators.reference import load_indicators

    load_indicators()
    load_demo_accounts()

    line = demo_visits.load()

    plan = VisitPlan.objects.get()
    assert line.startswith("agenda: ")
    assert (plan.state.uf, plan.year, plan.ranking.name) == ("MT", 2026, "Pobreza e renda — MT")
    statuses = list(plan.proposals.values_list("status", flat=True))
    assert len(statuses) == 8
    assert statuses.count(ProposalStatus.ACCEPTED) == 3
    assert statuses.count(ProposalStatus.DROPPED) == 1
    assert max(plan.proposals.values_list("trip", flat=True)) >= 2
    report = VisitReport.objects.get()
    assert report.findings.count() == 3
    assert Task.objects.count() == 2
    assert demo_visits.load() == ""
    assert VisitPlan.objects.count() == 1
