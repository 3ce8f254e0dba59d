"""Derived progress on pages: the plan page's block and the number formats of a figure."""

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode

from apoia.programs import movement, progress

register = template.Library()


@register.filter
def pct(figure) -> str:
    """A Progress (or a percent number) as pages show it: one decimal, "62,5%"; "—" if none."""
    value = figure.percent if isinstance(figure, progress.Progress) else figure
    if value is None:
        return "—"
    return f"{number_format(value, 1)}%"


@register.filter
def weight(value) -> str:
    """A weight or sum of weights without trailing zeros ("2,5", "8")."""
    if value is None:
        return "—"
    normalized = value.normalize() if hasattr(value, "normalize") else value
    decimals = max(0, -normalized.as_tuple().exponent) if hasattr(normalized, "as_tuple") else 2
    return number_format(value, decimals)


@register.filter
def permille(figure) -> int:
    """The ratio in thousandths, for a <progress max="1000">."""
    ratio = figure.ratio if isinstance(figure, progress.Progress) else None
    return 0 if ratio is None else int(ratio * 1000)


def transparency_url(plan) -> str:
    adhesion = plan.adhesion
    url = reverse(
        "programs:transparency_municipality",
        args=[adhesion.program.slug, adhesion.municipality_id],
    )
    return f"{url}?{urlencode({'fase': adhesion.phase.slug})}" if adhesion.phase_id else url


@register.inclusion_tag("programs/monitoring/_plan_progress.html")
def plan_progress(plan):
    """The plan page's block: progress bar, a link to its formula, a movement row per target."""
    return {
        "plan": plan,
        "figure": progress.for_plan(plan),
        "movements": movement.movements(movement.counted_targets().filter(item__plan=plan))
        if plan.version
        else [],
        "formula_url": transparency_url(plan),
    }
