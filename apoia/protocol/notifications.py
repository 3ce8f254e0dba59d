"""E-mails of the request pipeline, sent by a task after the commit.

The services call the public functions below (request_received, ...) from
`transaction.on_commit`, with ids. Each one enqueues one `tasks.send_email` per letter (one
e-mail to one audience); the task takes the letter's name and ids, reads the request when it
runs and sends the e-mail. Nothing here raises: a submission that was saved answers with its
receipt whatever the mail server does.

Retries. django-tasks has none, so the task counts its attempts:
- with a backend that runs tasks later in a worker (`supports_defer`), a failed attempt
  enqueues the next one 1 minute, 10 minutes, then 1 hour later: a mail server that is down
  gets over an hour to come back, and no worker is held while it does;
- with the in-process ImmediateBackend (the default) there is no later: the task runs inside
  the request that caused it, so it tries IMMEDIATE_ATTEMPTS times at once. That covers a
  dropped connection or a server restarting. A server that did not answer within
  EMAIL_TIMEOUT is not asked again at once (it will not answer the next second either), so a
  hung server costs the person waiting for the page EMAIL_TIMEOUT per e-mail, not more.
When the last attempt fails, the failure is logged (logger `apoia.notifications`: letter,
ids, attempts and the error class, never an address) and written on the request's timeline as
an internal event, which only staff see.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apoia.accounts.models import Membership, Role, User

logger = logging.getLogger("apoia.notifications")

IMMEDIATE_ATTEMPTS = 2
# Waits before the 2nd, 3rd and 4th attempts when a worker runs the tasks.
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=10), dt.timedelta(hours=1))


def tracking_url(req) -> str:
    """The request's tracking page, without its access code: an address ends up in access
    logs, browser histories and Referer headers, and QR codes are photographed. A browser that
    does not track the request yet is sent to the lookup form with the number filled in, and
    the e-mails and the receipt say the code in their text.

    (A signed one-time token in the link would still put a secret in those logs, and a
    requester opening the e-mail twice, or on a second device, would find it spent.)"""
    path = reverse("protocol:track_detail", args=[req.protocol_slug])
    return f"{settings.SITE_URL}{path}"


def staff_url(req) -> str:
    return f"{settings.SITE_URL}{req.get_absolute_url()}"


# --- what a letter reads from the database -----------------------------------------------------


def _request(pk):
    from apoia.protocol.models import ServiceRequest

    return ServiceRequest.objects.select_related(
        "service",
        "option",
        "unit",
        "assignee",
        "state",
        "municipality__state",
        "redirect_unit",
        "redirect_service",
    ).get(pk=pk)


def _event(pk):
    from apoia.protocol.models import TimelineEvent

    return TimelineEvent.objects.get(pk=pk)


def _coordinators(unit):
    """Who answers for a unit: its coordinators and those of the units above it (admins when
    the request has no unit yet)."""
    if unit is None:
        return User.objects.filter(memberships__role=Role.ADMIN, is_active=True).distinct()
    ids = {unit.pk}
    parent = unit.parent
    while parent is not None:
        ids.add(parent.pk)
        parent = parent.parent
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            role=Role.COORDINATOR, org_unit_id__in=ids, user__is_active=True
        ).values("user_id")
    )


def _coordinator_emails(unit) -> list[str]:
    return list(_coordinators(unit).values_list("email", flat=True))


def _requester(req) -> list[str]:
    return [] if req.is_anonymous else [req.requester_email]


def _assignee(req) -> list[str]:
    return [req.assignee.email] if req.assignee else []


def _context(req, **extra) -> dict:
    return {
        "req": req,
        "tracking_url": tracking_url(req),
        "staff_url": staff_url(req),
        "site_url": settings.SITE_URL,
        **extra,
    }


@dataclass
class Mail:
    """One e-mail, ready to send, and the requests it is about (for the failure record)."""

    recipients: list[str]
    template: str
    context: dict
    request_ids: list[int] = field(default_factory=list)

    def send(self) -> None:
        recipients = sorted({r for r in self.recipients if r})
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(f"protocol/email/{self.template}.txt", self.context)
        subject, _sep, text = body.strip().partition("\n")
        send_mail(subject.strip(), text.strip() + "\n", None, recipients)


def _about(req, recipients, template, **extra) -> Mail:
    return Mail(recipients, template, _context(req, **extra), [req.pk])


def _digest(ids: dict) -> Mail:
    from apoia.protocol import hooks
    from apoia.protocol.models import ServiceRequest

    today = dt.date.fromisoformat(ids["today"])
    rows = list(
        ServiceRequest.objects.filter(pk__in=ids["requests"])
        .select_related("unit", "assignee", "service")
        .order_by("due_date")
    )
    with translation.override(settings.LANGUAGE_CODE):
        sections = hooks.render_digest_sections(ids.get("sections") or {}, today)
    return Mail(
        [User.objects.get(pk=ids["user"]).email] if rows or sections else [],
        "digest",
        {
            "late": [r for r in rows if r.due_date < today],
            "soon": [r for r in rows if r.due_date >= today],
            "sections": sections,
            "today": today,
            "site_url": settings.SITE_URL,
        },
        [r.pk for r in rows],
    )


@dataclass(frozen=True)
class Letter:
    label: str  # names the e-mail on the timeline when it could not be sent
    build: Callable[[dict], Mail]


def _on_request(recipients, template, **extra) -> Callable[[dict], Mail]:
    def build(ids: dict) -> Mail:
        req = _request(ids["request"])
        return _about(req, recipients(req), template, **extra)

    return build


def _on_event(recipients, template) -> Callable[[dict], Mail]:
    def build(ids: dict) -> Mail:
        event = _event(ids["event"])
        req = _request(event.request_id)
        return _about(req, recipients(req), template, event=event)

    return build


def _staff_of(req) -> list[str]:
    return _assignee(req) or _coordinator_emails(req.unit)


LETTERS: dict[str, Letter] = {
    "receipt": Letter(gettext_noop("recibo ao demandante"), _on_request(_requester, "receipt")),
    "new_request": Letter(
        gettext_noop("aviso de novo pedido à coordenação"),
        _on_request(lambda req: _coordinator_emails(req.unit), "new_request"),
    ),
    "rerouted": Letter(
        gettext_noop("aviso de pedido redirecionado à coordenação"),
        _on_request(lambda req: _coordinator_emails(req.unit), "new_request", rerouted=True),
    ),
    "decision": Letter(gettext_noop("decisão ao demandante"), _on_request(_requester, "decision")),
    "assigned": Letter(gettext_noop("designação ao técnico"), _on_request(_assignee, "assigned")),
    "assigned_requester": Letter(
        gettext_noop("aviso de técnico designado ao demandante"),
        _on_request(_requester, "assigned_requester"),
    ),
    "message": Letter(gettext_noop("mensagem ao demandante"), _on_event(_requester, "message")),
    "requester_replied": Letter(
        gettext_noop("resposta do demandante à equipe"),
        _on_event(_staff_of, "requester_replied"),
    ),
    "concluded": Letter(
        gettext_noop("conclusão ao demandante"), _on_request(_requester, "concluded")
    ),
    "reopened": Letter(
        gettext_noop("aviso de reabertura à equipe"),
        _on_request(lambda req: _coordinator_emails(req.unit) + _assignee(req), "reopened"),
    ),
    "appealed": Letter(
        gettext_noop("aviso de recurso à coordenação"),
        _on_request(lambda req: _coordinator_emails(req.unit), "appealed"),
    ),
    "digest": Letter(gettext_noop("lembrete de prazos"), _digest),
}


# --- sending, retrying, giving up --------------------------------------------------------------


def _request_ids(ids: dict) -> list[int]:
    if "requests" in ids:
        return list(ids["requests"])
    if "request" in ids:
        return [ids["request"]]
    from apoia.protocol.models import TimelineEvent

    return list(TimelineEvent.objects.filter(pk=ids["event"]).values_list("request_id", flat=True))


def _record_failure(letter: str, ids: dict, attempts: int, exc: BaseException) -> None:
    """Log and write on each request's timeline, for staff only, that an e-mail was lost."""
    from apoia.protocol.models import EventKind, TimelineEvent

    error = type(exc).__name__
    try:
        request_ids = _request_ids(ids)
    except Exception:  # noqa: BLE001 - the log line below still says which ids
        request_ids = []
    logger.error(
        "E-mail %s not sent after %d attempt(s): %s (ids %s, requests %s)",
        letter,
        attempts,
        error,
        ids,
        request_ids,
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "O e-mail “%(letter)s” não foi enviado: %(attempts)s tentativa(s) falharam (%(error)s)."
        ) % {"letter": _(LETTERS[letter].label), "attempts": attempts, "error": error}
    try:
        TimelineEvent.objects.bulk_create(
            TimelineEvent(
                request_id=pk,
                at=timezone.now(),
                kind=EventKind.NOTIFICATION_FAILED,
                text=text,
                is_internal=True,
                data={"letter": letter, "attempts": attempts, "error": error},
            )
            for pk in request_ids
        )
    except Exception as db_exc:  # noqa: BLE001 - the log line above is the record left
        logger.error(
            "E-mail %s: the failure could not be recorded: %s", letter, type(db_exc).__name__
        )


