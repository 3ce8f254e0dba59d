"""Focal municipalities of a challenge: computed from the indicators app, adjusted by hand.

The computation itself is the indicators app's: `critical_municipalities` with the challenge's
rule, or the rows of a saved priority list. This module only turns them into dated snapshots,
applies the managers' standing adjustments and says what a recomputation would change.

- A snapshot is never edited: a recomputation or an adjustment saves a new one, and the
  challenge points to the newest (`Challenge.current_snapshot`).
- The latest adjustment of a municipality stands across recomputations: an included one stays
  (as a manual row, after the computed ones, unless the rule now flags it by itself), an
  excluded one stays out.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apoia.indicators.criticality import critical_municipalities, format_value
from apoia.indicators.queries import latest_period
from apoia.programs import queries
from apoia.programs.models import (
    AdjustmentKind,
    Challenge,
    FocalAdjustment,
    FocalMunicipality,
    FocalOrigin,
    FocalSnapshot,
    SnapshotCause,
)
from apoia.territory.models import Municipality

JUSTIFICATION_MAX = 2000


def can_manage(user, program) -> bool:
    """Admins and the managing unit's staff (coordinators and technicians) manage challenges
    and the menu."""
    return queries.managed_programs(user).filter(pk=program.pk).exists()


def require_manager(user, program) -> None:
    if not can_manage(user, program):
        raise PermissionDenied(
            _("Só a unidade gestora do programa e os administradores gerenciam desafios e ações.")
        )


@dataclass
class Proposal:
    """What the challenge's source says now: the rows a snapshot would hold."""

    period: int | None
    source: str
    rows: list[dict] = field(default_factory=list)  # {"ibge", "municipality", "origin", …}

    @property
    def fingerprint(self) -> str:
        """Identifies the proposal, so a confirmation saves what the manager previewed."""
        payload = [self.period, [(row["ibge"], row["reasons"]) for row in self.rows]]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass
class Difference:
    proposal: Proposal
    entered: list[dict]
    left: list[dict]
    stayed: list[dict]

    @property
    def changed(self) -> bool:
        return bool(self.entered or self.left)


def source_label(challenge: Challenge, period: int | None) -> str:
    if challenge.rule_id:
        rule = challenge.rule
        return _("%(kind)s de %(indicator)s, %(period)s") % {
            "kind": rule.get_kind_display(),
            "indicator": rule.indicator.name,
            "period": period if period is not None else _("sem dados"),
        }
    return _("os %(top)d primeiros da lista “%(name)s” (%(period)s)") % {
        "top": challenge.ranking_top,
        "name": challenge.ranking.name,
        "period": challenge.ranking.period,
    }


def _from_rule(challenge: Challenge, uf: str) -> tuple[int | None, list[dict]]:
    rule = challenge.rule
    period = challenge.period or latest_period(rule.indicator, uf)
    if period is None:
        return None, []
    flagged = critical_municipalities(rule.indicator, uf, period, rules=[rule])
    return period, [
        {
            "ibge": row["ibge"],
            "municipality": row["municipality"],
            "value": row["value"],
            "reasons": list(row["reasons"]),
        }
        for row in flagged
    ]


def _from_ranking(challenge: Challenge) -> tuple[int, list[dict]]:
    ranking = challenge.ranking
    ranked = sorted(
        (row for row in ranking.rows if row.get("rank") is not None), key=lambda r: r["rank"]
    )
    rows = []
    for row in ranked[: challenge.ranking_top]:
        reason = _("posição %(rank)d de %(count)d na lista “%(name)s” (pontuação %(score)s)") % {
            "rank": row["rank"],
            "count": len(ranked),
            "name": ranking.name,
            "score": format_value(row["score"], 3),
        }
        rows.append(
            {
                "ibge": row["ibge"],
                "municipality": row["municipality"],
                "value": row["score"],
                "reasons": [reason],
            }
        )
    return ranking.period, rows


def standing_adjustments(challenge: Challenge) -> dict[int, FocalAdjustment]:
    """ibge → the latest adjustment of that municipality in the challenge."""
    found: dict[int, FocalAdjustment] = {}
    for adjustment in challenge.adjustments.order_by("created_at", "pk"):
        found[adjustment.municipality_id] = adjustment
    return found


def manual_reason(adjustment: FocalAdjustment) -> str:
    return _("incluído manualmente: %(justification)s") % {
        "justification": adjustment.justification
    }


