"""Indicator movement (issue 10, item 5): for each plan target, baseline → latest value → target.

    share of the way covered = (latest − baseline) / (target − baseline)

The baseline is the one frozen at the plan's approval (PlanTarget.baseline_value); the latest
value is the indicator's most recent period with a value for the municipality. The share is
None when a number is missing or when the target equals the baseline (there is no way to
cover). It may be negative (the indicator moved away from the target) or above 1 (the target
was passed). Whether a change is good or bad reads the indicator's direction, never the sign.

Reads for many targets cost two queries (the targets, then the values of their indicators in
their municipalities), whatever their number.
"""

import dataclasses
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _

from apoia.indicators.criticality import format_value
from apoia.indicators.models import Direction, IndicatorValue
from apoia.programs.models import AdhesionStatus, PlanTarget


@dataclasses.dataclass
class Movement:
    target: PlanTarget
    municipality_id: int
    baseline: float | None
    baseline_period: int | None
    latest: float | None
    latest_period: int | None
    goal: float | None

    @property
    def indicator(self):
        return self.target.indicator

    @property
    def share(self) -> float | None:
        """(latest − baseline) / (target − baseline), unrounded; None without a way to go."""
        if self.baseline is None or self.latest is None or self.goal is None:
            return None
        if self.goal == self.baseline:
            return None
        # Fractions of the floats: the share of 0.5 → 0.6 → 0.7 is exactly 0.5.
        baseline = Fraction(str(self.baseline))
        latest, goal = Fraction(str(self.latest)), Fraction(str(self.goal))
        return float((latest - baseline) / (goal - baseline))

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else share * 100

    @property
    def has_new_data(self) -> bool:
        return (
            self.latest_period is not None
            and self.baseline_period is not None
            and self.latest_period > self.baseline_period
        )

    @property
    def trend(self) -> str | None:
        """ "improved", "worsened" or "unchanged" by the indicator's direction; "up"/"down" for a
        neutral indicator; None without both numbers."""
        if self.baseline is None or self.latest is None:
            return None
        if self.latest == self.baseline:
            return "unchanged"
        went_up = self.latest > self.baseline
        direction = self.indicator.direction
        if direction == Direction.NEUTRAL:
            return "up" if went_up else "down"
        better = went_up == (direction == Direction.HIGHER_IS_BETTER)
        return "improved" if better else "worsened"

    @property
    def wording(self) -> str:
        """One sentence for people: where the indicator went and how far along the way."""
        if self.baseline is None:
            return _("Sem linha de base.")
        if self.latest is None:
            return _("Sem valor do indicador para o município.")
        if not self.has_new_data and self.latest == self.baseline:
            return _("Ainda sem valor posterior à linha de base.")
        decimals = self.indicator.decimals
        moved = {
            "improved": _("melhorou"),
            "worsened": _("piorou"),
            "unchanged": _("não mudou"),
            "up": _("subiu"),
            "down": _("caiu"),
        }[self.trend]
        values = {
            "baseline": format_value(self.baseline, decimals),
            "latest": format_value(self.latest, decimals),
            "moved": moved,
        }
        share = self.share
        if self.goal is None:
            return _("De %(baseline)s para %(latest)s: %(moved)s; sem meta.") % values
        if share is None:
            return _("De %(baseline)s para %(latest)s: %(moved)s; meta igual à linha de base.") % (
                values
            )
        if share >= 1:
            return _("De %(baseline)s para %(latest)s: %(moved)s; meta alcançada.") % values
        if share < 0:
            return _("De %(baseline)s para %(latest)s: %(moved)s; afastou-se da meta.") % values
        return _(
            "De %(baseline)s para %(latest)s: %(moved)s; %(share)s%% do caminho até a meta."
        ) % {
            **values,
            "share": format_value(share * 100, 1),
        }


def counted_targets():
    """The targets of the plans approved at least once, frozen at approval (as progress
    counts: see apoia.programs.progress)."""
    return PlanTarget.objects.filter(item__plan__version__gte=1, frozen=True).exclude(
        item__plan__adhesion__status=AdhesionStatus.WITHDRAWN
    )


def listed(targets):
    """The targets in the order the tables show them, with what a Movement reads."""
    return targets.select_related(
        "indicator", "item__action", "item__plan__adhesion__municipality"
    ).order_by("item__plan__adhesion__municipality__name", "item__order", "indicator__code", "pk")


def movements(targets) -> list[Movement]:
    """A Movement per target, with its municipality's latest value. `targets` is a queryset
    (listed here) or rows already fetched through `listed` (a page of them)."""
    rows = list(
        listed(targets) if hasattr(targets, "query") and not targets.query.is_sliced else targets
    )
    pairs = {(t.indicator_id, t.item.plan.adhesion.municipality_id) for t in rows}
    latest: dict[tuple[int, int], tuple[float, int]] = {}
    if pairs:
        wanted = Q()
        for indicator_id in {i for i, _m in pairs}:
            wanted |= Q(
                indicator_id=indicator_id,
                municipality_id__in=[m for i, m in pairs if i == indicator_id],
            )
        values = (
            IndicatorValue.objects.filter(wanted)
            .order_by("indicator_id", "municipality_id", "-period")
            .values_list("indicator_id", "municipality_id", "value", "period")
        )
        for indicator_id, municipality_id, value, period in values:
            latest.setdefault((indicator_id, municipality_id), (value, period))
    found = []
    for target in rows:
        municipality_id = target.item.plan.adhesion.municipality_id
        value, period = latest.get((target.indicator_id, municipality_id), (None, None))
        found.append(
            Movement(
                target=target,
                municipality_id=municipality_id,
                baseline=target.baseline_value,
                baseline_period=target.baseline_period,
                latest=value,
                latest_period=period,
                goal=target.target,
            )
        )
    return found


def for_plan(plan) -> list[Movement]:
    return movements(PlanTarget.objects.filter(item__plan=plan))
