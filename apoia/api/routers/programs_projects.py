"""Strategic projects (issue 10, item 9): the same reads and scoping as /projetos/.

- A token is required (401 otherwise).
- A project out of the caller's scope (queries_projects.projects_visible_to: the managing
  unit, the goals' responsible units, the admins) answers 404; the list simply leaves it out.
- `progress` is validated weight / total weight of the approved plan's deliveries, unrounded,
  between 0 and 1, or `null` while nothing is counted (see apoia.programs.progress).
- A project's deliveries are read and worked through `/deliveries…`, as a municipal plan's.
"""

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from apoia.api.auth import TokenAuth
from apoia.programs import queries_projects

router = Router(tags=["projetos estratégicos"], auth=TokenAuth())

RESPONSES = {
    401: {"description": "Sem token ou token inválido."},
    404: {"description": "Projeto inexistente ou fora do seu escopo."},
}


class GoalOut(Schema):
    id: int
    title: str
    target: float | None
    unit: str
    deadline: dt.date | None
    responsible_unit: str
    # "met" (meta cumprida), "in_progress" (em andamento) or "late" (prazo vencido).
    status: str
    progress: float | None


class ProjectOut(Schema):
    slug: str
    name: str
    unit: str
    phase: str | None
    progress: float | None
    goals: list[GoalOut]


def _project(found: dict) -> dict:
    program = found["program"]
    return {
        "slug": program.slug,
        "name": program.name,
        "unit": program.managing_unit.name,
        "phase": found["phase"].slug if found["phase"] else None,
        "progress": found["progress"].value,
        "goals": [
            {
                "id": row.goal.pk,
                "title": row.goal.title,
                "target": float(row.goal.target_value)
                if row.goal.target_value is not None
                else None,
                "unit": row.goal.target_unit,
                "deadline": row.goal.deadline,
                "responsible_unit": row.goal.unit.name,
                "status": row.status,
                "progress": row.progress.value,
            }
            for row in found["goals"]
        ],
    }


@router.get(
    "/projects",
    response=list[ProjectOut],
    summary="Projetos estratégicos que o chamador vê, com metas e progresso",
    openapi_extra={"responses": {401: RESPONSES[401]}},
)
def list_projects(request):
    """Cada projeto na sua fase atual (ou na última): as metas com valor-alvo, prazo, unidade
    responsável, situação (`met`, `in_progress`, `late`) e progresso."""
    today = timezone.localdate()
    return [
        _project(queries_projects.overview(program, today))
        for program in queries_projects.projects_visible_to(request.auth).order_by("name")
    ]


@router.get(
    "/projects/{slug}",
    response=ProjectOut,
    summary="Um projeto estratégico",
    openapi_extra={"responses": RESPONSES},
)
def get_project(request, slug: str, phase: str = ""):
    """`phase`: o identificador da fase (em branco, a atual). Fora do escopo: 404."""
    program = queries_projects.get_project_for(request.auth, slug)
    found = queries_projects.overview(program, timezone.localdate(), phase[:80])
    if found["phase"] is None and phase:
        raise Http404
    return _project(found)
