"""Who may see and change regularization checklists (extends `apoia.society.queries`).

- The staff of the organization's state (coordinators and technicians; admins everywhere) see
  and change every item; they open checklists.
- The organization's representatives see its checklist and mark items as sent.
- Anyone else: the checklist does not exist for them (404).
"""

import datetime as dt

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404

from apoia.accounts.models import Organization
from apoia.society.models.regularization import Checklist, ChecklistItem, ItemStatus
from apoia.society.queries import (
    is_society_staff,
    may_manage_organization,
    represented_organization_ids,
    represents,
    staff_state_ids,
)

EXPIRY_WARNING_DAYS = 30
REGULARIZATION_OPTION = "apoio-regularizacao-osc"


def may_see_checklist(user, organization: Organization) -> bool:
    return may_manage_organization(user, organization) or represents(user, organization)


def may_edit_checklist(user, organization: Organization) -> bool:
    """Staff change any item; a representative only marks items as sent."""
    return may_manage_organization(user, organization)


def may_open_checklists(user) -> bool:
    return is_society_staff(user)


def _checklists() -> QuerySet[Checklist]:
    return Checklist.objects.select_related("organization__municipality__state", "opened_by")


def managed_checklists(user) -> QuerySet[Checklist]:
    ids = staff_state_ids(user)
    if ids is None:
        return _checklists()
    return _checklists().filter(organization__municipality__state_id__in=ids)


def visible_checklists(user) -> QuerySet[Checklist]:
    """Those of the user's states (staff) and of the organizations they represent."""
    ids = staff_state_ids(user)
    if ids is None:
        return _checklists()
    return _checklists().filter(
        Q(organization__municipality__state_id__in=ids)
        | Q(organization_id__in=represented_organization_ids(user))
    )


def get_visible_checklist(user, pk) -> Checklist:
    try:
        return visible_checklists(user).get(pk=pk)
    except (Checklist.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_visible_organization(user, pk) -> Organization:
    """The organization whose checklist page the user may open, or 404."""
    try:
        organization = Organization.objects.select_related("municipality__state").get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not may_see_checklist(user, organization):
        raise Http404
    return organization


def current_items(checklist: Checklist) -> QuerySet[ChecklistItem]:
    """The items of requirements still in use, in the admins' order."""
    return checklist.items.filter(requirement__active=True).select_related("requirement")


def expires_within(today: dt.date, days: int) -> Q:
    """Items (valid or sent) whose expiry falls between today and today + days."""
    return Q(
        status__in=(ItemStatus.VALID, ItemStatus.SENT),
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=days),
    )


def _pending(prefix: str, today: dt.date) -> Q:
    """Missing, expired, or valid past its expiry date."""
    p = prefix
    return Q(**{f"{p}status__in": (ItemStatus.MISSING, ItemStatus.EXPIRED)}) | Q(
        **{f"{p}status": ItemStatus.VALID, f"{p}expires_on__lt": today}
    )


def _valid(prefix: str, today: dt.date) -> Q:
    p = prefix
    return Q(**{f"{p}status": ItemStatus.VALID}) & (
        Q(**{f"{p}expires_on__isnull": True}) | Q(**{f"{p}expires_on__gte": today})
    )


def with_counts(qs: QuerySet[Checklist], today: dt.date) -> QuerySet[Checklist]:
    """Annotates total, valid, pending and next_expiry (of the requirements in use)."""
    active = Q(items__requirement__active=True)
    return qs.annotate(
        total=Count("items", filter=active),
        valid=Count("items", filter=active & _valid("items__", today)),
        pending=Count("items", filter=active & _pending("items__", today)),
        next_expiry=Min(
            "items__expires_on",
            filter=active
            & Q(
                items__status__in=(ItemStatus.VALID, ItemStatus.SENT),
                items__expires_on__gte=today,
            ),
        ),
    )


def filter_checklists(
    qs: QuerySet[Checklist],
    *,
    today: dt.date,
    expiring: bool = False,
    pending: bool = False,
    municipality: int | None = None,
    expiring_within: int | None = None,
) -> QuerySet[Checklist]:
    if expiring and expiring_within is None:
        expiring_within = EXPIRY_WARNING_DAYS
    if expiring_within is not None:
        soon = ChecklistItem.objects.filter(
            expires_within(today, expiring_within),
            checklist=OuterRef("pk"),
            requirement__active=True,
        )
        qs = qs.filter(Exists(soon))
    if pending:
        late = ChecklistItem.objects.filter(
            _pending("", today), checklist=OuterRef("pk"), requirement__active=True
        )
        qs = qs.filter(Exists(late))
    if municipality:
        qs = qs.filter(organization__municipality_id=municipality)
    return qs


def is_regularization_request(req) -> bool:
    option = getattr(req, "option", None)
    return option is not None and option.slug == REGULARIZATION_OPTION
