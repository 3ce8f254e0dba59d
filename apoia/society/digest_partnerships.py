"""Daily digest lines of partnerships: accountability reports due within 15 days and late
ones, for the staff of the partnership's unit and the organization's representatives. Each
alert is claimed through the report's alert field, so it goes once."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, Role
from apoia.protocol.hooks import claim_alerts
from apoia.society.models.partnerships import AccountabilityReport

DUE_WITHIN_DAYS = 15
_STAFF = (Role.COORDINATOR, Role.TECHNICIAN)


def _people(report) -> set[int]:
    p = report.partnership
    staff = Membership.objects.filter(org_unit_id=p.unit_id, role__in=_STAFF)
    people = set(staff.values_list("user_id", flat=True))
    if p.organization_id:
        reps = Membership.objects.filter(organization_id=p.organization_id, role=Role.ORGANIZATION)
        people |= set(reps.values_list("user_id", flat=True))
    return people


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    found: dict[int, dict[str, list[int]]] = {}
    pending = AccountabilityReport.objects.filter(received_on__isnull=True).select_related(
        "partnership"
    )
    late = pending.filter(due_on__lt=today, late_alert_sent_on__isnull=True)
    soon = pending.filter(
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=DUE_WITHIN_DAYS),
        due_alert_sent_on__isnull=True,
    )
    for key, field, qs in (
        ("late", "late_alert_sent_on", late),
        ("soon", "due_alert_sent_on", soon),
    ):
        for report in claim_alerts(qs.order_by("due_on", "pk"), field, today):
            for person in sorted(_people(report)):
                found.setdefault(person, {}).setdefault(key, []).append(report.pk)
    return found


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = [pk for key in ("late", "soon") for pk in payload.get(key, ())]
    rows = {
        r.pk: r
        for r in AccountabilityReport.objects.filter(pk__in=ids).select_related("partnership")
    }

    def lines(key, text):
        out = []
        for pk in payload.get(key, ()):
            r = rows.get(pk)
            if r is None:
                continue
            url = settings.SITE_URL + reverse("society:partnership", args=[r.partnership_id])
            when = text % {"date": r.due_on.strftime("%d/%m/%Y")}
            out.append(f"{r.partnership.title} — {r} — {when} — {url}")
        return out

    return [
        (_("Prestações de contas atrasadas"), lines("late", _("venceu em %(date)s"))),
        (
            _("Prestações de contas que vencem em até 15 dias"),
            lines("soon", _("vence em %(date)s")),
        ),
    ]
