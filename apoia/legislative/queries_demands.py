"""Who may see and do what with parliamentary demands — the one place these rules live.

- Any signed-in person files a demand (a legislator's office, or the desk's staff on a
  legislator's behalf); the request is then protocol's, under protocol's rules of who sees it
  and who sees who asked (`apoia.protocol.queries`).
- The desk is the unit answering for the `demanda-parlamentar` service of its state
  (ms-segem-sal in MS). Its coordinators and technicians, those of the units above it, and the
  administrators see the desk's list of demands (those whose request protocol lets them open):
  number, legislator, house, subject, status and deadline, never the requester's personal data.
- The demand's panel on a request's page (legislator, party, house, town, bill) is for whoever
  handles the request as the state (`protocol.rules.is_staff_for`).
"""

from django.db.models import Q, QuerySet

from apoia.catalog.models import Service, ServiceKind
from apoia.legislative.models import Bill, House, ParliamentaryDemand
from apoia.legislative.queries import staff_unit_ids
from apoia.protocol import queries as protocol_queries
from apoia.protocol import rules as protocol_rules


def desk_unit_ids() -> set[int]:
    """The units answering for a parliamentary-demand service."""
    return set(
        Service.objects.filter(
            kind=ServiceKind.PARLIAMENTARY_DEMAND, responsible_unit__isnull=False
        ).values_list("responsible_unit_id", flat=True)
    )


def is_desk_staff(user) -> bool:
    units = staff_unit_ids(user)
    return units is None or bool(units & desk_unit_ids())


def desk_demands(user) -> QuerySet[ParliamentaryDemand]:
    """The demands on the desk list of `user`: those of the desks they work for whose request
    protocol lets them open (`protocol.queries.visible_to`: a coordinator, the requests their
    units hold; a technician, the ones assigned to them), so every row leads to its page."""
    rows = ParliamentaryDemand.objects.select_related(
        "request__service", "request__unit", "municipality__state", "bill"
    )
    units = staff_unit_ids(user)
    if units is None:
        return rows
    desks = units & desk_unit_ids()
    if not desks:
        return rows.none()
    return rows.filter(
        Q(request__service__responsible_unit_id__in=desks) | Q(request__unit_id__in=desks),
        request_id__in=protocol_queries.visible_to(user).values("pk"),
    )


def may_see_demand_panel(user, req) -> bool:
    return user is not None and protocol_rules.is_staff_for(user, req)


def bills_to_relate(state_id: int, house: str = "", municipality=None) -> QuerySet[Bill]:
    """The bills a demand of this state may name (all of them, or those of one house)."""
    bills = Bill.objects.filter(state_id=state_id).select_related("municipality")
    if house:
        bills = bills.filter(house=house)
    if house == House.MUNICIPAL_CHAMBER and municipality is not None:
        bills = bills.filter(municipality=municipality)
    return bills


def filter_desk_demands(rows, *, status: str = "", house: str = "", q: str = "", today=None):
    """The desk list's filters: the request's status ("late": open and past its deadline), the
    house, and a search in the legislator's name."""
    from apoia.protocol.models import OPEN_STATUSES, Status

    if status == "late" and today is not None:
        rows = rows.filter(request__status__in=OPEN_STATUSES, request__due_date__lt=today)
    elif status == "open":
        rows = rows.filter(request__status__in=OPEN_STATUSES)
    elif status in Status.values:
        rows = rows.filter(request__status=status)
    if house in House.values:
        rows = rows.filter(house=house)
    if q.strip():
        rows = rows.filter(legislator__icontains=q.strip())
    return rows
