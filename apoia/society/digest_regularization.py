"""Daily digest lines of regularization: documents (valid or sent) expiring within 30 days,
for whoever opened the checklist, the assignees and staff of its requests' units, and the
organization's representatives. Each alert is claimed through the item's
`expiry_alert_sent_on`, so it goes once (until its expiry date changes)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, Role
from apoia.protocol.hooks import claim_alerts
from apoia.society.models.regularization import ChecklistItem
from apoia.society.queries_regularization import EXPIRY_WARNING_DAYS, expires_within

_STAFF = (Role.COORDINATOR, Role.TECHNICIAN)


def _people(checklist) -> set[int]:
    people = {checklist.opened_by_id} if checklist.opened_by_id else set()
    requests = list(checklist.requests.values_list("assignee_id", "unit_id"))
    people |= {assignee for assignee, _unit in requests if assignee}
    units = {unit for _assignee, unit in requests if unit}
    if units:
        staff = Membership.objects.filter(org_unit_id__in=units, role__in=_STAFF)
        people |= set(staff.values_list("user_id", flat=True))
    reps = Membership.objects.filter(
        organization_id=checklist.organization_id, role=Role.ORGANIZATION
    )
    return people | set(reps.values_list("user_id", flat=True))


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    found: dict[int, dict[str, list[int]]] = {}
    soon = ChecklistItem.objects.filter(
        expires_within(today, EXPIRY_WARNING_DAYS),
        requirement__active=True,
        expiry_alert_sent_on__isnull=True,
    ).select_related("checklist")
    for item in claim_alerts(soon.order_by("expires_on", "pk"), "expiry_alert_sent_on", today):
        for person in sorted(_people(item.checklist)):
            found.setdefault(person, {}).setdefault("soon", []).append(item.pk)
    return found


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = payload.get("soon", ())
    items = {
        i.pk: i
        for i in ChecklistItem.objects.filter(pk__in=ids).select_related(
            "requirement", "checklist__organization"
        )
    }
    lines = []
    for pk in ids:
        item = items.get(pk)
        if item is None or item.expires_on is None:
            continue
        organization = item.checklist.organization
        url = settings.SITE_URL + reverse("society:checklist", args=[organization.pk])
        when = _("vence em %(date)s") % {"date": item.expires_on.strftime("%d/%m/%Y")}
        lines.append(f"{organization.name} — {item.requirement.name} {when} — {url}")
    return [(_("Documentos de regularização que vencem em até 30 dias"), lines)]
