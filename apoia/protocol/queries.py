"""Who sees which requests: the one scoping function of the protocol app, and its getters."""

import secrets

from django.db.models import Q, QuerySet
from django.http import Http404

from apoia.accounts.models import OrgUnit, Role
from apoia.protocol.models import DeadlineState, ServiceRequest
from apoia.protocol.numbering import normalize_protocol

OMBUDSMAN_KINDS = ("ombudsman", "information_request")
# The unit filter value for requests no unit holds yet.
NO_UNIT = "nenhuma"


def _unit_ids(user, role: str) -> set[int]:
    ids: set[int] = set()
    for unit in OrgUnit.objects.filter(pk__in=user.scope_ids(role, "org_unit")):
        ids |= unit.descendant_ids()
    return ids


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
        scope |= Q(unit_id__in=_unit_ids(user, Role.COORDINATOR))
    if user.has_role(Role.TECHNICIAN):
        scope |= Q(assignee=user)
    if user.has_role(Role.OMBUDSMAN):
        scope |= Q(service__kind__in=OMBUDSMAN_KINDS) | Q(
            unit_id__in=_unit_ids(user, Role.OMBUDSMAN)
        )
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        # What the prefeitura itself filed, by any of its focal points; not what citizens or
        # organizations of the town asked the state.
        scope |= Q(
            municipality_id__in=municipalities,
            requester__memberships__role=Role.MUNICIPAL,
            requester__memberships__municipality_id__in=municipalities,
        )
    organizations = user.scope_ids(Role.ORGANIZATION, "organization")
    if organizations:
        scope |= Q(organization_id__in=organizations)
    return rows.filter(scope).distinct()


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
    """Ombudsman requesters are known only to the ombudsman role (Lei 13.460/2017, art. 10)."""
    if req.is_anonymous:
        return False
    if req.service.kind != "ombudsman":
        return True
    return user.is_authenticated and (user.has_role(Role.OMBUDSMAN) or req.requester_id == user.pk)


def is_staff_for(user, req: ServiceRequest) -> bool:
    """Acts on the request as the state (not as its requester)."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if req.assignee_id == user.pk:
        return True
    if user.has_role(Role.COORDINATOR) and req.unit_id in _unit_ids(user, Role.COORDINATOR):
        return True
    return user.has_role(Role.OMBUDSMAN) and req.service.kind in OMBUDSMAN_KINDS


def can_decide(user, req: ServiceRequest) -> bool:
    """Coordinators of the request's unit (and admins, ombudsman for its services) decide."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if user.has_role(Role.COORDINATOR) and req.unit_id in _unit_ids(user, Role.COORDINATOR):
        return True
    return user.has_role(Role.OMBUDSMAN) and req.service.kind in OMBUDSMAN_KINDS


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
