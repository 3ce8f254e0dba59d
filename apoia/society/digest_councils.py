"""Daily digest lines of councils: mandates that end within 60 days (unless the successor's
mandate is already registered), for the representatives of the council's record and of the
seat's organization and for the coordinators of the units of the council's state. Each alert
is claimed through the mandate's `end_alert_sent_on`, so it goes once."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, Role
from apoia.protocol.hooks import claim_alerts
from apoia.society.models.councils import Mandate
from apoia.society.services_councils import ENDING_WITHIN_DAYS

KEY = "ending"


def _people(mandate: Mandate) -> set[int]:
    council = mandate.seat.council
    people = set(
        Membership.objects.filter(
            role=Role.COORDINATOR, org_unit__state_id=council.state_id
        ).values_list("user_id", flat=True)
    )
    organizations = {council.organization_id, mandate.seat.organization_id} - {None}
    if organizations:
        people |= set(
            Membership.objects.filter(
                role=Role.ORGANIZATION, organization_id__in=organizations
            ).values_list("user_id", flat=True)
        )
    return people


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    found: dict[int, dict[str, list[int]]] = {}
    # A mandate whose successor (same seat and role) is already registered needs no alert.
    successor = Mandate.objects.filter(
        seat_id=OuterRef("seat_id"), role=OuterRef("role"), starts_on__gt=OuterRef("ends_on")
    )
    ending = (
        Mandate.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=ENDING_WITHIN_DAYS),
            end_alert_sent_on__isnull=True,
        )
        .exclude(Exists(successor))
        .select_related("seat__council")
    )
    for mandate in claim_alerts(ending.order_by("ends_on", "pk"), "end_alert_sent_on", today):
        for person in sorted(_people(mandate)):
            found.setdefault(person, {}).setdefault(KEY, []).append(mandate.pk)
    return found


def council_short_name(council) -> str:
    """ "CMAS Campo Grande", "CEAS-MT MT"… or the full name when there is no acronym."""
    if not council.acronym:
        return council.name
    where = council.municipality.name if council.municipality_id else council.state.uf
    return council.acronym if where in council.acronym else f"{council.acronym} {where}"


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = payload.get(KEY, ())
    rows = {
        m.pk: m
        for m in Mandate.objects.filter(pk__in=ids).select_related(
            "seat__council__municipality", "seat__council__state"
        )
    }
    lines = []
    for pk in ids:
        m = rows.get(pk)
        if m is None:
            continue
        council = m.seat.council
        url = settings.SITE_URL + council.get_absolute_url()
        text = _("%(council)s — mandato de %(person)s (%(role)s, %(seat)s) termina em %(date)s") % {
            "council": council_short_name(council),
            "person": m.person_name,
            "role": m.get_role_display().lower(),
            "seat": m.seat.label,
            "date": m.ends_on.strftime("%d/%m/%Y"),
        }
        lines.append(f"{text} — {url}")
    return [(_("Mandatos de conselheiros que terminam em até 60 dias"), lines)]