def propose(challenge: Challenge) -> Proposal:
    """The focal municipalities the challenge's source gives now, adjustments applied."""
    uf = challenge.phase.program.state.uf
    if challenge.rule_id:
        period, computed = _from_rule(challenge, uf)
    else:
        period, computed = _from_ranking(challenge)
    adjustments = standing_adjustments(challenge)
    rows = []
    for row in computed:
        adjustment = adjustments.get(row["ibge"])
        if adjustment is not None and adjustment.kind == AdjustmentKind.REMOVE:
            continue
        rows.append({**row, "origin": FocalOrigin.COMPUTED})
    present = {row["ibge"] for row in rows}
    added = [
        a for ibge, a in adjustments.items() if a.kind == AdjustmentKind.ADD and ibge not in present
    ]
    names = dict(
        Municipality.objects.filter(ibge__in=[a.municipality_id for a in added]).values_list(
            "ibge", "name"
        )
    )
    for adjustment in sorted(added, key=lambda a: (a.created_at, a.pk)):
        rows.append(
            {
                "ibge": adjustment.municipality_id,
                "municipality": names.get(adjustment.municipality_id, ""),
                "value": None,
                "reasons": [manual_reason(adjustment)],
                "origin": FocalOrigin.MANUAL,
            }
        )
    for position, row in enumerate(rows, start=1):
        row["position"] = position
    return Proposal(period=period, source=source_label(challenge, period), rows=rows)


def current_rows(challenge: Challenge) -> list[dict]:
    """The current snapshot's rows as dicts (empty before the first computation)."""
    # Read afresh: another request (or this one, on another instance) may have saved one.
    snapshot_id = (
        Challenge.objects.filter(pk=challenge.pk).values_list("current_snapshot", flat=True).first()
    )
    if not snapshot_id:
        return []
    return [
        {
            "ibge": row.municipality_id,
            "municipality": row.municipality.name,
            "position": row.position,
            "origin": row.origin,
            "reasons": row.reasons,
            "value": row.value,
        }
        for row in FocalMunicipality.objects.filter(snapshot_id=snapshot_id)
        .select_related("municipality")
        .order_by("position")
    ]


def difference(challenge: Challenge) -> Difference:
    """What a recomputation would change: the municipalities that enter, leave and stay."""
    proposal = propose(challenge)
    before = {row["ibge"]: row for row in current_rows(challenge)}
    after = {row["ibge"]: row for row in proposal.rows}
    return Difference(
        proposal=proposal,
        entered=[row for ibge, row in after.items() if ibge not in before],
        left=[row for ibge, row in before.items() if ibge not in after],
        stayed=[row for ibge, row in after.items() if ibge in before],
    )


def _save_snapshot(
    challenge: Challenge,
    rows: list[dict],
    *,
    cause: str,
    period: int | None,
    source: str,
    by,
    adjustment: FocalAdjustment | None = None,
) -> FocalSnapshot:
    snapshot = FocalSnapshot.objects.create(
        challenge=challenge,
        taken_at=timezone.now(),
        taken_by=by if by is not None and by.is_authenticated else None,
        cause=cause,
        period=period,
        source=source[:300],
        adjustment=adjustment,
    )
    FocalMunicipality.objects.bulk_create(
        [
            FocalMunicipality(
                snapshot=snapshot,
                municipality_id=row["ibge"],
                position=position,
                origin=row["origin"],
                reasons=row["reasons"],
                value=row.get("value"),
            )
            for position, row in enumerate(rows, start=1)
        ]
    )
    challenge.current_snapshot = snapshot
    challenge.save(update_fields=["current_snapshot"])
    return snapshot


@transaction.atomic
def recompute(challenge: Challenge, *, by, fingerprint: str | None = None) -> FocalSnapshot:
    """Save what the source gives now as the challenge's new snapshot.

    With `fingerprint` (from the preview), refuses when the data changed since the preview, so
    a manager never confirms a list they did not see. `by` None: a system load (demo data).
    """
    if by is not None:
        require_manager(by, challenge.phase.program)
    given, challenge = challenge, Challenge.objects.select_for_update().get(pk=challenge.pk)
    proposal = propose(challenge)
    if fingerprint is not None and fingerprint != proposal.fingerprint:
        raise ValidationError(
            _(
                "Os dados mudaram desde a pré-visualização: confira as diferenças de novo "
                "antes de confirmar."
            ),
            code="stale",
        )
    snapshot = _save_snapshot(
        challenge,
        proposal.rows,
        cause=SnapshotCause.COMPUTED,
        period=proposal.period,
        source=proposal.source,
        by=by,
    )
    given.current_snapshot = snapshot
    return snapshot


