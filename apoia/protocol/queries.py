"""Who sees which requests: the one scoping function of the protocol app, and its getters."""

import secrets

from django.db.models import F, Q, QuerySet
from django.http import Http404

from apoia.accounts.models import OrgUnit, Role
from apoia.protocol.models import DeadlineState, EventKind, ServiceRequest
from apoia.protocol.numbering import normalize_protocol
from apoia.protocol.rules import OMBUDSMAN_KINDS, is_decider, is_staff_for, unit_scope

__all__ = ["OMBUDSMAN_KINDS", "can_decide", "is_staff_for"]
# The unit filter value for requests no unit holds yet.
NO_UNIT = "nenhuma"


def visible_to(user) -> QuerySet[ServiceRequest]:
    """Requests `user` may open: by role and scope, plus the ones they filed themselves."""
    rows = ServiceRequest.objects.select_related(
        "service", "option", "unit", "assignee", "municipality__state", "organization", "state"
    )
    if not user.is_authenticated:
        return rows.none()
    if user.has_role(Role.ADMIN):
        return rows
    scope = Q(requester=user)
    if user.has_role(Role.COORDINATOR):
        scope |= Q(unit_id__in=unit_scope(user, Role.COORDINATOR))
    if user.has_role(Role.TECHNICIAN):
        scope |= Q(assignee=user)
    if user.has_role(Role.OMBUDSMAN):
        # An ombudsman answers for the requests held by its own unit (and sub-units), in that
        # unit's state: not for every state's ombudsman and LAI requests.
        for unit in OrgUnit.objects.filter(pk__in=user.scope_ids(Role.OMBUDSMAN, "org_unit")):
            scope |= Q(unit_id__in=unit.descendant_ids(), state_id=unit.state_id)
    scope |= institution_q(user)
    return rows.filter(scope).distinct()


def institution_q(user) -> Q:
    """The requests `user`'s institutions filed (`rules.is_colleague`, as a filter): what the
    prefeitura itself filed, by any of its focal points (not what citizens or organizations of
    the town asked the state), and the requests linked to the user's organizations. Never an
    ombudsman manifestation or an LAI request: those are their filer's alone."""
    scope = Q(pk__in=[])
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        scope |= Q(
            municipality_id__in=municipalities,
            requester__memberships__role=Role.MUNICIPAL,
            requester__memberships__municipality_id__in=municipalities,
        )
    organizations = user.scope_ids(Role.ORGANIZATION, "organization")
    if organizations:
        scope |= Q(organization_id__in=organizations)
    return scope & ~Q(service__kind__in=OMBUDSMAN_KINDS)


def requested_by(user) -> QuerySet[ServiceRequest]:
    """The requests `user` follows as their requester party: the ones they filed and the ones
    their institutions filed (`institution_q`). What Meus pedidos lists, on the web and in the
    API; for someone without a staff role, everything `visible_to` them."""
    if not user.is_authenticated:
        return ServiceRequest.objects.none()
    return visible_to(user).filter(Q(requester=user) | institution_q(user))


def get_request_for(user, protocol: str) -> ServiceRequest:
    """The request with this protocol number if `user` may see it; 404 otherwise."""
    number = normalize_protocol(protocol)
    if number is None:
        raise Http404
    try:
        return visible_to(user).get(protocol=number)
    except ServiceRequest.DoesNotExist as exc:
        raise Http404 from exc


def find_by_access_code(protocol: str, access_code: str) -> ServiceRequest | None:
    """Public tracking: the request when both the number and its access code match."""
    number = normalize_protocol(protocol)
    if number is None:
        return None
    req = (
        ServiceRequest.objects.select_related("service", "option", "unit", "state", "municipality")
        .filter(protocol=number)
        .first()
    )
    code = (access_code or "").strip().upper()
    if req is None or not secrets.compare_digest(req.access_code, code):
        return None
    return req


