"""E-mails go through a task after the commit: a mail server that is down costs the requester
nothing, the e-mail is tried again, and a lost one is logged and shown to staff."""

import json
import logging
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks.backends.dummy import DummyBackend

from apoia.protocol import notifications, services, tasks
from apoia.protocol.models import EventKind, ServiceRequest
from apoia.protocol.tests.conftest import local

HERE = "apoia.protocol.tests.test_notifications_tasks"
MARIA = "maria@example.org"


class MailServerDown(BaseEmailBackend):
    """Every send fails the way smtplib does when the server drops the connection."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class FailsOnce(LocmemBackend):
    """The first send of the test fails; the next ones reach mail.outbox."""

    failed = False

    def send_messages(self, messages):
        if not FailsOnce.failed:
            FailsOnce.failed = True
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class MailServerHangs(BaseEmailBackend):
    """Every send waits for EMAIL_TIMEOUT and gives up, as smtplib does with no answer."""

    calls = 0

    def send_messages(self, messages):
        MailServerHangs.calls += 1
        raise TimeoutError("timed out")


class QueueDown(DummyBackend):
    """A task backend whose queue cannot be reached."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionRefusedError("queue unreachable")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{HERE}.MailServerDown"


@pytest.fixture
def worker_backend(settings):
    """A backend that runs tasks later (it keeps them): the retries are deferred."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def form(service) -> dict:
    return {
        "option": service.options.get(slug="formacao-capacitacao").pk,
        "name": "Maria da Silva",
        "email": MARIA,
        "document": "529.982.247-25",
        "municipality": 5002704,
        "description": "Pedimos uma formação para a diretoria da associação.",
    }


def api_body() -> str:
    return json.dumps(
        {
            "service": "orientacao-associacoes-comunitarias",
            "option": "formacao-capacitacao",
            "requester": {"name": "Maria da Silva", "email": MARIA, "document": "529.982.247-25"},
            "description": "Pedimos uma formação para a diretoria da associação.",
        }
    )


def submit_on_the_web(client, service, capture):
    with capture(execute=True):
        return client.post(reverse("protocol:submit", args=[service.slug]), form(service))


def failures(req):
    return list(req.events.filter(kind=EventKind.NOTIFICATION_FAILED))


# --- the requester always gets the receipt -----------------------------------------------------
# These two commit for real, so the e-mails run inside the request as they do on the site.


def test_with_the_mail_server_down_a_web_submission_still_redirects_to_its_receipt(
    transactional_db, client, community_service, mail_server_down
):
    response = client.post(
        reverse("protocol:submit", args=[community_service.slug]), form(community_service)
    )

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("protocol:receipt", args=[req.protocol_slug])
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert req.protocol in receipt.content.decode()


def test_with_the_mail_server_down_an_api_submission_still_answers_201_with_its_number(
    transactional_db, client, community_service, mail_server_down
):
    response = client.post("/api/v1/requests", api_body(), content_type="application/json")

    req = ServiceRequest.objects.get()
    assert response.status_code == 201
    assert response.json()["protocol"] == req.protocol
    assert [e.data["letter"] for e in failures(req)] == ["receipt"]


def test_a_task_queue_that_cannot_be_reached_does_not_fail_the_submission(
    client, community_service, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": f"{HERE}.QueueDown"}}

    response = submit_on_the_web(client, community_service, django_capture_on_commit_callbacks)

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert [(e.data["letter"], e.data["error"]) for e in failures(req)] == [
        ("receipt", "ConnectionRefusedError"),
        ("new_request", "ConnectionRefusedError"),
    ]


# --- a lost e-mail is recorded for staff, and logged ---------------------------------------------


def test_a_lost_e_mail_is_an_internal_event_on_the_staff_page_only(
    client,
    community_service,
    coordinator,
    sign_in,
    mail_server_down,
    django_capture_on_commit_callbacks,
):
    submit_on_the_web(client, community_service, django_capture_on_commit_callbacks)
    req = ServiceRequest.objects.get()
    text = (
        "O e-mail “recibo ao demandante” não foi enviado: 2 tentativa(s) falharam "
        "(SMTPServerDisconnected)."
    )

    tracking = client.get(reverse("protocol:track_detail", args=[req.protocol_slug]))
    tracking_api = Client().get(
        f"/api/v1/requests/{req.protocol_slug}", HTTP_X_ACCESS_CODE=req.access_code
    )
    open311 = Client().get("/open311/v2/requests.json")
    staff = sign_in(coordinator).get(req.get_absolute_url())

    [event, to_coordinators] = failures(req)
    assert (event.text, event.is_internal, event.actor) == (text, True, None)
    assert event.data == {"letter": "receipt", "attempts": 2, "error": "SMTPServerDisconnected"}
    assert to_coordinators.data["letter"] == "new_request"
    assert tracking.status_code == 200
    assert "notification_failed" not in tracking.content.decode()
    assert "recibo ao demandante" not in tracking.content.decode()
    assert [e["kind"] for e in tracking_api.json()["timeline"]] == ["submitted", "routed"]
    assert open311.status_code == 200
    assert "recibo ao demandante" not in open311.content.decode()
    assert 'data-event="notification_failed" data-internal="true"' in staff.content.decode()
    assert text in staff.content.decode()


def test_a_lost_e_mail_is_logged_with_ids_and_the_error_class_and_no_address(
    submit, mail_server_down, caplog
):
    req = submit(received_at=local("2026-11-19T15:30"))

    with caplog.at_level(logging.WARNING, logger="apoia.notifications"):
        notifications.request_decided(req.pk)

    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            "E-mail decision, attempt 1 failed: SMTPServerDisconnected "
            f"(ids {{'request': {req.pk}}})",
        ),
        (
            "ERROR",
            f"E-mail decision not sent after 2 attempt(s): SMTPServerDisconnected "
            f"(ids {{'request': {req.pk}}}, requests [{req.pk}])",
        ),
    ]
    assert MARIA not in caplog.text


# --- retries -------------------------------------------------------------------------------------


def test_an_e_mail_that_fails_once_is_sent_on_the_second_attempt_exactly_once(
    submit, coordinator, settings, django_capture_on_commit_callbacks
):
    FailsOnce.failed = False
    settings.EMAIL_BACKEND = f"{HERE}.FailsOnce"
    req = submit(received_at=local("2026-11-19T15:30"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(req, accepted=True, by=coordinator)

    assert FailsOnce.failed is True
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([MARIA], f"Protocolo {req.protocol} — pedido aceito")
    ]
    assert failures(req) == []


def test_a_mail_server_that_does_not_answer_is_not_asked_again_while_the_requester_waits(
    submit, settings
):
    MailServerHangs.calls = 0
    settings.EMAIL_BACKEND = f"{HERE}.MailServerHangs"
    req = submit(received_at=local("2026-11-19T15:30"))

    notifications.request_concluded(req.pk)

    assert MailServerHangs.calls == 1
    assert [e.data for e in failures(req)] == [
        {"letter": "concluded", "attempts": 1, "error": "TimeoutError"}
    ]


def test_the_task_takes_the_letter_and_ids_and_is_enqueued_once_per_letter(
    submit, worker_backend, mailoutbox
):
    req = submit(received_at=local("2026-11-19T15:30"))

    notifications.request_received(req.pk)

    assert [(r.task.name, r.args) for r in worker_backend.results] == [
        ("send_email", ["receipt", {"request": req.pk}, 1]),
        ("send_email", ["new_request", {"request": req.pk}, 1]),
    ]
    assert mailoutbox == []  # a worker sends them, later


def test_with_a_worker_a_failed_attempt_is_enqueued_again_a_minute_later(
    submit, worker_backend, mail_server_down
):
    req = submit(received_at=local("2026-11-19T15:30"))

    with time_machine.travel(local("2026-11-19T16:00"), tick=False):
        sent = tasks.send_email.call("receipt", {"request": req.pk}, 1)

    [retry] = worker_backend.results
    assert sent is False
    assert retry.args == ["receipt", {"request": req.pk}, 2]
    assert retry.task.run_after == local("2026-11-19T16:01")
    assert failures(req) == []


def test_with_a_worker_the_third_attempt_waits_an_hour_and_the_fourth_failure_is_final(
    submit, worker_backend, mail_server_down
):
    req = submit(received_at=local("2026-11-19T15:30"))

    with time_machine.travel(local("2026-11-19T16:00"), tick=False):
        tasks.send_email.call("receipt", {"request": req.pk}, 3)
        tasks.send_email.call("receipt", {"request": req.pk}, 4)

    [retry] = worker_backend.results
    assert (retry.args[2], retry.task.run_after) == (4, local("2026-11-19T17:00"))
    assert [e.data for e in failures(req)] == [
        {"letter": "receipt", "attempts": 4, "error": "SMTPServerDisconnected"}
    ]


def test_an_e_mail_about_a_request_deleted_meanwhile_is_dropped_quietly(submit, mail_server_down):
    req = submit(received_at=local("2026-11-19T15:30"))
    pk = req.pk
    req.delete()

    assert tasks.send_email.call("receipt", {"request": pk}, 1) is True


def test_an_smtp_server_that_does_not_answer_holds_a_page_for_10_seconds_at_most(settings):
    from django.core.mail import get_connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert get_connection().timeout == 10
