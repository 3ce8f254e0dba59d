"""Who may see and do what on the legislative desk — the one place these rules live.

- A bill's public facts (house, kind, number, year, author, summary, link, status and its
  history) are public, as they are in the legislature itself.
- The desk that follows a bill (`Bill.desk`: coordinators and technicians of that unit) edits
  it, records its progress, asks units for opinions and consolidates them; an admin may too.
- Coordinators and technicians of a consulted unit (or of a unit above it) read the bill's
  internal file and answer their own opinion request.
- Opinions and the consolidated position are internal: staff of the bill's state only.
- Bills are filed by staff of a legislative desk (the reference desk ms-segem-sal, or a unit
  already following bills), or of a unit above it; an admin files for any unit.
"""

from django.db.models import Q
from django.http import Http404

from apoia.accounts.models import OrgUnit, Role
from apoia.legislative.models import Bill, OpinionRequest
from apoia.legislative.reference_demands import DESK_SLUG

STAFF_ROLES = (Role.COORDINATOR, Role.TECHNICIAN)


def staff_unit_ids(user) -> set[int] | None:
    """Units the user works in (with the units below them); None means every unit (admin)."""
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    found: set[int] = set()
    for m in user.active_memberships:
        if m.role in STAFF_ROLES and m.org_unit_id:
            found |= m.org_unit.descendant_ids()
    return found


def staff_state_ids(user) -> set[int] | None:
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    return {
        m.org_unit.state_id
        for m in user.active_memberships
        if m.role in STAFF_ROLES and m.org_unit_id
    }


# --- Bills -----------------------------------------------------------------------------------


def public_bills():
    """Every bill's public facts: bills are public, as they are in the legislature."""
    return Bill.objects.select_related("state", "municipality", "desk")


def filter_bills(*, status="", house="", kind="", year="", q=""):
    """The public bills matching the filters (shared with the API)."""
    qs = public_bills()
    if status:
        qs = qs.filter(status=status)
    if house:
        qs = qs.filter(house=house)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=int(year))
    if q:
        text = Q(summary__icontains=q) | Q(author__icontains=q)
        if q.isdigit():
            text |= Q(number=int(q))
        qs = qs.filter(text)
    return qs


def get_public_bill(pk: int):
    try:
        return public_bills().get(pk=pk)
    except (ValueError, TypeError, Bill.DoesNotExist) as exc:
        raise Http404 from exc


def _within(ids: set[int] | None, value) -> bool:
    return ids is None or value in ids


def may_see_internal(user, bill) -> bool:
    """Opinion requests, opinions and the consolidated position: staff of the bill's state."""
    return _within(staff_state_ids(user), bill.state_id)


def is_desk_for(user, bill) -> bool:
    """Staff of the desk following the bill (or of a unit above it), or an admin."""
    return _within(staff_unit_ids(user), bill.desk_id)


def may_answer(user, opinion_request) -> bool:
    """Staff of the consulted unit (or of a unit above it), or the bill's desk."""
    ids = staff_unit_ids(user)
    return _within(ids, opinion_request.unit_id) or _within(ids, opinion_request.bill.desk_id)


def is_consulted(user, opinion_request) -> bool:
    """Staff of the consulted unit itself (or of a unit above it): whom the answer form is for."""
    return _within(staff_unit_ids(user), opinion_request.unit_id)


def legislative_desks():
    """The units that follow bills: the reference desk (ms-segem-sal) and any unit already
    following one (an admin sets up another state's desk by filing its first bill)."""
    return (
        OrgUnit.objects.filter(Q(slug=DESK_SLUG) | Q(followed_bills__isnull=False))
        .distinct()
        .select_related("state")
    )


def desk_units(user):
    """The desks the user may file bills for: those they work in (or above); an admin, any
    unit."""
    ids = staff_unit_ids(user)
    if ids is None:
        return OrgUnit.objects.select_related("state")
    return legislative_desks().filter(pk__in=ids)


def may_act_for(user, unit) -> bool:
    """May file a bill that `unit` follows: staff of a legislative desk (or of a unit above
    it), or an admin for any unit."""
    ids = staff_unit_ids(user)
    return ids is None or (unit.pk in ids and legislative_desks().filter(pk=unit.pk).exists())


def may_follow_bills(user) -> bool:
    """May file bills: staff of a legislative desk, or an admin."""
    return desk_units(user).exists()


def visible_opinion_requests(user):
    """Opinion requests of bills in the user's states (the dashboard's rows)."""
    qs = OpinionRequest.objects.select_related("bill__state", "bill__municipality", "unit")
    ids = staff_state_ids(user)
    return qs if ids is None else qs.filter(bill__state_id__in=ids)
