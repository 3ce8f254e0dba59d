"""Who may see and manage MROSC partnerships (extends `apoia.society.queries`)."""

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404

from apoia.accounts.models import Organization, OrgUnit
from apoia.society.models.partnerships import AccountabilityReport, Partnership
from apoia.society.queries import (
    STAFF_ROLES,
    is_society_staff,
    represented_organization_ids,
    staff_state_ids,
)


def public_partnerships() -> QuerySet[Partnership]:
    """Partnerships are public (Lei 13.019/2014, arts. 10–11)."""
    return Partnership.objects.select_related("unit__state", "organization")


def get_public_partnership(pk: int) -> Partnership:
    try:
        return public_partnerships().get(pk=pk)
    except Partnership.DoesNotExist as exc:
        raise Http404 from exc


def may_manage_partnership(user, partnership: Partnership) -> bool:
    return is_society_staff(user, partnership.unit.state_id)


def managed_partnerships(user) -> QuerySet[Partnership]:
    ids = staff_state_ids(user)
    if ids is None:
        return public_partnerships()
    return public_partnerships().filter(unit__state_id__in=ids)


def get_managed_partnership(user, pk: int) -> Partnership:
    """404 (never 403) when the partnership is outside the user's state."""
    try:
        return managed_partnerships(user).get(pk=pk)
    except Partnership.DoesNotExist as exc:
        raise Http404 from exc


def units_for_new_partnership(user) -> QuerySet[OrgUnit]:
    """The units a person may open a partnership in: their own staff units (an admin, any)."""
    units = OrgUnit.objects.select_related("state")
    if not user.is_authenticated:
        return units.none()
    if user.is_admin:
        return units
    ids = {m.org_unit_id for m in user.active_memberships if m.role in STAFF_ROLES}
    return units.filter(pk__in=ids - {None})


def may_create_partnership(user, unit: OrgUnit | None = None) -> bool:
    units = units_for_new_partnership(user)
    return units.filter(pk=unit.pk).exists() if unit else units.exists()


def selectable_organizations(partnership: Partnership) -> QuerySet[Organization]:
    """The registry's organizations of the partnership's state (the selection's choices)."""
    return Organization.objects.filter(
        municipality__state_id=partnership.unit.state_id
    ).select_related("municipality__state")


def get_managed_report(user, pk: int) -> AccountabilityReport:
    """404 (never 403) when the report's partnership is outside the user's state."""
    try:
        return AccountabilityReport.objects.select_related("partnership__unit__state").get(
            pk=pk, partnership__in=managed_partnerships(user)
        )
    except AccountabilityReport.DoesNotExist as exc:
        raise Http404 from exc


def represented_partnerships(user, *, today) -> QuerySet[Partnership]:
    """The partnerships of the organizations the person represents, with `due_count`,
    `late_count` (reports not received, before and past their due date) and `next_due`."""
    pending = Q(reports__received_on__isnull=True)
    return (
        public_partnerships()
        .filter(organization_id__in=represented_organization_ids(user))
        .annotate(
            due_count=Count("reports", filter=pending & Q(reports__due_on__gte=today)),
            late_count=Count("reports", filter=pending & Q(reports__due_on__lt=today)),
            next_due=Min("reports__due_on", filter=pending),
        )
    )


ORGANIZATION_KEY_MESSAGE = "Informe o id ou o CNPJ da organização."


def by_organization(qs: QuerySet[Partnership], key: str) -> QuerySet[Partnership]:
    """Partnerships of the organization given by its id or its CNPJ (with or without
    punctuation), for the page's and the API's `organization` filter; ValueError otherwise."""
    key = (key or "").strip()
    digits = "".join(c for c in key if c.isdigit())
    if key.isdigit() and len(key) < 14:
        return qs.filter(organization_id=int(key))
    if len(digits) == 14:
        ids = Organization.objects.filter(cnpj__in=[digits, key]).values("pk")
        return qs.filter(organization_id__in=ids)
    raise ValueError(ORGANIZATION_KEY_MESSAGE)


def staff_partnerships(
    user, *, today, unit=None, status="", term_kind="", text="", late_only=False
) -> QuerySet[Partnership]:
    """The staff's list: one unit, or by default the person's own units (an admin: all they
    manage), with `late_count` (reports past due, not received) and `next_due`."""
    pending = Q(reports__received_on__isnull=True)
    qs = managed_partnerships(user).annotate(
        late_count=Count("reports", filter=pending & Q(reports__due_on__lt=today)),
        next_due=Min("reports__due_on", filter=pending),
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    elif not user.is_admin:
        qs = qs.filter(unit__in=units_for_new_partnership(user))
    if status:
        qs = qs.filter(status=status)
    if term_kind:
        qs = qs.filter(term_kind=term_kind)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(term_number__icontains=text))
    if late_only:
        qs = qs.filter(late_count__gt=0)
    return qs.order_by("-created_at", "-pk")
