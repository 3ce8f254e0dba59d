"""Programs part 2: monitoramento e transparência (issue 10, item 11): the derived progress.

- `GET /plans/{id}/progress` has the scoping of `GET /plans/{id}`: a token (401 otherwise), and
  a plan out of the caller's scope answers 404.
- `GET /programs/{slug}/progress` is public: per municipality it carries only IBGE codes,
  names and numbers, the figures the transparency pages publish.

`progress` is validated weight / total weight, unrounded, between 0 and 1; it is `null` when
nothing is counted yet (a plan never approved, or without deliveries): "nothing planned" is
not "nothing done". Only deliveries of plans approved at least once, as approved, count (see
apoia.programs.progress).
"""

from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError
from apoia.programs import progress, queries, queries_monitoring, queries_plans

router = Router(tags=["monitoramento e transparência"])


class DeliveryWeightOut(Schema):
    id: int
    weight: float
    status: str


class PlanProgressOut(Schema):
    progress: float | None
    validated_weight: float
    total_weight: float
    deliveries: list[DeliveryWeightOut]


class MunicipalityProgressOut(Schema):
    ibge: int
    municipality: str
    progress: float | None
    validated_weight: float
    total_weight: float


@router.get(
    "/plans/{pk}/progress",
    response=PlanProgressOut,
    auth=TokenAuth(),
    summary="Progresso de um plano: peso validado / peso total das entregas",
)
def plan_progress(request, pk: int):
    """`progress` = soma dos pesos das entregas validadas / soma dos pesos de todas as
    entregas do plano aprovado, sem arredondar (entre 0 e 1); `null` se o plano ainda não foi
    aprovado ou não tem entregas. Entregas enviadas ou devolvidas contam só no total."""
    plan = queries_plans.get_plan_for(request.auth, pk, projects=True)
    deliveries = progress.of_plan_deliveries(plan)
    figure = progress.total(deliveries)
    return {
        "progress": figure.value,
        "validated_weight": float(figure.validated_weight),
        "total_weight": float(figure.total_weight),
        "deliveries": [
            {"id": d.pk, "weight": float(d.delivery.weight), "status": d.status}
            for d in deliveries.select_related("delivery").order_by("pk")
        ],
    }


@router.get(
    "/programs/{slug}/progress",
    response=list[MunicipalityProgressOut],
    summary="Progresso de cada município aderido a uma fase do programa (público)",
)
def program_progress(request, slug: str, phase: str = ""):
    """Um item por município com adesão ativa à fase (`phase`: o identificador da fase; em
    branco, a fase atual), em ordem de nome. Os mesmos números das páginas de transparência."""
    program = queries.get_program(slug)
    found = queries_monitoring.phase_or_current(program, phase)
    if found is None and not phase:
        return []  # a program without phases has no adhesions yet
    if found is None:
        raise FieldError("phase", _("Este programa não tem a fase %(slug)s.") % {"slug": phase})
    return [
        {
            "ibge": row["municipality"].ibge,
            "municipality": row["municipality"].name,
            "progress": row["progress"].value,
            "validated_weight": float(row["progress"].validated_weight),
            "total_weight": float(row["progress"].total_weight),
        }
        for row in queries_monitoring.public_municipality_rows(program, found)
    ]