@transaction.atomic
def adjust(
    challenge: Challenge, *, municipality: Municipality | None, kind: str, justification: str, by
) -> FocalAdjustment:
    """Include or exclude one municipality by hand, with a written justification."""
    require_manager(by, challenge.phase.program)
    given, challenge = challenge, Challenge.objects.select_for_update().get(pk=challenge.pk)
    justification = (justification or "").strip()
    errors = {}
    if kind not in AdjustmentKind.values:
        errors["kind"] = _("Escolha incluir ou excluir.")
    if not justification:
        errors["justification"] = _("Escreva a justificativa do ajuste.")
    elif len(justification) > JUSTIFICATION_MAX:
        errors["justification"] = _("A justificativa pode ter até %(max)d caracteres.") % {
            "max": JUSTIFICATION_MAX
        }
    program = challenge.phase.program
    if municipality is None:
        errors["municipality"] = _("Escolha o município.")
    elif municipality.state_id != program.state_id:
        errors["municipality"] = _("%(name)s não é um município de %(uf)s.") % {
            "name": municipality.name,
            "uf": program.state.uf,
        }
    if errors:
        raise ValidationError(errors)
    rows = current_rows(challenge)
    present = {row["ibge"] for row in rows}
    if kind == AdjustmentKind.ADD and municipality.ibge in present:
        raise ValidationError(
            {"municipality": _("%(name)s já é focal neste desafio.") % {"name": municipality.name}}
        )
    if kind == AdjustmentKind.REMOVE and municipality.ibge not in present:
        raise ValidationError(
            {"municipality": _("%(name)s não é focal neste desafio.") % {"name": municipality.name}}
        )
    adjustment = FocalAdjustment.objects.create(
        challenge=challenge,
        municipality=municipality,
        kind=kind,
        justification=justification,
        created_by=by,
        created_at=timezone.now(),
    )
    if kind == AdjustmentKind.ADD:
        rows.append(
            {
                "ibge": municipality.ibge,
                "municipality": municipality.name,
                "origin": FocalOrigin.MANUAL,
                "reasons": [manual_reason(adjustment)],
                "value": None,
            }
        )
    else:
        rows = [row for row in rows if row["ibge"] != municipality.ibge]
    snapshot = challenge.current_snapshot
    given.current_snapshot = _save_snapshot(
        challenge,
        rows,
        cause=SnapshotCause.ADJUSTED,
        period=snapshot.period if snapshot else None,
        source=snapshot.source if snapshot else source_label(challenge, challenge.period),
        by=by,
        adjustment=adjustment,
    )
    return adjustment


def check_challenge(challenge: Challenge, indicators) -> None:
    """The rules a challenge's form cannot express alone: its rule's indicator is one of its
    indicators, its saved list is of the program's state. Raises ValidationError."""
    indicators = list(indicators)
    errors = {}
    if not indicators:
        errors["indicators"] = _("Escolha ao menos um indicador.")
    if challenge.rule_id and challenge.rule.indicator_id not in {i.pk for i in indicators}:
        errors["rule"] = _(
            "A regra deve ser de um dos indicadores do desafio (%(name)s não é)."
        ) % {"name": challenge.rule.indicator.name}
    if challenge.ranking_id and challenge.ranking.state_id != challenge.phase.program.state_id:
        errors["ranking"] = _("A lista de prioridade deve ser do estado do programa.")
    if errors:
        raise ValidationError(errors)


def _free_slug(challenge: Challenge) -> str:
    base = slugify(challenge.name)[:70] or "desafio"
    taken = set(
        Challenge.objects.filter(phase=challenge.phase, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_challenge(challenge: Challenge, *, indicators, by) -> Challenge:
    """Create or change a challenge (the web form's and the admin's rules in one place).

    Only the chosen source is kept (a rule and its period, or a saved list and its top N). A
    new challenge gets its slug from its name and its first snapshot at once; a changed one
    keeps its snapshot until a manager recomputes it through the preview, which shows who
    enters and who leaves.
    """
    require_manager(by, challenge.phase.program)
    indicators = list(indicators)
    if challenge.rule_id:
        challenge.ranking, challenge.ranking_top = None, None
    elif challenge.ranking_id:
        challenge.period = None
    check_challenge(challenge, indicators)
    creating = challenge.pk is None
    if creating:
        challenge.slug = _free_slug(challenge)
    try:
        challenge.full_clean(exclude=["current_snapshot"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    challenge._history_user = by
    challenge.save()
    challenge.indicators.set(indicators)
    if creating:
        recompute(challenge, by=by)
    return challenge
