"""Who sees the monitoring dashboard of a program, and the reads of the dashboard and of the
public accountability pages (issue 10, items 6 and 10).

- The managing unit's staff and the admins see the whole program (`MonitoringScope.all`).
- The staff of a unit that offers actions in the program see the plans with their actions,
  and in them the deliveries and targets of those actions only.
- Everyone else (a municipal focal point included) gets 404.

Figures come from apoia.programs.progress and apoia.programs.movement only; this module
chooses the deliveries (scope and filters) and shapes the tables.
"""

import dataclasses
import datetime as dt

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit, Role
from apoia.lib.collation import reading_key
from apoia.programs import movement, progress, queries
from apoia.programs.models import (
    Action,
    Adhesion,
    AdhesionStatus,
    Challenge,
    Clarification,
    ClarificationStatus,
    DeliveryReview,
    DeliveryStatus,
    Evidence,
    Phase,
    PlanDelivery,
    PlanItem,
    Program,
    ReviewDecision,
)
from apoia.programs.queries_deliveries import Calendars
from apoia.territory.calendar import business_days_between

# Progress classes of the choropleth: [0, 20) … [80, 100], and no counted delivery.
PROGRESS_RAMP = ["#dbe8fb", "#a8c6f0", "#6d9fe0", "#2f6cc4", "#0c326f"]
NO_PLAN = "#e6e6e6"


@dataclasses.dataclass(frozen=True)
class MonitoringScope:
    program: Program
    all: bool
    units: frozenset = frozenset()

    def deliveries(self, qs=None):
        qs = PlanDelivery.objects.all() if qs is None else qs
        if self.all:
            return qs
        return qs.filter(item__action__unit__in=self.units)

    def targets(self, qs):
        return qs if self.all else qs.filter(item__action__unit__in=self.units)


def _staff_units(user) -> set[int]:
    units: set[int] = set()
    for membership in user.active_memberships:
        if membership.role in (Role.COORDINATOR, Role.TECHNICIAN) and membership.org_unit_id:
            units |= membership.org_unit.descendant_ids()
    return units


def monitoring_scope(user, program: Program) -> MonitoringScope | None:
    """The one answer to "may this person open the program's dashboard, and what of it"."""
    if not user.is_authenticated:
        return None
    if queries.managed_programs(user).filter(pk=program.pk).exists():
        return MonitoringScope(program=program, all=True)
    units = _staff_units(user)
    offered = set(
        Action.objects.filter(phase__program=program, unit__in=units).values_list(
            "unit_id", flat=True
        )
    )
    if not offered:
        return None
    return MonitoringScope(program=program, all=False, units=frozenset(units))


def get_monitoring_for(user, slug: str) -> MonitoringScope:
    program = Program.objects.select_related("state", "managing_unit").filter(slug=slug).first()
    scope = monitoring_scope(user, program) if program else None
    if scope is None:
        raise Http404
    return scope


def monitored_programs(user) -> list[Program]:
    """The programs whose dashboard the user may open."""
    found = list(queries.managed_programs(user))
    units = _staff_units(user) if user.is_authenticated else set()
    if units:
        others = Program.objects.filter(phases__actions__unit__in=units).exclude(
            pk__in=[p.pk for p in found]
        )
        found += list(others.distinct())
    return found


def phase_or_current(program: Program, slug: str = "") -> Phase | None:
    """The phase named by `slug`, else the program's current phase (None if unknown)."""
    if slug:
        return program.phases.filter(slug=slug).first()
    return queries.current_phase(program)