def deliver(letter: str, ids: dict, attempt: int = 1) -> bool:
    """The task's body: build the e-mail from the database and send it, retrying as the module
    docstring says. True when it was sent (or had no one to go to)."""
    from apoia.protocol import tasks

    deferred = tasks.send_email.get_backend().supports_defer
    last = 1 + len(RETRY_DELAYS) if deferred else IMMEDIATE_ATTEMPTS
    while True:
        try:
            LETTERS[letter].build(ids).send()
            return True
        except ObjectDoesNotExist:
            logger.info("E-mail %s not sent: ids %s no longer exist", letter, ids)
            return True
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server or template
            if attempt >= last or (not deferred and isinstance(exc, TimeoutError)):
                _record_failure(letter, ids, attempt, exc)
                return False
            logger.warning(
                "E-mail %s, attempt %d failed: %s (ids %s)",
                letter,
                attempt,
                type(exc).__name__,
                ids,
            )
            attempt += 1
            if deferred:
                _enqueue(letter, ids, attempt, run_after=timezone.now() + RETRY_DELAYS[attempt - 2])
                return False


def _enqueue(letter: str, ids: dict, attempt: int = 1, run_after=None) -> None:
    """Hand an e-mail to the task backend; a backend that refuses it is a failed e-mail too,
    never an error for whoever triggered it."""
    from apoia.protocol import tasks

    try:
        task = tasks.send_email.using(run_after=run_after) if run_after else tasks.send_email
        task.enqueue(letter, ids, attempt)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        _record_failure(letter, ids, attempt, exc)


