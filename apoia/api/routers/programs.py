"""Programs and their adhesions (issue 9, item 10): public reads over programs.queries."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.errors import FieldError
from apoia.programs import queries
from apoia.programs.models import AdhesionStatus

router = Router(tags=["programas"])


class PhaseOut(Schema):
    slug: str
    name: str
    start: dt.date | None
    end: dt.date | None
    status: str


class ProgramOut(Schema):
    slug: str
    name: str
    state: str
    phases: list[PhaseOut]

    @staticmethod
    def resolve_state(obj):
        return obj.state.uf

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


class AdhesionCountOut(Schema):
    count: int
    eligible: int


class ProgramDetailOut(ProgramOut):
    adhesions: AdhesionCountOut

    @staticmethod
    def resolve_adhesions(obj):
        summary = queries.adhesion_summary(obj)
        return {"count": summary["count"], "eligible": summary["eligible"]}


class AdhesionOut(Schema):
    ibge: int
    municipality: str
    phase: str | None
    since: dt.date
    status: str
    protocol: str | None


@router.get("/programs", response=list[ProgramOut], summary="Programas de cooperação")
def list_programs(request):
    return list(queries.programs_visible_to(request.user).prefetch_related("phases"))


@router.get("/programs/{slug}", response=ProgramDetailOut, summary="Um programa e suas adesões")
def get_program(request, slug: str):
    return queries.get_program(slug)


@router.get(
    "/programs/{slug}/adhesions",
    response=list[AdhesionOut],
    summary="Adesões de um programa (padrão: as ativas da fase atual)",
)
def list_adhesions(request, slug: str, phase: str = "", status: str = ""):
    program = queries.get_program(slug)
    if status and status not in AdhesionStatus.values:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(AdhesionStatus.values)},
        )
    if phase:
        found = program.phases.filter(slug=phase).first()
        if found is None:
            raise FieldError("phase", _("Este programa não tem a fase %(slug)s.") % {"slug": phase})
    else:
        found = queries.current_phase(program)
    qs = program.adhesions.select_related("municipality", "phase", "request").order_by(
        "municipality__name"
    )
    if found is not None and not (status == AdhesionStatus.QUEUED and not phase):
        qs = qs.filter(phase=found)
    qs = qs.filter(status=status or AdhesionStatus.ACTIVE)
    # Public facts only: the municipality, the phase, the date, the status and the protocol
    # number; the focal points' names and contacts stay on the scoped web pages.
    return [
        {
            "ibge": a.municipality_id,
            "municipality": a.municipality.name,
            "phase": a.phase.slug if a.phase_id else None,
            "since": a.since,
            "status": a.status,
            "protocol": a.request.protocol if a.request_id else None,
        }
        for a in qs
    ]
