"""Who may see which people and units: the one place accounts are scoped."""

from django.db.models import Q, QuerySet

from apoia.accounts.models import OrgUnit, Role, User


def managed_unit_ids(user: User) -> set[int] | None:
    """Units whose people `user` manages: None means every unit (administrators)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_admin:
        return None
    found: set[int] = set()
    for unit_id in user.scope_ids(Role.COORDINATOR, "org_unit"):
        if unit_id not in found:
            found |= OrgUnit(pk=unit_id).descendant_ids()
    return found


def units_visible_to(user: User) -> QuerySet[OrgUnit]:
    """Units a user manages: all for administrators, a coordinator's units and sub-units."""
    unit_ids = managed_unit_ids(user)
    units = OrgUnit.objects.select_related("parent", "state")
    return units if unit_ids is None else units.filter(pk__in=unit_ids)


def visible_to(user: User) -> QuerySet[User]:
    """People a user may see: administrators everyone, coordinators the members of their
    units and sub-units, everybody else only themselves."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    unit_ids = managed_unit_ids(user)
    if unit_ids is None:
        return User.objects.all()
    if not unit_ids:
        return User.objects.filter(pk=user.pk)
    member_ids = User.objects.filter(memberships__org_unit_id__in=unit_ids).values("pk")
    return User.objects.filter(Q(pk__in=member_ids) | Q(pk=user.pk))
