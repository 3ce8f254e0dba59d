"""Who sees and acts on which delivery, and the reads the delivery pages and the API share.

- A delivery is seen by whoever sees its plan (queries_plans.plans_visible_to), once the plan
  approved it (the row is `frozen`): before approval its due date is only a forecast.
- The focal points of the plan's municipality send evidence, submit and ask for more time.
- The technicians and coordinators of the unit that offers the action, or of a unit above it,
  and the admins review it and answer requests for more time; never someone who is a focal
  point of that municipality: a municipality never validates its own delivery.
- A strategic project's delivery (a plan without adhesion, issue 10 item 9): the technicians
  and coordinators of the goal's responsible unit (or of a unit above it) send evidence,
  submit and ask for more time; the project's managing unit (and the admins) review it and
  answer the requests, never the person who submitted that delivery.
Out of scope answers 404; in scope but not allowed, 403.
"""

import datetime as dt

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from apoia.accounts.models import Role
from apoia.programs import queries
from apoia.programs.models import (
    Clarification,
    ClarificationStatus,
    DeliveryReview,
    DeliveryStatus,
    Evidence,
    EvidenceType,
    PlanDelivery,
)
from apoia.programs.queries_plans import _staff_units, plans_visible_to
from apoia.territory.calendar import BusinessCalendar, business_days_between

# Older than this (business days) a delivery waiting for validation is flagged in the queue.
WAITING_ALERT_DAYS = 5


def _base():
    return PlanDelivery.objects.select_related(
        "delivery__action__unit",
        "delivery__action__phase",
        "item__plan__adhesion__program",
        "item__plan__adhesion__municipality__state",
        "item__plan__phase__program__state",
        "submitted_by",
    )


def deliveries_visible_to(user):
    """The one scope of deliveries, for the pages and the API alike."""
    if not user.is_authenticated:
        return PlanDelivery.objects.none()
    return _base().filter(frozen=True, item__plan__in=plans_visible_to(user).values("pk"))


