"""The demo's strategic projects: two SED projects with goals met, in progress and late,
deliveries in every status with evidence files, dated from the load day, loaded once."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apoia.programs import queries_projects
from apoia.programs.demo_projects import load_demo_projects
from apoia.programs.models import Evidence, PlanDelivery, PlanStatus, Program

# Monday 2 March 2026, 09:00 in Campo Grande: the day the demo is loaded.
LOADED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("America/Campo_Grande"))
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo(state_ms, community_unit):
    with time_machine.travel(LOADED, tick=False):
        message = load_demo_projects()
        yield message


def test_two_approved_projects_of_sed(demo):
    projects = Program.objects.filter(kind="project").order_by("name")
    assert [p.name for p in projects] == [
        "Conectividade nas escolas",
        "Escola em Tempo Integral 2026",
    ]
    assert {p.managing_unit.acronym for p in projects} == {"SED"}
    for project in projects:
        plan = project.phases.get().plans.get()
        assert plan.adhesion is None
        assert plan.status == PlanStatus.APPROVED


def test_demo_deliveries_are_in_every_status_and_some_are_late(demo):
    rows = PlanDelivery.objects.filter(item__plan__adhesion__isnull=True)
    assert set(rows.values_list("status", flat=True)) == {
        "pending",
        "submitted",
        "returned",
        "validated",
    }
    assert rows.late(TODAY).count() == 2


def test_demo_goals_are_met_in_progress_and_late(demo):
    statuses = set()
    for project in Program.objects.filter(kind="project"):
        statuses |= {row.status for row in queries_projects.overview(project, TODAY)["goals"]}
    assert statuses == {"met", "in_progress", "late"}


def test_demo_evidence_files_match_their_hashes(demo):
    files = Evidence.objects.filter(delivery__item__plan__adhesion__isnull=True).exclude(file="")
    assert files.exists()
    for row in files:
        with row.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == row.sha256


def test_the_demo_is_loaded_once(demo):
    count = PlanDelivery.objects.count()
    with time_machine.travel(LOADED, tick=False):
        assert load_demo_projects() == "programs: projetos estratégicos ok"
    assert PlanDelivery.objects.count() == count


def test_the_demo_technician_sees_the_project_with_her_units_goal(demo, technician):
    assert [p.slug for p in queries_projects.projects_visible_to(technician)] == [
        "conectividade-nas-escolas"
    ]


def test_the_demo_projects_versions_are_dated_on_the_day_their_plan_was_approved(demo):
    from django.utils import timezone

    from apoia.programs.models import Plan

    for plan in Plan.objects.filter(adhesion__isnull=True):
        version = plan.versions.get(number=1)
        assert timezone.localdate(version.approved_at) == plan.approved_on
