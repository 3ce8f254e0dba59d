"""Who sees and acts on which action plan, and the reads the plan pages and the API share.

- A municipal focal point sees, builds and edits the plans of its own municipality.
- The managing unit's staff (coordinators and technicians, and the units below) and the
  admins see every plan of their programs and decide on them (approve or return).
- A state unit that offers an action sees the plans that include one of its actions.
- A strategic project's plan (no adhesion) is seen by the project's managing unit, the units
  responsible for its goals (and the units above them) and the admins.
Everyone else sees none: a plan out of scope answers 404, on the web and in the API.
"""

import datetime as dt

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from apoia.accounts.models import Role
from apoia.indicators.models import IndicatorValue
from apoia.programs import queries
from apoia.programs.models import (
    Adhesion,
    Plan,
    PlanDelivery,
    PlanItem,
    PlanStatus,
    PlanTarget,
    PlanVersion,
)


def _staff_units(user) -> set[int]:
    units: set[int] = set()
    for membership in user.active_memberships:
        if membership.role in (Role.COORDINATOR, Role.TECHNICIAN) and membership.org_unit_id:
            units |= membership.org_unit.descendant_ids()
    return units


def plans_visible_to(user):
    """The one scope of plans, for the pages and the API alike."""
    base = Plan.objects.select_related(
        "adhesion__program",
        "adhesion__phase",
        "adhesion__municipality__state",
        "phase__program__state",
    )
    if not user.is_authenticated:
        return base.none()
    if user.is_admin:
        return base
    managed = queries.managed_programs(user)
    scope = Q(adhesion__program__in=managed) | Q(adhesion__isnull=True, phase__program__in=managed)
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        scope |= Q(adhesion__municipality__in=municipalities)
    units = _staff_units(user)
    if units:
        scope |= Q(pk__in=PlanItem.objects.filter(action__unit__in=units).values("plan_id"))
    return base.filter(scope)


def municipal_plans_visible_to(user):
    """plans_visible_to without the strategic projects' plans (the municipal plan pages)."""
    return plans_visible_to(user).filter(adhesion__isnull=False)


def get_plan_for(user, pk, *, projects: bool = False) -> Plan:
    """A plan the user sees (404 otherwise); a strategic project's plan only if `projects`."""
    qs = plans_visible_to(user) if projects else municipal_plans_visible_to(user)
    try:
        return qs.get(pk=int(pk))
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_edit(user, adhesion: Adhesion) -> bool:
    """The municipality's focal points (and the admins) build and change its plan."""
    if not user.is_authenticated:
        return False
    return user.is_admin or adhesion.municipality_id in user.scope_ids(
        Role.MUNICIPAL, "municipality"
    )


def may_decide(user, plan: Plan) -> bool:
    """The managing unit's coordinators and technicians, and the admins, approve or return."""
    if not user.is_authenticated:
        return False
    return queries.managed_programs(user).filter(pk=plan.phase.program_id).exists()


def latest_values(indicator_ids, municipality_id: int) -> dict[int, tuple[float, int]]:
    """indicator id → (value, period) of its latest period with a value for the municipality."""
    found: dict[int, tuple[float, int]] = {}
    rows = (
        IndicatorValue.objects.filter(
            indicator_id__in=list(indicator_ids), municipality_id=municipality_id
        )
        .order_by("indicator_id", "-period")
        .values_list("indicator_id", "value", "period")
    )
    for indicator_id, value, period in rows:
        found.setdefault(indicator_id, (value, period))
    return found


def linked_indicators(action) -> list:
    """The indicators of the action's challenges, by code: the ones a plan sets targets for."""
    found = {i.pk: i for c in action.challenges.all() for i in c.indicators.all()}
    return sorted(found.values(), key=lambda i: i.code)


def plan_items(plan: Plan) -> list[PlanItem]:
    """The plan's items with their action, targets and deliveries (a few queries in all)."""
    return list(
        plan.items.select_related("action__unit")
        .prefetch_related(
            Prefetch("targets", queryset=PlanTarget.objects.select_related("indicator")),
            Prefetch("deliveries", queryset=PlanDelivery.objects.select_related("delivery")),
            "action__challenges__indicators",
        )
        .order_by("order", "pk")
    )


