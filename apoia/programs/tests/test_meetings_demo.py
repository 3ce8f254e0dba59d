"""The demo's monitoring meetings: a held one with its agenda stored, decisions and tasks in
three states, and a scheduled one with every adhered municipality; loading twice adds none."""

import datetime as dt

import time_machine
from django.core.management import call_command

from apoia.followup.models import Task
from apoia.programs.models import Meeting, MeetingStatus
from apoia.programs.tests.conftest import CAMPO_GRANDE_TZ


def load(settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.programs.demo import ensure_program

    ensure_program()
    call_command("load_demo", verbosity=0)


def test_the_demo_holds_one_meeting_and_schedules_the_next_with_every_adhered_municipality(
    ms_seeds, settings
):
    with time_machine.travel(dt.datetime(2026, 3, 18, 10, tzinfo=CAMPO_GRANDE_TZ), tick=False):
        load(settings)
        call_command("load_demo", verbosity=0)

    held, scheduled = (
        Meeting.objects.get(status=MeetingStatus.HELD),
        Meeting.objects.get(status=MeetingStatus.SCHEDULED),
    )
    assert Meeting.objects.count() == 2
    assert held.agenda_snapshot is not None
    assert any(row["late"] or row["returned"] for row in held.agenda_snapshot)
    assert 5002704 in held.invited.values_list("pk", flat=True)
    assert scheduled.invited.count() == 52
    today = dt.date(2026, 3, 18)
    states = sorted("late" if t.is_late(today) else t.status for t in Task.objects.all())
    assert states == ["done", "late", "open"]
