"""Who sees which program and adhesion, and the reads the pages and the API share."""

from django.db.models import Q
from django.http import Http404

from apoia.accounts.models import OrgUnit, Role
from apoia.programs.models import Adhesion, AdhesionStatus, Phase, PhaseStatus, Program
from apoia.territory.models import Municipality


def _unit_and_ancestors(unit: OrgUnit) -> set[int]:
    found = set()
    while unit is not None:
        found.add(unit.pk)
        unit = unit.parent
    return found


def is_manager(user, program: Program) -> bool:
    """Admins and the coordinators of the managing unit (or of a unit above it) manage it."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    return bool(
        user.scope_ids(Role.COORDINATOR, "org_unit") & _unit_and_ancestors(program.managing_unit)
    )


def _managing_staff_q(user) -> Q:
    """Programs whose managing unit is one the user works in (coordinator or technician)."""
    units: set[int] = set()
    for membership in user.active_memberships:
        if membership.role in (Role.COORDINATOR, Role.TECHNICIAN) and membership.org_unit_id:
            units |= membership.org_unit.descendant_ids()
    return Q(managing_unit__in=units)


def programs_visible_to(user):
    """Programs are public: their pages are the program's accountability."""
    return Program.objects.select_related("state", "managing_unit")


def managed_programs(user):
    """Programs whose staff pages the user may open (admins, the managing unit's staff)."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_admin:
        return Program.objects.all()
    return Program.objects.filter(_managing_staff_q(user))


def is_program_staff(user) -> bool:
    return managed_programs(user).exists()


def adhesions_visible_to(user):
    """Admins and the managing unit see every adhesion of their programs; a municipal focal
    point sees its municipality's; nobody else sees any (the public pages show counts)."""
    base = Adhesion.objects.select_related("program", "phase", "municipality__state", "request")
    if not user.is_authenticated:
        return base.none()
    if user.is_admin:
        return base
    scope = Q(program__in=managed_programs(user))
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if municipalities:
        scope |= Q(municipality__in=municipalities)
    return base.filter(scope)


def get_adhesion_for(user, pk) -> Adhesion:
    try:
        return adhesions_visible_to(user).get(pk=int(pk))
    except (Adhesion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_program(slug: str) -> Program:
    program = programs_visible_to(None).filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


def current_phase(program: Program) -> Phase | None:
    """The phase the program is in: the latest running or open one, else the latest closed,
    else the first planned."""
    phases = list(program.phases.all())
    for statuses in ((PhaseStatus.RUNNING, PhaseStatus.ADHESION), (PhaseStatus.CLOSED,)):
        found = [p for p in phases if p.status in statuses]
        if found:
            return max(found, key=lambda p: p.order)
    return phases[0] if phases else None


def next_phase(phase: Phase) -> Phase | None:
    return (
        phase.program.phases.filter(order__gt=phase.order)
        .exclude(status=PhaseStatus.CLOSED)
        .order_by("order")
        .first()
    )


def eligible_municipalities(program: Program):
    return Municipality.objects.filter(state=program.state_id)


def active_adhesions(program: Program, phase: Phase | None):
    if phase is None:
        return Adhesion.objects.none()
    return (
        Adhesion.objects.filter(program=program, phase=phase, status=AdhesionStatus.ACTIVE)
        .select_related("municipality", "phase", "request")
        .order_by("municipality__name")
    )


def adhesion_summary(program: Program) -> dict:
    """{"phase", "count", "eligible"}: active adhesions of the current phase, of how many."""
    phase = current_phase(program)
    return {
        "phase": phase,
        "count": active_adhesions(program, phase).count(),
        "eligible": eligible_municipalities(program).count(),
    }


def filter_adhesions(qs, *, phase: str = "", status: str = "", municipality: str = ""):
    """The staff list's and the API's filters: a phase slug, a status, an IBGE code or a name."""
    if phase:
        qs = qs.filter(phase__slug=phase)
    if status:
        qs = qs.filter(status=status)
    if municipality:
        term = municipality.strip()
        qs = (
            qs.filter(municipality__ibge=int(term))
            if term.isdigit()
            else qs.filter(municipality__name__icontains=term)
        )
    return qs


def adhesion_history(adhesion: Adhesion) -> list:
    """Every recorded change of an adhesion and its focal points, the newest first."""
    from apoia.programs.models import FocalPoint

    records = list(adhesion.history.select_related("history_user"))
    records += list(
        FocalPoint.history.filter(adhesion_id=adhesion.pk).select_related("history_user")
    )
    return sorted(records, key=lambda r: (r.history_date, r.history_id), reverse=True)


def chain(adhesion: Adhesion) -> list[Adhesion]:
    """The adhesion's whole line, renewals included, oldest first."""
    first = adhesion
    while first.renewed_from_id:
        first = first.renewed_from
    line = [first]
    while True:
        nxt = Adhesion.objects.filter(renewed_from=line[-1]).select_related("phase").first()
        if nxt is None:
            return line
        line.append(nxt)
