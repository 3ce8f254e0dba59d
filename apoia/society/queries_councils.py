"""Who may see and manage councils (extends `apoia.society.queries`).

- Everyone reads a council's public part: seats, holders' names, mandates, meetings with
  their quorum and minutes, resolutions. Councillors' e-mail never is public.
- A council is managed by the staff of its state (an admin, of every state) and by the
  representatives of the council's own record in the registry (its secretariat).
- New councils are created by the staff, in their states.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from apoia.accounts.models import Organization
from apoia.catalog.search import fold
from apoia.society.models.councils import Council, CouncilMeeting, Mandate, Seat
from apoia.society.queries import (
    is_society_staff,
    represented_organization_ids,
    staff_state_ids,
)
from apoia.territory.models import State


def public_councils() -> QuerySet[Council]:
    return Council.objects.select_related("state", "municipality", "organization")


def get_public_council(pk) -> Council:
    try:
        return public_councils().get(pk=pk)
    except (Council.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def filter_councils(*, uf="", municipality="", policy_area="", q=""):
    """Public councils by UF, municipality (IBGE code), policy area and name or acronym
    (accents and case ignored: then a list, as the folding runs in Python)."""
    qs = public_councils().prefetch_related("seats")
    if uf:
        qs = qs.filter(state__uf=uf.upper()[:2])
    if str(municipality).isdigit():
        qs = qs.filter(municipality__ibge=municipality)
    if policy_area:
        qs = qs.filter(policy_area__iexact=policy_area)
    words = fold(q).split()
    if not words:
        return qs
    return [c for c in qs if all(w in fold(f"{c.name} {c.acronym}") for w in words)]


def council_municipalities(uf: str = ""):
    """The municipalities that have councils (the list's filter), of `uf` when given."""
    from apoia.territory.models import Municipality

    found = Municipality.objects.filter(council__isnull=False).select_related("state")
    if uf:
        found = found.filter(state__uf=uf.upper()[:2])
    return found.distinct().order_by("name")


def policy_areas() -> list[str]:
    return sorted(set(Council.objects.values_list("policy_area", flat=True)), key=fold)


def get_public_meeting(council: Council, pk) -> CouncilMeeting:
    try:
        return council.meetings.select_related("council__state").get(pk=pk)
    except (CouncilMeeting.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def may_manage_council(user, council: Council) -> bool:
    if is_society_staff(user, council.state_id):
        return True
    return bool(council.organization_id) and (
        council.organization_id in represented_organization_ids(user)
    )


def may_see_contacts(user, council: Council) -> bool:
    """Councillors' e-mail: only for those who manage the council."""
    return may_manage_council(user, council)


def managed_councils(user) -> QuerySet[Council]:
    ids = staff_state_ids(user)
    if ids is None:
        return public_councils()
    return public_councils().filter(
        Q(state_id__in=ids) | Q(organization_id__in=represented_organization_ids(user))
    )


def get_managed_council(user, pk) -> Council:
    """404 (never 403) on the web for a council the user does not manage."""
    try:
        return managed_councils(user).get(pk=pk)
    except (Council.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def get_managed_seat(user, pk) -> Seat:
    try:
        return Seat.objects.select_related("council__state").get(
            pk=pk, council__in=managed_councils(user)
        )
    except (Seat.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def get_managed_mandate(user, pk) -> Mandate:
    try:
        return Mandate.objects.select_related("seat__council__state").get(
            pk=pk, seat__council__in=managed_councils(user)
        )
    except (Mandate.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def get_managed_meeting(user, pk) -> CouncilMeeting:
    try:
        return CouncilMeeting.objects.select_related("council__state").get(
            pk=pk, council__in=managed_councils(user)
        )
    except (CouncilMeeting.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def states_for_new_council(user) -> QuerySet[State]:
    ids = staff_state_ids(user)
    if ids is None:
        return State.objects.all()
    return State.objects.filter(pk__in=ids)


def may_create_council(user, state_id: int | None = None) -> bool:
    return is_society_staff(user, state_id)


def seat_organizations(council: Council) -> QuerySet[Organization]:
    """The registry's organizations of the council's state (a civil-society seat's choices)."""
    return Organization.objects.filter(municipality__state_id=council.state_id).select_related(
        "municipality__state"
    )


def council_mandates(council: Council) -> QuerySet[Mandate]:
    return Mandate.objects.filter(seat__council=council).select_related("seat")
