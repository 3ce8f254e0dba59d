"""The requests API's answers: a request as its requester sees it (tracking) and as staff
see it (detail, list rows), with the requester's identity only where the rule allows."""

import datetime as dt

from django.utils.translation import gettext as _

from apoia.protocol import queries, services
from apoia.protocol.models import (
    ServiceRequest,
)

# --- serializers -----------------------------------------------------------------------------


def _named(obj) -> dict | None:
    return {"slug": obj.slug, "name": obj.name} if obj is not None else None


def _decision(req: ServiceRequest) -> dict | None:
    if req.decided_at is None:
        return None
    accepted = not req.refusal_reason
    return {
        "accepted": accepted,
        "decided": req.decided_at,
        "reason": req.refusal_reason,
        "reason_label": req.get_refusal_reason_display() if req.refusal_reason else "",
        "justification": req.decision_justification,
        "redirect_unit": None if accepted else _named(req.redirect_unit),
        "redirect_service": None if accepted else _named(req.redirect_service),
    }


def _event(event) -> dict:
    return {
        "at": event.at,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "text": event.text,
    }


def tracking_view(req: ServiceRequest) -> dict:
    return {
        "view": "public",
        "protocol": req.protocol,
        "status": req.status,
        "status_label": req.get_status_display(),
        "service": _named(req.service),
        "option": _named(req.option),
        "unit": _named(req.unit),
        "received": req.received_at,
        "due": req.due_date,
        "extended": req.extended,
        "decision": _decision(req),
        "timeline": [_event(e) for e in queries.public_events(req)],
    }


def _person(user) -> dict | None:
    return {"email": user.email, "name": user.full_name} if user is not None else None


def _organization(req: ServiceRequest) -> dict | None:
    """The organization linked to the request, or the one its filer only typed."""
    if req.organization is not None:
        return {"name": req.organization.name, "cnpj": req.organization.cnpj}
    if req.organization_name or req.organization_cnpj:
        return {"name": req.organization_name, "cnpj": req.organization_cnpj}
    return None


def _staff_event(event, req: ServiceRequest, identity: bool) -> dict:
    if not identity and queries.acts_as_requester(event, req):
        actor = _("Demandante")
    else:
        actor = event.actor.full_name if event.actor else event.actor_label
    return {**_event(event), "internal": event.is_internal, "actor": actor}


def detail_view(req: ServiceRequest, user) -> dict:
    staff = queries.is_staff_for(user, req)
    events = req.events.select_related("actor")
    attachments = req.attachments.all()
    if not staff:
        events = events.filter(is_internal=False)
        attachments = attachments.filter(is_internal=False)
    identity = queries.can_see_requester(user, req)
    requester = organization = None
    if identity:
        requester = {
            "name": req.requester_name,
            "email": req.requester_email,
            "document": req.requester_document,
            "phone": req.requester_phone,
        }
        organization = _organization(req)
    municipality = req.municipality
    return {
        "view": "full",
        "protocol": req.protocol,
        "status": req.status,
        "status_label": req.get_status_display(),
        "channel": req.channel,
        "service": _named(req.service),
        "option": _named(req.option),
        "unit": _named(req.unit),
        "assignee": _person(req.assignee),
        "municipality": (
            {"ibge": municipality.ibge, "name": municipality.name} if municipality else None
        ),
        # The organization would tell who a protected requester is: identity too.
        "organization": organization,
        "anonymous": req.is_anonymous,
        "requester": requester,
        "subject": req.subject,
        "description": req.description,
        "suggested_dates": req.suggested_dates,
        "suggested_agenda": req.suggested_agenda,
        "received": req.received_at,
        "due": req.due_date,
        "original_due": req.original_due_date,
        "extended": req.extended,
        "deadline_state": services.deadline_state(req, *queries.deadline_window()) or None,
        "first_contact_due": req.first_contact_due,
        "decision": _decision(req),
        "outcome": req.outcome,
        "rating": req.rating,
        "rating_comment": req.rating_comment,
        "timeline": [_staff_event(e, req, identity) for e in events],
        "attachments": [
            {
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "uploaded": a.uploaded_at,
                "from_requester": a.from_requester,
                "internal": a.is_internal,
            }
            for a in attachments
        ],
    }


def fresh(req: ServiceRequest) -> ServiceRequest:
    """The request re-read with what the views show (a transition may have changed them)."""
    return (
        ServiceRequest.objects.select_related(
            "service",
            "option",
            "unit",
            "assignee",
            "municipality",
            "organization",
            "state",
            "redirect_unit",
            "redirect_service",
        )
    ).get(pk=req.pk)


def row(req: ServiceRequest, today: dt.date, limit: dt.date) -> dict:
    municipality = req.municipality
    return {
        "protocol": req.protocol,
        "service": _named(req.service),
        "status": req.status,
        "status_label": req.get_status_display(),
        "unit": _named(req.unit),
        "municipality": (
            {"ibge": municipality.ibge, "name": municipality.name} if municipality else None
        ),
        "assignee": _person(req.assignee),
        "received": req.received_at,
        "due": req.due_date,
        "deadline_state": services.deadline_state(req, today, limit) or None,
    }


def my_row(view) -> dict:
    """One request of Meus pedidos (`steps.RequesterView`)."""
    req = view.req
    return {
        "protocol": req.protocol,
        "service": _named(req.service),
        "option": _named(req.option),
        "status": req.status,
        "status_label": req.status_label,
        "received": req.received_at,
        "due": req.due_date,
        "deadline_state": view.deadline_state or None,
        "next_step": {"code": view.step.code, "label": view.step.label, "yours": view.step.yours},
        "actions": list(view.actions),
    }
