"""Who may see and do what in `society` — the one place these rules live.

- The registry is public: every organization's approved record, its councils and its
  partnerships (Lei 13.019/2014, arts. 10–11, asks partnerships to be published). Personal
  data (leaders' CPF, personal e-mail and phone; councillors' e-mail) never is.
- The state's staff (coordinators and technicians, scoped by their unit's state) manage the
  organizations, checklists, councils and partnerships of their state's municipalities; an
  admin, of every state.
- An organization's representative (role `organization`) proposes changes to its own record
  and follows its checklist and partnerships; any other organization is a 404 to them.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from apoia.accounts.models import Organization, Role

STAFF_ROLES = (Role.COORDINATOR, Role.TECHNICIAN)


def staff_state_ids(user) -> set[int] | None:
    """States whose civil-society registry the user manages; None means every state."""
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    return {
        m.org_unit.state_id
        for m in user.active_memberships
        if m.role in STAFF_ROLES and m.org_unit_id
    }


def is_society_staff(user, state_id: int | None = None) -> bool:
    ids = staff_state_ids(user)
    if state_id is None:
        return ids is None or bool(ids)
    return ids is None or state_id in ids


def represented_organization_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return user.scope_ids(Role.ORGANIZATION, "organization")


def represents(user, organization: Organization) -> bool:
    return organization.pk in represented_organization_ids(user)


def may_manage_organization(user, organization: Organization) -> bool:
    return is_society_staff(user, organization.municipality.state_id)


def managed_organizations(user) -> QuerySet[Organization]:
    """The organizations whose records, checklists and partnerships the user manages."""
    ids = staff_state_ids(user)
    organizations = Organization.objects.select_related("municipality__state")
    if ids is None:
        return organizations
    return organizations.filter(municipality__state_id__in=ids)


def editable_organizations(user) -> QuerySet[Organization]:
    """Those the user may edit (staff) or propose changes to (their representative)."""
    ids = staff_state_ids(user)
    organizations = Organization.objects.select_related("municipality__state")
    if ids is None:
        return organizations
    return organizations.filter(
        Q(municipality__state_id__in=ids) | Q(pk__in=represented_organization_ids(user))
    )


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("municipality__state", "record")


def get_public_organization(pk: int) -> Organization:
    try:
        return public_organizations().get(pk=pk)
    except (Organization.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def get_editable_organization(user, pk: int) -> Organization:
    """The organization to edit, or 404 for anyone who may neither edit nor propose."""
    try:
        return editable_organizations(user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
