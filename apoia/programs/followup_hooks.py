"""What programs adds to followup and to the daily reminder e-mail; `register()` is called by
ProgramsConfig.ready(), so neither followup nor protocol imports us.

- A meeting decision is a task source: named after its meeting, linked to the meeting's page.
- The digest lists, once a day per delivery and person (followup's ReminderSent ledger):
  to the focal points of the plan's municipality (its municipal-role users), the deliveries
  due within 5 business days and the late ones that still wait for them (pending or
  returned); to the reviewers (technicians and coordinators of the action's unit), the
  deliveries waiting for validation for more than 5 business days.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import Membership, Role
from apoia.followup.registry import register_source
from apoia.followup.reminders import SOON_BUSINESS_DAYS, WINDOW_DAYS, SoonLimits
from apoia.followup.services import claim_reminder
from apoia.programs.models import AdhesionStatus, DeliveryStatus, MeetingDecision, PlanDelivery
from apoia.protocol.hooks import DigestSection, register_digest_section
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import DeadlineUnit

WAITING = (DeliveryStatus.PENDING, DeliveryStatus.RETURNED)


def _decision_label(decision: MeetingDecision) -> str:
    meeting = decision.meeting
    return _("Reunião “%(title)s” de %(date)s") % {
        "title": meeting.title,
        "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y"),
    }


def _decision_url(decision: MeetingDecision) -> str:
    return decision.meeting.get_absolute_url()


def _focal_points(municipality_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    rows = Membership.objects.filter(
        role=Role.MUNICIPAL, municipality_id__in=set(municipality_ids), user__is_active=True
    ).values_list("municipality_id", "user_id")
    for municipality_id, user_id in rows:
        found.setdefault(municipality_id, set()).add(user_id)
    return found


def _reviewers(unit_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    rows = Membership.objects.filter(
        role__in=(Role.TECHNICIAN, Role.COORDINATOR),
        org_unit_id__in=set(unit_ids),
        user__is_active=True,
    ).values_list("org_unit_id", "user_id")
    for unit_id, user_id in rows:
        found.setdefault(unit_id, set()).add(user_id)
    return found


def _live():
    return PlanDelivery.objects.filter(
        frozen=True, item__plan__adhesion__status=AdhesionStatus.ACTIVE
    ).select_related("item__plan__adhesion__municipality__state", "item__action")


def _waited_too_long(delivery: PlanDelivery, today: dt.date, calendars: dict) -> bool:
    municipality = delivery.item.plan.adhesion.municipality
    submitted = timezone.localdate(delivery.submitted_at)
    deadline = compute_deadline(
        submitted,
        SOON_BUSINESS_DAYS,
        DeadlineUnit.BUSINESS_DAYS,
        uf=municipality.state.uf,
        calendar=calendars.get(municipality.pk),
    ).due
    return deadline < today


def collect(today: dt.date) -> dict[int, dict[str, list[int]]]:
    limits = SoonLimits(today)
    live = _live()
    late_ids = set(live.late(today).filter(status__in=WAITING).values_list("pk", flat=True))
    to_focal: list[tuple[PlanDelivery, str]] = [(d, "late") for d in live.filter(pk__in=late_ids)]
    soon = live.filter(
        status__in=WAITING, due__gte=today, due__lte=today + dt.timedelta(days=WINDOW_DAYS)
    )
    for d in soon:
        municipality = d.item.plan.adhesion.municipality
        if d.due <= limits(municipality.state.uf, municipality.pk):
            to_focal.append((d, "soon"))
    waiting = [
        d
        for d in live.filter(status=DeliveryStatus.SUBMITTED, submitted_at__isnull=False)
        if _waited_too_long(d, today, {})
    ]
    focal = _focal_points(d.item.plan.adhesion.municipality_id for d, _k in to_focal)
    reviewers = _reviewers(d.item.action.unit_id for d in waiting)
    found: dict[int, dict[str, list[int]]] = {}

    def claim(delivery, people, key):
        for person in sorted(people):
            if claim_reminder(delivery, person, today, f"deliveries_{key}"):
                found.setdefault(person, {}).setdefault(key, []).append(delivery.pk)

    for d, key in sorted(to_focal, key=lambda pair: (pair[0].due, pair[0].pk)):
        claim(d, focal.get(d.item.plan.adhesion.municipality_id, ()), key)
    for d in sorted(waiting, key=lambda d: (d.submitted_at, d.pk)):
        claim(d, reviewers.get(d.item.action.unit_id, ()), "waiting")
    return found


def render(payload: dict, today: dt.date) -> list[tuple[str, list[str]]]:
    ids = [pk for key in ("late", "soon", "waiting") for pk in payload.get(key, ())]
    rows = {
        d.pk: d
        for d in PlanDelivery.objects.filter(pk__in=ids).select_related(
            "delivery", "item__plan__adhesion__municipality"
        )
    }

    def line(pk: int, text: str, day) -> str | None:
        d = rows.get(pk)
        if d is None:
            return None
        url = settings.SITE_URL + reverse("programs:delivery", args=[d.pk])
        when = text % {"date": day(d).strftime("%d/%m/%Y")}
        return f"{d.item.plan.adhesion.municipality.name} — {d.delivery.title} — {when} — {url}"

    def lines(key: str, text: str, day=lambda d: d.due) -> list[str]:
        return [found for pk in payload.get(key, ()) if (found := line(pk, text, day))]

    return [
        (_("Entregas atrasadas"), lines("late", _("venceu em %(date)s"))),
        (_("Entregas que vencem em até 5 dias úteis"), lines("soon", _("vence em %(date)s"))),
        (
            _("Entregas aguardando validação há mais de 5 dias úteis"),
            lines(
                "waiting",
                _("enviada em %(date)s"),
                lambda d: timezone.localdate(d.submitted_at) if d.submitted_at else d.due,
            ),
        ),
    ]


def register() -> None:
    register_source(MeetingDecision, label=_decision_label, url=_decision_url)
    register_digest_section(
        DigestSection(key="programs_deliveries", collect=collect, render=render)
    )