def can_see_requester(user, req: ServiceRequest) -> bool:
    """THE rule of who may see who asked: the requester's name, e-mail, CPF or CNPJ and phone,
    the account that filed it, and the organization (linked or only typed). Every surface (the
    staff page and its timeline, the API, the exports, the receipt, the admin, Open311) asks it.

    - An anonymous manifestation: nobody, ever. Nothing is stored, and whatever an older version
      stored (an actor on the "submitted" event) is not shown either.
    - An ombudsman manifestation (Lei 13.460/2017, art. 10, § 7: the identity is personal
      information with restricted access) and an access-to-information request (Lei
      12.527/2011, art. 31: personal information is reachable only by the agents legally in
      charge and by the person; and, art. 10, § 3, nobody may ask why they want it, so the unit
      that answers has no need to know who asks): the requester themself, and an ombudsman whose
      membership unit, or a unit below it, holds the request, in the request's state. Not the
      administrator, not a coordinator of the ombudsman unit or above it, not another unit's or
      another state's ombudsman.
    - Any other request: whoever may see the request (the caller has checked that).
    """
    if req.is_anonymous:
        return False
    if req.service.kind not in OMBUDSMAN_KINDS:
        return True
    if user is None or not user.is_authenticated:
        return False
    if req.requester_id is not None and req.requester_id == user.pk:
        return True
    if req.unit_id is None or not user.has_role(Role.OMBUDSMAN):
        return False
    return req.unit_id in _ombudsman_units(user) and req.unit.state_id == req.state_id


def _ombudsman_units(user) -> set[int]:
    # Asked once per row by the exports: kept on the user object, which lives for one request.
    if not hasattr(user, "_apoia_ombudsman_units"):
        user._apoia_ombudsman_units = unit_scope(user, Role.OMBUDSMAN)
    return user._apoia_ombudsman_units


def requester_visible_q(user) -> Q:
    """`can_see_requester` as a filter: the rows whose requester `user` may see (the queue's
    search by name must not find a protected requester for whoever may not see them)."""
    allowed = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        allowed = Q(requester=user)
        if user.has_role(Role.OMBUDSMAN):
            allowed |= Q(unit_id__in=_ombudsman_units(user), unit__state_id=F("state_id"))
    return Q(is_anonymous=False) & (~Q(service__kind__in=OMBUDSMAN_KINDS) | allowed)


# What only the requester does: whoever did it stands for the requester on every timeline.
REQUESTER_EVENT_KINDS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.REQUESTER_MESSAGE,
        EventKind.DOCUMENT,
        EventKind.RATED,
        EventKind.REOPENED,
        EventKind.APPEALED,
    }
)


def acts_as_requester(event, req: ServiceRequest) -> bool:
    """Whether the event's actor is the requester, to be named only where `can_see_requester`.

    Besides the requester's own kinds of event, a requester's account may appear on others
    (the clock resumed by their reply). On an anonymous request the account is unknown, so any
    actor without a staff role is taken for the filer."""
    if event.kind in REQUESTER_EVENT_KINDS:
        return True
    if event.actor_id is None:
        return False
    if req.requester_id is not None and event.actor_id == req.requester_id:
        return True
    return req.is_anonymous and not event.actor.is_staff_member


# Kept for the callers that ask "is this the state acting?" (is_staff_for) or "the unit's
# authority?"; both answers come from the rules table's parties.
can_decide = is_decider


def public_events(req: ServiceRequest):
    return req.events.filter(is_internal=False).select_related("actor")


def deadline_window(uf: str | None = None) -> tuple:
    """Today and the last day still "due soon" (≤ 2 business days) in the site's state."""
    from django.conf import settings
    from django.utils import timezone

    from apoia.protocol.services import due_soon_limit

    today = timezone.localdate()
    return today, due_soon_limit(uf or settings.APOIA_STATE, today)


def filter_requests(
    rows,
    *,
    today,
    limit,
    status: str | None = None,
    deadline_state: str | None = None,
    service: str | None = None,
    municipality: int | None = None,
    unit: str | None = None,
):
    """Narrow a request queryset the way the queue and the API filter it.

    `status` may be "open" for every open status; `unit` may be "" for no filter or
    NO_UNIT for requests no unit holds yet.
    """
    if status == "open":
        rows = rows.open()
    elif status:
        rows = rows.filter(status=status)
    if deadline_state == DeadlineState.LATE:
        rows = rows.late(today)
    elif deadline_state == DeadlineState.DUE_SOON:
        rows = rows.due_soon(today, limit)
    elif deadline_state == DeadlineState.ON_TIME:
        rows = rows.on_time(limit)
    if service:
        rows = rows.filter(service__slug=service)
    if municipality is not None:
        rows = rows.filter(municipality_id=municipality)
    if unit == NO_UNIT:
        rows = rows.filter(unit__isnull=True)
    elif unit:
        rows = rows.filter(unit__slug=unit)
    return rows