@dataclasses.dataclass
class Filters:
    """The dashboard's filters, already resolved to rows of the phase (or None)."""

    challenge: Challenge | None = None
    action: Action | None = None
    unit: OrgUnit | None = None
    municipality: int | None = None

    def deliveries(self, qs):
        if self.challenge is not None:
            qs = qs.filter(item__action__challenges=self.challenge)
        if self.action is not None:
            qs = qs.filter(item__action=self.action)
        if self.unit is not None:
            qs = qs.filter(item__action__unit__in=self.unit.descendant_ids())
        if self.municipality is not None:
            qs = qs.filter(item__plan__adhesion__municipality=self.municipality)
        return qs

    # Targets hang off the same plan items: the same lookups apply.
    targets = deliveries

    def query(self) -> dict:
        """The filters as GET parameters (for links that keep them)."""
        found = {}
        if self.challenge is not None:
            found["desafio"] = self.challenge.pk
        if self.action is not None:
            found["acao"] = self.action.pk
        if self.unit is not None:
            found["unidade"] = self.unit.pk
        if self.municipality is not None:
            found["municipio"] = self.municipality
        return found


def phase_deliveries(scope: MonitoringScope, phase: Phase, filters: Filters | None = None):
    """The counted deliveries of the phase the person sees, narrowed by the filters."""
    qs = progress.of_phase_deliveries(phase, scope.deliveries())
    return filters.deliveries(qs) if filters else qs


def filter_choices(scope: MonitoringScope, phase: Phase) -> dict:
    """What the filter form offers: the phase's challenges, actions, units and municipalities
    (the actions and units limited to the person's scope)."""
    actions = Action.objects.filter(phase=phase).select_related("unit").order_by("title")
    if not scope.all:
        actions = actions.filter(unit__in=scope.units)
    actions = list(actions)
    units = sorted({a.unit for a in actions}, key=lambda u: reading_key(u.name))
    municipalities = sorted(
        (
            (a.municipality_id, a.municipality.name)
            for a in active_adhesions(phase).select_related("municipality")
        ),
        key=lambda pair: reading_key(pair[1]),
    )
    return {
        "challenges": list(phase.challenges.order_by("order", "name")),
        "actions": actions,
        "units": units,
        "municipalities": municipalities,
    }


def active_adhesions(phase: Phase):
    return Adhesion.objects.filter(phase=phase, status=AdhesionStatus.ACTIVE)


def municipality_rows(
    scope: MonitoringScope, phase: Phase, filters: Filters, today: dt.date, sort: str = "name"
) -> list[dict]:
    """Each adhered municipality of the phase: its plan, progress and late count (3 queries)."""
    deliveries = phase_deliveries(scope, phase, filters)
    figures = progress.grouped(deliveries, "item__plan__adhesion__municipality")
    late = dict(
        deliveries.late(today)
        .order_by()
        .values("item__plan__adhesion__municipality")
        .annotate(n=Count("pk"))
        .values_list("item__plan__adhesion__municipality", "n")
    )
    adhesions = active_adhesions(phase).select_related("municipality", "plan")
    if filters.municipality is not None:
        adhesions = adhesions.filter(municipality=filters.municipality)
    if not scope.all:
        adhesions = adhesions.filter(
            plan__in=PlanItem.objects.filter(action__unit__in=scope.units).values("plan_id")
        )
    rows = []
    for adhesion in adhesions:
        ibge = adhesion.municipality_id
        plan = getattr(adhesion, "plan", None)
        rows.append(
            {
                "municipality": adhesion.municipality,
                "adhesion": adhesion,
                "plan": plan,
                "progress": figures.get(ibge, progress.EMPTY),
                "late": late.get(ibge, 0),
            }
        )
    return sort_rows(rows, sort)


