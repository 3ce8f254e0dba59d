"""E-mails of the request pipeline. Each function takes ids and runs after the commit."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from apoia.accounts.models import Membership, Role, User


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


def _send(recipients, template: str, context: dict) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"protocol/email/{template}.txt", context)
    subject, _, text = body.strip().partition("\n")
    send_mail(subject.strip(), text.strip() + "\n", None, recipients)


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


def _coordinator_emails(unit) -> list[str]:
    if unit is None:
        return list(
            User.objects.filter(memberships__role=Role.ADMIN, is_active=True).values_list(
                "email", flat=True
            )
        )
    ids = {unit.pk}
    parent = unit.parent
    while parent is not None:  # coordinators of the units above also answer for it
        ids.add(parent.pk)
        parent = parent.parent
    return list(
        Membership.objects.filter(
            role=Role.COORDINATOR, org_unit_id__in=ids, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _requester(req) -> list[str]:
    return [] if req.is_anonymous else [req.requester_email]


def _context(req, **extra) -> dict:
    return {
        "req": req,
        "tracking_url": tracking_url(req),
        "staff_url": staff_url(req),
        "site_url": settings.SITE_URL,
        **extra,
    }


def request_received(pk: int) -> None:
    req = _request(pk)
    _send(_requester(req), "receipt", _context(req))
    _send(_coordinator_emails(req.unit), "new_request", _context(req))


def request_rerouted(pk: int) -> None:
    req = _request(pk)
    _send(_coordinator_emails(req.unit), "new_request", _context(req, rerouted=True))


def request_decided(pk: int) -> None:
    req = _request(pk)
    _send(_requester(req), "decision", _context(req))


def request_assigned(pk: int) -> None:
    req = _request(pk)
    _send([req.assignee.email] if req.assignee else [], "assigned", _context(req))
    _send(_requester(req), "assigned_requester", _context(req))


def message_to_requester(event_pk: int) -> None:
    from apoia.protocol.models import TimelineEvent

    event = TimelineEvent.objects.select_related("request").get(pk=event_pk)
    req = _request(event.request_id)
    _send(_requester(req), "message", _context(req, event=event))


def requester_replied(event_pk: int) -> None:
    from apoia.protocol.models import TimelineEvent

    event = TimelineEvent.objects.get(pk=event_pk)
    req = _request(event.request_id)
    to = [req.assignee.email] if req.assignee else _coordinator_emails(req.unit)
    _send(to, "requester_replied", _context(req, event=event))


def request_concluded(pk: int) -> None:
    req = _request(pk)
    _send(_requester(req), "concluded", _context(req))


def request_reopened(pk: int) -> None:
    req = _request(pk)
    to = _coordinator_emails(req.unit) + ([req.assignee.email] if req.assignee else [])
    _send(to, "reopened", _context(req))


def request_appealed(pk: int) -> None:
    req = _request(pk)
    _send(_coordinator_emails(req.unit), "appealed", _context(req))


def deadline_digest(pks: list[int], today: dt.date) -> None:
    """One e-mail per person listing their due-soon and late requests."""
    from apoia.protocol.models import ServiceRequest

    per_person: dict[str, list] = defaultdict(list)
    rows = ServiceRequest.objects.filter(pk__in=pks).select_related(
        "unit__parent", "assignee", "service"
    )
    for req in rows.order_by("due_date"):
        people = set(_coordinator_emails(req.unit))
        if req.assignee:
            people.add(req.assignee.email)
        for email in people:
            per_person[email].append(req)
    for email, requests in per_person.items():
        late = [r for r in requests if r.due_date < today]
        soon = [r for r in requests if r.due_date >= today]
        _send(
            [email],
            "digest",
            {"late": late, "soon": soon, "today": today, "site_url": settings.SITE_URL},
        )
