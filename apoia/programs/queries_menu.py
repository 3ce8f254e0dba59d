"""Reads of challenges and the action menu, and which actions an adhered municipality may pick.

Suggestion order (item 5): first the actions with at least one challenge that has the
municipality as focal, the most critical first — by its best (lowest) position among the focal
municipalities of those challenges, then by how many of the action's challenges have it as
focal (more first), then by title; then every other action it may choose, by title. Actions
for focal municipalities only, of challenges where it is not focal, are not offered.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from apoia.programs.models import (
    Action,
    ActionDelivery,
    Adhesion,
    AdhesionStatus,
    Challenge,
    Eligibility,
    FocalMunicipality,
    Phase,
    Program,
)
from apoia.programs.queries import current_phase


def challenges_of(program: Program, phase: Phase | None = None):
    """The challenges of a phase (the program's current one by default), in their order."""
    phase = phase or current_phase(program)
    if phase is None:
        return Challenge.objects.none()
    return (
        Challenge.objects.filter(phase=phase)
        .select_related("phase__program__state", "rule__indicator", "ranking", "current_snapshot")
        .prefetch_related("indicators")
        .order_by("order", "name")
    )


def get_challenge(program: Program, slug: str) -> Challenge:
    challenge = (
        Challenge.objects.filter(phase__program=program, slug=slug)
        .select_related("phase__program__state", "rule__indicator", "ranking", "current_snapshot")
        .order_by("-phase__order")
        .first()
    )
    if challenge is None:
        raise Http404
    return challenge


def focal_rows(challenge: Challenge) -> list[FocalMunicipality]:
    """The current focal municipalities, most critical first."""
    if not challenge.current_snapshot_id:
        return []
    return list(
        FocalMunicipality.objects.filter(snapshot_id=challenge.current_snapshot_id)
        .select_related("municipality")
        .order_by("position")
    )


def focal_by_challenge(challenges) -> dict[int, list[FocalMunicipality]]:
    """challenge id → its current focal rows (one query for all of them)."""
    snapshots = {c.current_snapshot_id: c.pk for c in challenges if c.current_snapshot_id}
    found: dict[int, list[FocalMunicipality]] = {c.pk: [] for c in challenges}
    rows = (
        FocalMunicipality.objects.filter(snapshot_id__in=list(snapshots))
        .select_related("municipality")
        .order_by("position")
    )
    for row in rows:
        found[snapshots[row.snapshot_id]].append(row)
    return found


def menu_of(program: Program, phase: Phase | None = None, *, published_only: bool = True):
    """The actions of a phase (the current one by default) with their deliveries."""
    phase = phase or current_phase(program)
    if phase is None:
        return Action.objects.none()
    actions = Action.objects.filter(phase=phase)
    if published_only:
        actions = actions.published()
    return (
        actions.select_related("unit", "phase__program")
        .prefetch_related(
            Prefetch("deliveries", queryset=ActionDelivery.objects.order_by("order", "pk")),
            Prefetch("challenges", queryset=Challenge.objects.order_by("order", "name")),
        )
        .order_by("title", "pk")
    )


def get_action(program: Program, pk) -> Action:
    try:
        return (
            Action.objects.select_related("unit", "phase__program")
            .prefetch_related("deliveries", "challenges")
            .get(pk=int(pk), phase__program=program)
        )
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class Suggestion:
    """An action offered to an adhered municipality, and why it comes where it does."""

    action: Action
    focal: bool
    # The challenges of the action where the municipality is focal, each with its reasons.
    focal_in: list[dict] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [reason for item in self.focal_in for reason in item["reasons"]]


def _focal_positions(adhesion: Adhesion) -> dict[int, FocalMunicipality]:
    """challenge id → the municipality's focal row in it, for the adhesion's phase."""
    rows = FocalMunicipality.objects.filter(
        snapshot__challenge__phase_id=adhesion.phase_id,
        # Only the current snapshot of each challenge counts.
        snapshot__challenge__current_snapshot=F("snapshot"),
        municipality_id=adhesion.municipality_id,
    ).select_related("snapshot")
    return {row.snapshot.challenge_id: row for row in rows}


def _offer(action: Action, focal: dict[int, FocalMunicipality]) -> Suggestion | None:
    focal_in = [
        {
            "challenge": challenge,
            "position": focal[challenge.pk].position,
            "reasons": focal[challenge.pk].reasons,
        }
        for challenge in action.challenges.all()
        if challenge.pk in focal
    ]
    if action.eligibility == Eligibility.FOCAL_ONLY and not focal_in:
        return None
    return Suggestion(action=action, focal=bool(focal_in), focal_in=focal_in)


def suggested_actions(adhesion: Adhesion) -> list[Suggestion]:
    """The actions an adhered municipality may choose, in the order of the module docstring.

    Empty for an adhesion that is not active (queued or withdrawn) or has no phase.
    """
    if adhesion.status != AdhesionStatus.ACTIVE or not adhesion.phase_id:
        return []
    focal = _focal_positions(adhesion)
    offered = [
        suggestion
        for action in menu_of(adhesion.program, adhesion.phase)
        if (suggestion := _offer(action, focal)) is not None
    ]
    first = sorted(
        (s for s in offered if s.focal),
        key=lambda s: (
            min(item["position"] for item in s.focal_in),
            -len(s.focal_in),
            s.action.title,
            s.action.pk,
        ),
    )
    rest = [s for s in offered if not s.focal]  # menu_of already orders by title
    return first + rest


def require_eligible(action: Action, adhesion: Adhesion) -> None:
    """Raise a ValidationError naming the action when the adhesion may not choose it."""
    name = {"title": action.title, "municipality": adhesion.municipality.name}
    if adhesion.status != AdhesionStatus.ACTIVE:
        raise ValidationError(
            _(
                "A adesão de %(municipality)s não está ativa: a ação “%(title)s” não pode ser "
                "escolhida."
            )
            % name,
            code="ineligible",
        )
    if action.phase_id != adhesion.phase_id or not action.is_published:
        raise ValidationError(
            _("A ação “%(title)s” não está no cardápio da fase de %(municipality)s.") % name,
            code="ineligible",
        )
    if action.eligibility == Eligibility.FOCAL_ONLY:
        focal = _focal_positions(adhesion)
        if not any(challenge.pk in focal for challenge in action.challenges.all()):
            raise ValidationError(
                _(
                    "A ação “%(title)s” é só para os municípios focais dos seus desafios, e "
                    "%(municipality)s não é focal em nenhum deles."
                )
                % name,
                code="ineligible",
            )