SORTS = {
    "name": lambda row: reading_key(row["municipality"].name),
    # No counted delivery sorts below 0 %.
    "progress": lambda row: (
        row["progress"].ratio if row["progress"].ratio is not None else -1,
        reading_key(row["municipality"].name),
    ),
    "late": lambda row: (row["late"], reading_key(row["municipality"].name)),
}


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    """`sort` is name, progress or late, with "-" for descending; anything else is by name."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    return sorted(rows, key=SORTS[key], reverse=sort.startswith("-"))


def flag_late(qs, today: dt.date | None = None):
    """Each delivery with `late_now`: PlanDeliveryQuerySet.late as a column, for the tags."""
    today = today or timezone.localdate()
    held = Clarification.objects.filter(delivery=OuterRef("pk"), status=ClarificationStatus.OPEN)
    late = Q(due__lt=today) & ~Q(status=DeliveryStatus.VALIDATED) & ~Exists(held)
    return qs.annotate(late_now=ExpressionWrapper(late, output_field=BooleanField()))


def _listed(qs, today=None):
    return flag_late(
        qs.select_related(
            "delivery", "item__action__unit", "item__plan__adhesion__municipality__state"
        ),
        today,
    )


def late_deliveries(deliveries, today: dt.date):
    """Late deliveries, the longest overdue first."""
    return _listed(deliveries.late(today), today).order_by("due", "pk")


def waiting_deliveries(deliveries):
    """Deliveries waiting for validation (submitted), the oldest first."""
    return _listed(deliveries.filter(status=DeliveryStatus.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


def returned_deliveries(deliveries):
    return _listed(deliveries.filter(status=DeliveryStatus.RETURNED)).order_by("due", "pk")


def with_ages(deliveries, today: dt.date | None = None) -> list[dict]:
    """[{"delivery", "age"}]: business days since each was submitted, in the calendar of its
    municipality (apoia.territory.calendar)."""
    today = today or timezone.localdate()
    calendars = Calendars()  # a strategic project's delivery: its state's calendar
    rows = []
    for delivery in deliveries:
        calendar = calendars.of_plan(delivery.item.plan)
        age = None
        if delivery.submitted_at is not None:
            since = timezone.localdate(delivery.submitted_at)
            age = business_days_between(since, today, calendar)
        rows.append({"delivery": delivery, "age": age})
    return rows


def movement_targets(scope: MonitoringScope, phase: Phase, filters: Filters):
    """The counted targets of the phase the person sees, narrowed by the filters, listed (a
    queryset: slice or paginate it, then `movement.movements` the rows)."""
    targets = movement.counted_targets().filter(item__plan__adhesion__phase=phase)
    return movement.listed(filters.targets(scope.targets(targets)))


def progress_map(program: Program, phase: Phase, rows: list[dict]) -> dict | None:
    """The state's SVG map, each adhered municipality coloured by its progress class."""
    from apoia.indicators import maps

    geometry = maps.state_geometry(program.state.uf)
    if not geometry["paths"]:
        return None
    by_ibge = {row["municipality"].ibge: row["progress"] for row in rows}
    shapes = []
    for ibge, (name, d) in geometry["paths"].items():
        figure = by_ibge.get(ibge)
        percent = figure.percent if figure is not None else None
        if percent is None:
            colour = NO_PLAN
            title = (
                _("%(name)s: sem entregas contadas")
                if figure is not None
                else _("%(name)s: sem adesão à fase")
            ) % {"name": name}
        else:
            colour = PROGRESS_RAMP[min(int(percent // 20), 4)]
            title = _("%(name)s: %(percent)s%% de progresso") % {
                "name": name,
                "percent": str(percent).replace(".", ","),
            }
        shapes.append({"ibge": ibge, "d": d, "colour": colour, "title": title})
    legend = [
        {"colour": colour, "label": f"{20 * i}–{20 * (i + 1)}%"}
        for i, colour in enumerate(PROGRESS_RAMP)
    ]
    return {"geometry": geometry, "shapes": shapes, "legend": legend, "none": NO_PLAN}


# Public accountability (item 10): adhesions, plans and figures; never a person.


def public_municipality_rows(program: Program, phase: Phase) -> list[dict]:
    """Each municipality with an active adhesion to the phase and its progress (2 queries)."""
    figures = progress.by_municipality(phase)
    adhesions = active_adhesions(phase).select_related("municipality", "plan")
    rows = [
        {
            "municipality": a.municipality,
            "adhesion": a,
            "plan": getattr(a, "plan", None),
            "progress": figures.get(a.municipality_id, progress.EMPTY),
        }
        for a in adhesions
    ]
    return sorted(rows, key=lambda row: reading_key(row["municipality"].name))


def public_adhesion(program: Program, phase: Phase, ibge: int) -> Adhesion | None:
    """The municipality's adhesion to the phase (a withdrawn one only if there is no other)."""
    found = list(
        Adhesion.objects.filter(program=program, phase=phase, municipality_id=ibge)
        .select_related("municipality__state", "phase", "plan")
        .order_by("-since", "-pk")
    )
    found.sort(key=lambda a: a.status == AdhesionStatus.WITHDRAWN)
    return found[0] if found else None


def municipality_phase(program: Program, ibge: int, slug: str = "") -> Phase | None:
    """The phase to show for a municipality: the one asked for, else the current phase if it
    adhered to it, else the latest phase it adhered to."""
    if slug:
        return program.phases.filter(slug=slug).first()
    current = queries.current_phase(program)
    adhered = Adhesion.objects.filter(program=program, municipality_id=ibge, phase__isnull=False)
    if current is not None and adhered.filter(phase=current).exists():
        return current
    latest = adhered.select_related("phase").order_by("-phase__order").first()
    return latest.phase if latest else current


def evidence_of(deliveries) -> dict[int, list[Evidence]]:
    """delivery id → the evidence its validation looked at (the versions the validating review
    names; else the latest version of each kind). Two queries; `deliveries` is a list of rows
    or a queryset (read as a subquery, so a whole phase costs no long list of ids)."""
    if hasattr(deliveries, "query"):
        ids = deliveries.filter(status=DeliveryStatus.VALIDATED).order_by().values("pk")
    else:
        ids = [d.pk for d in deliveries if d.status == DeliveryStatus.VALIDATED]
        if not ids:
            return {}
    reviewed: dict[int, set[int]] = {}
    reviews = DeliveryReview.objects.filter(
        delivery_id__in=ids, decision=ReviewDecision.VALIDATE
    ).order_by("delivery_id", "-at", "-pk")
    for delivery_id, evidence_ids in reviews.values_list("delivery_id", "evidence_ids"):
        reviewed.setdefault(delivery_id, set(evidence_ids or []))
    found: dict[int, list[Evidence]] = {}
    seen: set[tuple[int, str]] = set()
    rows = (
        Evidence.objects.filter(delivery_id__in=ids)
        .order_by("delivery_id", "kind", "-version")
        .only("pk", "delivery_id", "kind", "title", "version")
    )
    for evidence in rows:
        names = reviewed.get(evidence.delivery_id)
        if names:
            if evidence.pk not in names:
                continue
        elif (evidence.delivery_id, evidence.kind) in seen:
            continue
        seen.add((evidence.delivery_id, evidence.kind))
        found.setdefault(evidence.delivery_id, []).append(evidence)
    return found


def plan_deliveries(plan) -> list[PlanDelivery]:
    """The counted deliveries of a plan, by action, for the public page and the plan page."""
    if plan is None:
        return []
    return list(
        flag_late(progress.of_plan_deliveries(plan))
        .select_related("delivery", "item__action__unit")
        .order_by("item__order", "item__pk", "delivery__order", "delivery__pk")
    )


def plan_actions(plan) -> list[PlanItem]:
    """The actions of the plan's approved version with their offering unit (no responsible
    person: public). While a revision is analysed, actions it adds are not shown yet."""
    if plan is None or not plan.version:
        return []
    items = plan.items.select_related("action__unit").prefetch_related(
        Prefetch("action__challenges")
    )
    if plan.is_revision:
        version = plan.versions.order_by("-number").first()
        approved = {row["action"] for row in (version.snapshot if version else {}).get("items", [])}
        items = items.filter(action__in=approved)
    return list(items.order_by("order", "pk"))