def _schedule(*letters: str, **ids) -> None:
    for letter in letters:
        _enqueue(letter, ids)


# --- what the services call (after commit, with ids) -------------------------------------------


def request_received(pk: int) -> None:
    _schedule("receipt", "new_request", request=pk)


def request_rerouted(pk: int) -> None:
    _schedule("rerouted", request=pk)


def request_decided(pk: int) -> None:
    _schedule("decision", request=pk)


def request_assigned(pk: int) -> None:
    _schedule("assigned", "assigned_requester", request=pk)


def message_to_requester(event_pk: int) -> None:
    _schedule("message", event=event_pk)


def requester_replied(event_pk: int) -> None:
    _schedule("requester_replied", event=event_pk)


def request_concluded(pk: int) -> None:
    _schedule("concluded", request=pk)


def request_reopened(pk: int) -> None:
    _schedule("reopened", request=pk)


def request_appealed(pk: int) -> None:
    _schedule("appealed", request=pk)


def deadline_digest(pks: list[int], today: dt.date, sections: dict | None = None) -> None:
    """One e-mail per person listing their due-soon and late requests, and the lines other
    apps' digest sections collected for them ({person id: {section key: payload}})."""
    from apoia.protocol.models import ServiceRequest

    sections = sections or {}
    try:
        per_person: dict[int, list[int]] = defaultdict(list)
        rows = ServiceRequest.objects.filter(pk__in=pks).select_related("unit__parent")
        for req in rows.order_by("due_date"):
            people = set(_coordinators(req.unit).values_list("pk", flat=True))
            if req.assignee_id:
                people.add(req.assignee_id)
            for person in people:
                per_person[person].append(req.pk)
    except Exception as exc:  # noqa: BLE001 - the reminders were claimed; say none went out
        _record_failure("digest", {"requests": list(pks), "today": today.isoformat()}, 1, exc)
        return
    for person in sorted(set(per_person) | set(sections)):
        extra = {"sections": sections[person]} if person in sections else {}
        _schedule(
            "digest",
            user=person,
            requests=per_person.get(person, []),
            today=today.isoformat(),
            **extra,
        )
