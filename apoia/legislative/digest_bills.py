"""Daily digest lines of the legislative desk: opinion requests due within 3 days and late
ones, for the staff (coordinators, technicians) of the consulted unit and of the desk. Each
alert is claimed through the request's alert field, so it goes once."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, Role
from apoia.legislative.models import OpinionRequest
from apoia.protocol.hooks import claim_alerts

DUE_WITHIN_DAYS = 3
_STAFF = (Role.COORDINATOR, Role.TECHNICIAN)


def _people(req) -> set[int]:
    staff = Membership.objects.filter(
        org_unit_id__in=(req.unit_id, req.bill.desk_id), role__in=_STAFF
    )
    return set(staff.values_list("user_id", flat=True))


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    found: dict[int, dict[str, list[int]]] = {}
    pending = OpinionRequest.objects.open().select_related("bill")
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
        for req in claim_alerts(qs.order_by("due_on", "pk"), field, today):
            for person in sorted(_people(req)):
                found.setdefault(person, {}).setdefault(key, []).append(req.pk)
    return found


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = [pk for key in ("late", "soon") for pk in payload.get(key, ())]
    rows = {
        r.pk: r for r in OpinionRequest.objects.filter(pk__in=ids).select_related("bill", "unit")
    }

    def lines(key, text):
        out = []
        for pk in payload.get(key, ()):
            r = rows.get(pk)
            if r is None:
                continue
            url = settings.SITE_URL + reverse("legislative:bill", args=[r.bill_id])
            when = text % {"date": r.due_on.strftime("%d/%m/%Y")}
            out.append(f"{r.bill} — {_('parecer de')} {r.unit.name} — {when} — {url}")
        return out

    return [
        (_("Pareceres legislativos atrasados"), lines("late", _("venceu em %(date)s"))),
        (
            _("Pareceres legislativos que vencem em até 3 dias"),
            lines("soon", _("vence em %(date)s")),
        ),
    ]
