"""Which unit's queue a new request lands in (seed 003, Art. 6, VIII: each unit's themes)."""

from apoia.accounts.models import OrgUnit, OrgUnitKind
from apoia.catalog.models import Service, ServiceOption

# The most specific unit wins: a coordination answers before its superintendency.
SPECIFICITY = {
    OrgUnitKind.COORDINATION: 0,
    OrgUnitKind.OMBUDSMAN: 0,
    OrgUnitKind.COMMISSION: 1,
    OrgUnitKind.SUPERINTENDENCY: 2,
    OrgUnitKind.SUBSECRETARIAT: 3,
    OrgUnitKind.DEPUTY_SECRETARIAT: 4,
    OrgUnitKind.EXECUTIVE_SECRETARIAT: 4,
    OrgUnitKind.SECRETARIAT: 5,
}


def unit_for_themes(theme_ids: set[int], state_id: int) -> OrgUnit | None:
    """The unit of the state answering for most of the themes, the most specific one first."""
    if not theme_ids:
        return None
    candidates = OrgUnit.objects.filter(state_id=state_id, themes__in=theme_ids).distinct()
    best, best_key = None, None
    for unit in candidates.prefetch_related("themes"):
        shared = len(theme_ids & {t.pk for t in unit.themes.all()})
        key = (-shared, SPECIFICITY.get(unit.kind, 9), unit.pk)
        if best_key is None or key < best_key:
            best, best_key = unit, key
    return best


def route(service: Service, option: ServiceOption | None) -> OrgUnit | None:
    """The option's own unit, else the unit whose themes match the option, else the service's."""
    if option is not None:
        if option.unit_id:
            return option.unit
        matched = unit_for_themes(set(option.themes.values_list("pk", flat=True)), service.state_id)
        if matched is not None:
            return matched
    return service.responsible_unit