def snapshot(plan: Plan) -> dict:
    """What an approval freezes: every item, its targets with baselines, and its deliveries."""
    return {
        "items": [
            {
                "action": item.action_id,
                "title": item.action.title,
                "responsible": {
                    "name": item.responsible_name,
                    "role": item.responsible_role,
                    "contact": item.responsible_contact,
                },
                "targets": {
                    t.indicator.code: {
                        "baseline": t.baseline_value,
                        "period": t.baseline_period,
                        "target": t.target,
                    }
                    for t in item.targets.all()
                },
                "deliveries": [
                    {
                        "delivery": d.delivery_id,
                        "title": d.delivery.title,
                        "weight": str(d.delivery.weight),
                        "due": d.due.isoformat(),
                    }
                    for d in item.deliveries.all()
                ],
            }
            for item in plan_items(plan)
        ]
    }


def versions_of(plan: Plan) -> list[PlanVersion]:
    """The approved versions, the newest first."""
    return list(plan.versions.select_related("approved_by", "changed_by").order_by("-number"))


def _person(responsible: dict) -> str:
    parts = (responsible.get(key) for key in ("name", "role", "contact"))
    return ", ".join(part for part in parts if part)


def version_diff(old: dict | None, new: dict) -> dict:
    """What changed between two snapshots: actions added and removed, targets, due dates and
    responsible people changed (each {"action", "what", "old", "new"})."""
    before = {item["action"]: item for item in (old or {"items": []})["items"]}
    after = {item["action"]: item for item in new["items"]}
    added = [after[pk]["title"] for pk in after if pk not in before]
    removed = [before[pk]["title"] for pk in before if pk not in after]
    targets, dues, responsible = [], [], []
    for pk in after:
        if pk not in before:
            continue
        was, now = before[pk], after[pk]
        for code in sorted(set(was["targets"]) | set(now["targets"])):
            old_target = was["targets"].get(code, {}).get("target")
            new_target = now["targets"].get(code, {}).get("target")
            if old_target != new_target:
                targets.append(
                    {"action": now["title"], "what": code, "old": old_target, "new": new_target}
                )
        old_dues = {d["delivery"]: d for d in was["deliveries"]}
        for delivery in now["deliveries"]:
            previous = old_dues.get(delivery["delivery"])
            if previous is not None and previous["due"] != delivery["due"]:
                dues.append(
                    {
                        "action": now["title"],
                        "what": delivery["title"],
                        "old": dt.date.fromisoformat(previous["due"]),
                        "new": dt.date.fromisoformat(delivery["due"]),
                    }
                )
        if was["responsible"] != now["responsible"]:
            responsible.append(
                {
                    "action": now["title"],
                    "what": "responsible",
                    "old": _person(was["responsible"]),
                    "new": _person(now["responsible"]),
                }
            )
    return {
        "added": added,
        "removed": removed,
        "targets": targets,
        "dues": dues,
        "responsible": responsible,
    }


def version_changes(versions: list[PlanVersion]) -> list[dict]:
    """Each version with its diff against the one before it, the newest first."""
    ordered = sorted(versions, key=lambda v: v.number)
    rows = []
    for index, version in enumerate(ordered):
        previous = ordered[index - 1].snapshot if index else None
        rows.append({"version": version, "diff": version_diff(previous, version.snapshot)})
    return list(reversed(rows))


def age_days(plan: Plan, today: dt.date | None = None) -> int:
    """Days since the plan last changed hands (its submission, decision or creation)."""
    today = today or timezone.localdate()
    moments = [plan.submitted_at, plan.decided_at] if plan.status != PlanStatus.DRAFT else []
    since = max([m for m in moments if m] or [plan.updated_at])
    return (today - timezone.localdate(since)).days


def filter_plans(qs, *, program: str = "", status: str = "", municipality: str = ""):
    """The queue's and the API's filters: a program slug, a status, an IBGE code or a name."""
    if program:
        qs = qs.filter(adhesion__program__slug=program)
    if status:
        qs = qs.filter(status=status)
    if municipality:
        term = municipality.strip()
        qs = (
            qs.filter(adhesion__municipality__ibge=int(term))
            if term.isdigit()
            else qs.filter(adhesion__municipality__name__icontains=term)
        )
    return qs


def plan_history(plan: Plan) -> list:
    """Every recorded change of the plan, its items, targets and deliveries, newest first."""
    item_ids = list(PlanItem.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    records = list(plan.history.select_related("history_user"))
    records += list(PlanItem.history.filter(plan_id=plan.pk).select_related("history_user"))
    records += list(PlanTarget.history.filter(item_id__in=item_ids).select_related("history_user"))
    records += list(
        PlanDelivery.history.filter(item_id__in=item_ids).select_related("history_user")
    )
    return sorted(records, key=lambda r: (r.history_date, r.history_id), reverse=True)
