"""Derived progress (issue 10, item 4): the one place that computes it. Never typed in.

    progress = Σ weight of the validated deliveries / Σ weight of the deliveries

A plan, a municipality, a challenge, a phase and a program all use that formula over their
deliveries, so an aggregate is weighted by delivery weights (never a mean of ratios): a plan
with weights 1 + 2 + 5 counts eight times as much as a plan with a single delivery of weight 1.

Which deliveries count ("counted deliveries", `counted()`):
- only plans approved at least once (`Plan.version >= 1`): an approved plan, or a plan under
  revision, whose approved version keeps counting while the change is analysed;
- of those, only the deliveries that were approved (`PlanDelivery.frozen`): a delivery added
  by a revision counts from the revision's approval on;
- not the plans of a withdrawn adhesion (they would hold the program back forever).
Submitted and returned deliveries weigh in the total, not in the validated part.

Every figure is one aggregate query over PlanDelivery (grouped when there are many: one row
per municipality, plan or challenge), never a loop over plans: the dashboard of a program with
5,000 plans and 100,000 deliveries costs the same handful of queries.

A scope with no counted delivery has no progress (`Progress.ratio` is None), not 0 %: nothing
was planned yet, which is not the same as nothing done. The API answers `null` for it.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from apoia.programs.models import AdhesionStatus, DeliveryStatus, PlanDelivery

ZERO = Decimal("0.00")
_VALIDATED = Q(status=DeliveryStatus.VALIDATED)


@dataclasses.dataclass(frozen=True)
class Progress:
    """The figures behind one progress value."""

    validated_weight: Decimal = ZERO
    total_weight: Decimal = ZERO
    count: int = 0
    validated_count: int = 0

    @property
    def ratio(self) -> Fraction | None:
        """Exact validated / total, or None when nothing is counted."""
        if not self.total_weight:
            return None
        return Fraction(self.validated_weight) / Fraction(self.total_weight)

    @property
    def value(self) -> float | None:
        """The ratio as a float between 0 and 1, unrounded (the API's form)."""
        ratio = self.ratio
        return None if ratio is None else float(ratio)

    @property
    def percent(self) -> Decimal | None:
        """Percent with one decimal, rounded half up (62.5): what the pages show."""
        ratio = self.ratio
        if ratio is None:
            return None
        exact = Decimal(ratio.numerator * 100) / Decimal(ratio.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(
            self.validated_weight + other.validated_weight,
            self.total_weight + other.total_weight,
            self.count + other.count,
            self.validated_count + other.validated_count,
        )


EMPTY = Progress()


def counted(deliveries=None):
    """The deliveries that count towards progress (see the module docstring)."""
    qs = PlanDelivery.objects.all() if deliveries is None else deliveries
    return qs.filter(item__plan__version__gte=1, frozen=True).exclude(
        item__plan__adhesion__status=AdhesionStatus.WITHDRAWN
    )


def _sums() -> dict:
    decimal = DecimalField(max_digits=20, decimal_places=2)
    return {
        "validated": Coalesce(
            Sum("delivery__weight", filter=_VALIDATED), Value(ZERO), output_field=decimal
        ),
        "total": Coalesce(Sum("delivery__weight"), Value(ZERO), output_field=decimal),
        "n": Count("pk"),
        "n_validated": Count("pk", filter=_VALIDATED),
    }


def _from_row(row: dict) -> Progress:
    # SQLite sums decimals as floats: back to cents, exactly as they were stored.
    def cents(value) -> Decimal:
        return Decimal(str(value)).quantize(Decimal("0.01"))

    return Progress(cents(row["validated"]), cents(row["total"]), row["n"], row["n_validated"])


def total(deliveries) -> Progress:
    """One figure over a queryset of deliveries (already counted())."""
    return _from_row(deliveries.order_by().aggregate(**_sums()))


def grouped(deliveries, key: str) -> dict:
    """key value → Progress, one grouped query (`key` a lookup such as
    "item__plan__adhesion__municipality")."""
    rows = deliveries.order_by().values(key).annotate(**_sums())
    return {row[key]: _from_row(row) for row in rows}


# The scopes of item 4. Each takes an optional base queryset, so that a page's filters
# (challenge, action, unit, municipality) narrow the same formula.


def of_phase_deliveries(phase, deliveries=None):
    # Plan.phase: an adhesion's phase, or a strategic project's phase (no adhesion).
    return counted(deliveries).filter(item__plan__phase=phase)


def of_program_deliveries(program, deliveries=None):
    return counted(deliveries).filter(item__plan__phase__program=program)


def of_challenge_deliveries(challenge, deliveries=None):
    """The deliveries of the actions that address the challenge, in its phase's plans."""
    return of_phase_deliveries(challenge.phase, deliveries).filter(
        item__action__challenges=challenge
    )


def of_plan_deliveries(plan, deliveries=None):
    return counted(deliveries).filter(item__plan=plan)


def for_plan(plan) -> Progress:
    return total(of_plan_deliveries(plan))


def for_phase(phase, deliveries=None) -> Progress:
    return total(of_phase_deliveries(phase, deliveries))


def for_program(program, deliveries=None) -> Progress:
    """All phases of the program together."""
    return total(of_program_deliveries(program, deliveries))


def for_challenge(challenge, deliveries=None) -> Progress:
    return total(of_challenge_deliveries(challenge, deliveries))


def for_municipality(phase, municipality, deliveries=None) -> Progress:
    return total(
        of_phase_deliveries(phase, deliveries).filter(
            item__plan__adhesion__municipality=municipality
        )
    )


def by_municipality(phase, deliveries=None) -> dict[int, Progress]:
    """IBGE code → Progress of the municipality's plan in the phase (one query)."""
    return grouped(of_phase_deliveries(phase, deliveries), "item__plan__adhesion__municipality")


def by_plan(plan_ids, deliveries=None) -> dict[int, Progress]:
    """plan id → Progress (one query)."""
    return grouped(counted(deliveries).filter(item__plan__in=list(plan_ids)), "item__plan")


def by_challenge(phase, deliveries=None) -> dict[int, Progress]:
    """challenge id → Progress over the deliveries of the actions addressing it (one query; a
    delivery whose action addresses two challenges counts in both)."""
    qs = of_phase_deliveries(phase, deliveries).filter(item__action__challenges__isnull=False)
    return grouped(qs, "item__action__challenges")


def behind(deliveries):
    """The deliveries behind a figure, for listing: what the formula page shows."""
    return deliveries.select_related(
        "delivery",
        "item__action__unit",
        "item__plan__adhesion__municipality",
        "item__plan__adhesion__phase",
    ).order_by(
        "item__plan__adhesion__municipality__name",
        "item__action__title",
        "delivery__order",
        "pk",
    )
