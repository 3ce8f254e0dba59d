"""Who may see and manage MROSC partnerships (extends `apoia.society.queries`)."""

from django.db.models import QuerySet
from django.http import Http404

from apoia.society.models.partnerships import Partnership
from apoia.society.queries import is_society_staff, staff_state_ids


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
