import datetime as dt

from django.core.management import call_command

from apoia.protocol import services
from apoia.protocol.models import ServiceRequest
from apoia.protocol.tests.conftest import local


def test_remind_e_mails_the_assignee_and_coordinator_about_late_and_due_soon_requests(
    submit, coordinator, technician, mailoutbox, django_capture_on_commit_callbacks
):
    late = submit(received_at=local("2026-11-02T10:00"))  # due 17/11/2026
    soon = submit(received_at=local("2026-11-18T10:00"))  # due 03/12/2026
    far = submit(received_at=local("2026-11-30T10:00"))  # due 14/12/2026
    with django_capture_on_commit_callbacks(execute=True):
        for req in (late, soon, far):
            services.decide(req, accepted=True, by=coordinator, assignee=technician)
    mailoutbox.clear()

    count = services.send_reminders(dt.date(2026, 12, 1))

    assert count == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {coordinator.email, technician.email}
    body = by_person[technician.email].body
    assert late.protocol in body.split("Vencem em até 2 dias úteis")[0]
    assert soon.protocol in body.split("Vencem em até 2 dias úteis")[1]
    assert far.protocol not in body


def test_remind_sends_once_a_day_even_when_run_twice(submit, coordinator, mailoutbox):
    submit(received_at=local("2026-11-02T10:00"))
    mailoutbox.clear()

    assert services.send_reminders(dt.date(2026, 12, 1)) == 1
    assert services.send_reminders(dt.date(2026, 12, 1)) == 0
    assert services.send_reminders(dt.date(2026, 12, 2)) == 1
    assert len(mailoutbox) == 2


def test_remind_command_reports_how_many(submit, coordinator, capsys):
    submit(received_at=local("2026-11-02T10:00"))

    call_command("remind", "--date", "2026-12-01")

    assert capsys.readouterr().out.strip() == "1 pedido(s) lembrado(s)."
    assert ServiceRequest.objects.get().reminded_on == dt.date(2026, 12, 1)


def test_concluded_requests_are_not_reminded(submit, coordinator, technician, mailoutbox):
    req = submit(received_at=local("2026-11-02T10:00"))
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.conclude(req, outcome="Feito.", by=technician)

    assert services.send_reminders(dt.date(2026, 12, 1)) == 0
