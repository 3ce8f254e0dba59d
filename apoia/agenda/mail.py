"""E-mails of the agenda, sent by a task after the commit, with ids (never objects).

A service calls `schedule("letter", **ids)` inside its transaction; the e-mail is enqueued on
commit, built from the database when the task runs, and retried like the protocol's (a worker
backend: 1 min, 10 min, 1 h later; the in-process backend: twice at once). A letter whose rows
no longer exist is dropped. Nothing here raises into the write that caused it.

Each area registers its letters with `@letter("name")` in its own module (mail_*.py), imported
by `hooks.register()`. A builder returns an `AgendaMail`, or None when there is nobody to
write to."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger("apoia.notifications")

IMMEDIATE_ATTEMPTS = 2
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10), dt.timedelta(hours=1))


@dataclass
class AgendaMail:
    recipients: list[str]
    template: str  # under templates/agenda/email/, .txt; its first line is the subject
    context: dict
    # (file name, bytes, MIME type), e.g. ("evento.ics", b"...", "text/calendar")
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)

    def send(self) -> None:
        recipients = sorted({r for r in self.recipients if r})
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(f"agenda/email/{self.template}.txt", self.context)
        subject, _sep, text = body.strip().partition("\n")
        message = EmailMessage(subject.strip(), text.strip() + "\n", None, recipients)
        for name, content, mimetype in self.attachments:
            message.attach(name, content, mimetype)
        message.send()


LETTERS: dict[str, Callable[[dict], AgendaMail | None]] = {}


def letter(name: str):
    def register(builder: Callable[[dict], AgendaMail | None]):
        LETTERS[name] = builder
        return builder

    return register


def deliver(name: str, ids: dict, attempt: int = 1) -> bool:
    deferred = send_agenda_mail.get_backend().supports_defer
    last = 1 + len(RETRY_DELAYS) if deferred else IMMEDIATE_ATTEMPTS
    while True:
        try:
            mail = LETTERS[name](ids)
            if mail is not None:
                mail.send()
            return True
        except ObjectDoesNotExist:
            logger.info("E-mail %s not sent: ids %s no longer exist", name, ids)
            return True
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server or template
            if attempt >= last or (not deferred and isinstance(exc, TimeoutError)):
                logger.error(
                    "E-mail %s not sent after %d attempt(s): %s (ids %s)",
                    name,
                    attempt,
                    type(exc).__name__,
                    ids,
                )
                return False
            attempt += 1
            if deferred:
                _enqueue(name, ids, attempt, timezone.now() + RETRY_DELAYS[attempt - 2])
                return False


@task()
def send_agenda_mail(name: str, ids: dict, attempt: int = 1) -> bool:
    return deliver(name, ids, attempt)


def _enqueue(name: str, ids: dict, attempt: int = 1, run_after=None) -> None:
    try:
        job = send_agenda_mail.using(run_after=run_after) if run_after else send_agenda_mail
        job.enqueue(name, ids, attempt)
    except Exception as exc:  # noqa: BLE001 - a refused enqueue is a lost e-mail, not an error
        logger.error("E-mail %s not enqueued: %s (ids %s)", name, type(exc).__name__, ids)


def schedule(name: str, **ids) -> None:
    """Send letter `name` once the current transaction commits (at once outside one)."""
    if name not in LETTERS:
        raise KeyError(name)
    transaction.on_commit(lambda: _enqueue(name, ids))