def get_delivery_for(user, pk) -> PlanDelivery:
    try:
        return deliveries_visible_to(user).get(pk=int(pk))
    except (PlanDelivery.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def _municipality_id(delivery: PlanDelivery) -> int | None:
    adhesion = delivery.item.plan.adhesion
    return adhesion.municipality_id if adhesion is not None else None


def municipality_id_of(delivery: PlanDelivery) -> int | None:
    """IBGE code of the delivery's municipality (None: a strategic project's delivery)."""
    return _municipality_id(delivery)


def is_project_delivery(delivery: PlanDelivery) -> bool:
    """A delivery of a strategic project's plan (no adhesion, no municipality)."""
    return delivery.item.plan.adhesion_id is None


def is_focal_point_of(user, delivery: PlanDelivery) -> bool:
    if not user.is_authenticated or is_project_delivery(delivery):
        return False
    return _municipality_id(delivery) in user.scope_ids(Role.MUNICIPAL, "municipality")


def is_goal_responsible(user, delivery: PlanDelivery) -> bool:
    """A project delivery: the user is staff of the goal's responsible unit or a unit above."""
    if not user.is_authenticated or not is_project_delivery(delivery):
        return False
    return delivery.delivery.action.unit_id in _staff_units(user)


def may_send_evidence(user, delivery: PlanDelivery) -> bool:
    """The focal points of the plan's municipality (a project: the goal's responsible unit)
    send evidence, submit and ask for time."""
    if not delivery.frozen:
        return False
    if is_project_delivery(delivery):
        return is_goal_responsible(user, delivery)
    return is_focal_point_of(user, delivery)


def _manages_project_of(user, delivery: PlanDelivery) -> bool:
    program_id = delivery.item.plan.phase.program_id
    return queries.managed_programs(user).filter(pk=program_id).exists()


def reviewer_units(user) -> set[int]:
    """Units whose actions the user reviews: each staff unit held and every unit below it."""
    return _staff_units(user) if user.is_authenticated else set()


def may_review(user, delivery: PlanDelivery) -> bool:
    """The offering unit's technicians and coordinators (or a unit's above), and the admins;
    never a focal point of the delivery's own municipality. A project delivery: the managing
    unit's staff and the admins, never the person who submitted it."""
    if not user.is_authenticated or not delivery.frozen or is_focal_point_of(user, delivery):
        return False
    if is_project_delivery(delivery):
        if delivery.submitted_by_id is not None and delivery.submitted_by_id == user.pk:
            return False
        return _manages_project_of(user, delivery)
    if user.is_admin:
        return True
    return delivery.delivery.action.unit_id in reviewer_units(user)


def may_answer_clarification(user, delivery: PlanDelivery) -> bool:
    """Who reviews the delivery answers its requests for more time."""
    return may_review(user, delivery)


def review_queue(user):
    """Deliveries the user may review (the admins: all), for the staff queue."""
    qs = deliveries_visible_to(user)
    if not user.is_authenticated:
        return qs
    if not user.is_admin:
        qs = qs.filter(
            Q(item__plan__adhesion__isnull=False, delivery__action__unit__in=reviewer_units(user))
            | Q(
                item__plan__adhesion__isnull=True,
                item__plan__phase__program__in=queries.managed_programs(user),
            )
        )
    qs = qs.exclude(item__plan__adhesion__isnull=True, submitted_by=user)
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        qs = qs.exclude(item__plan__adhesion__municipality__in=municipalities)
    return qs


def works_on_deliveries(user) -> bool:
    """Has a review queue: an admin or a unit's technician or coordinator."""
    return user.is_authenticated and (user.is_admin or bool(reviewer_units(user)))


def filter_deliveries(
    qs,
    *,
    today: dt.date,
    plan=None,
    program: str = "",
    status: str = "",
    late=None,
    municipality: str = "",
):
    """The queue's and the API's filters: a plan id, a program slug, a status, late or not,
    an IBGE code or part of a municipality's name."""
    if plan:
        qs = qs.filter(item__plan_id=plan) if 0 < plan < 2**31 else qs.none()
    if program:
        qs = qs.filter(item__plan__phase__program__slug=program)
    if status:
        qs = qs.filter(status=status)
    if late is True:
        qs = qs.filter(pk__in=PlanDelivery.objects.late(today).values("pk"))
    elif late is False:
        qs = qs.exclude(pk__in=PlanDelivery.objects.late(today).values("pk"))
    if municipality:
        term = municipality.strip()
        qs = (
            qs.filter(item__plan__adhesion__municipality__ibge=int(term))
            if term.isascii() and term.isdigit() and len(term) <= 7
            else qs.filter(item__plan__adhesion__municipality__name__icontains=term)
        )
    return qs


def with_late(qs, today: dt.date):
    """Each row with `is_late_today`, the SQL form of PlanDeliveryQuerySet.late (no id list,
    however many rows)."""
    open_request = Clarification.objects.filter(
        delivery=OuterRef("pk"), status=ClarificationStatus.OPEN
    )
    late = Q(due__lt=today) & ~Q(status=DeliveryStatus.VALIDATED) & ~Exists(open_request)
    return qs.annotate(is_late_today=ExpressionWrapper(late, output_field=BooleanField()))


class Calendars:
    """One business calendar per municipality, for a page's worth of ages."""

    def __init__(self):
        self._found: dict = {}

    def of_plan(self, plan) -> BusinessCalendar:
        """The plan's municipality's calendar; a project's plan: its state's."""
        if plan.adhesion_id is not None:
            return self.of(plan.adhesion.municipality)
        uf = plan.phase.program.state.uf
        found = self._found.get(uf)
        if found is None:
            found = self._found[uf] = BusinessCalendar(uf)
        return found

    def of(self, municipality) -> BusinessCalendar:
        found = self._found.get(municipality.ibge)
        if found is None:
            found = self._found[municipality.ibge] = BusinessCalendar(
                municipality.state.uf, municipality.ibge
            )
        return found


def waiting_age(delivery: PlanDelivery, today: dt.date, calendars: Calendars | None = None):
    """Business days a submitted delivery has waited for validation (None if not waiting)."""
    if delivery.status != DeliveryStatus.SUBMITTED or delivery.submitted_at is None:
        return None
    calendar = (calendars or Calendars()).of_plan(delivery.item.plan)
    return business_days_between(timezone.localdate(delivery.submitted_at), today, calendar)


def evidence_of(delivery: PlanDelivery) -> list[Evidence]:
    return list(
        Evidence.objects.filter(delivery=delivery)
        .select_related("sent_by")
        .order_by("kind", "-version")
    )


def evidence_by_type(delivery: PlanDelivery) -> list[dict]:
    """Each required evidence type with its versions, the newest first; then any other type
    sent (an action changed after the evidence was sent)."""
    rows = evidence_of(delivery)
    labels = dict(EvidenceType.choices)
    kinds = list(delivery.delivery.evidence_types)
    kinds += sorted({r.kind for r in rows} - set(kinds))
    return [
        {
            "kind": kind,
            "label": labels.get(kind, kind),
            "required": kind in delivery.delivery.evidence_types,
            "versions": [r for r in rows if r.kind == kind],
        }
        for kind in kinds
    ]


def reviews_of(delivery: PlanDelivery) -> list[DeliveryReview]:
    return list(delivery.reviews.select_related("by").order_by("-at", "-pk"))


def clarifications_of(delivery: PlanDelivery) -> list[Clarification]:
    return list(
        delivery.clarifications.select_related("asked_by", "answered_by").order_by("-asked_at")
    )


def open_clarification(delivery: PlanDelivery) -> Clarification | None:
    return delivery.clarifications.filter(status=ClarificationStatus.OPEN).first()


def get_evidence_for(user, delivery_pk, evidence_pk) -> Evidence:
    """A file of a delivery the user sees (404 otherwise)."""
    delivery = get_delivery_for(user, delivery_pk)
    try:
        return Evidence.objects.get(pk=int(evidence_pk), delivery=delivery)
    except (Evidence.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def with_evidence(qs):
    return qs.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("kind", "-version"))
    )
