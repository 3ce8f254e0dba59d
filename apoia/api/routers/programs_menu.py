"""Challenges and the action menu of a program (issue 9, item 10): public reads over
programs.queries_menu, the same the public pages show."""

from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.errors import FieldError
from apoia.programs import queries, queries_menu

router = Router(tags=["programas"])


class FocalOut(Schema):
    ibge: int
    reasons: list[str]


class ChallengeOut(Schema):
    slug: str
    name: str
    indicators: list[str]
    focal: list[FocalOut]


class DeliveryOut(Schema):
    title: str
    weight: float
    due_offset_days: int
    evidence_types: list[str]


class ActionOut(Schema):
    id: int
    title: str
    unit: str
    challenges: list[str]
    eligibility: str
    places: int | None
    deliveries: list[DeliveryOut]


def _phase(program, slug: str):
    if not slug:
        return None
    found = program.phases.filter(slug=slug).first()
    if found is None:
        raise FieldError("phase", _("Este programa não tem a fase %(slug)s.") % {"slug": slug})
    return found


@router.get(
    "/programs/{slug}/challenges",
    response=list[ChallengeOut],
    summary="Desafios de um programa e seus municípios focais (padrão: a fase atual)",
)
def list_challenges(request, slug: str, phase: str = ""):
    """Cada desafio com os códigos dos seus indicadores e os municípios focais do retrato
    atual, do mais crítico ao menos, com os motivos (regra de criticidade ou lista de
    prioridade, ou a inclusão manual e sua justificativa)."""
    program = queries.get_program(slug)
    challenges = list(queries_menu.challenges_of(program, _phase(program, phase)))
    focal = queries_menu.focal_by_challenge(challenges)
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "indicators": sorted(i.code for i in c.indicators.all()),
            "focal": [{"ibge": row.municipality_id, "reasons": row.reasons} for row in focal[c.pk]],
        }
        for c in challenges
    ]


@router.get(
    "/programs/{slug}/actions",
    response=list[ActionOut],
    summary="Cardápio de ações de um programa (padrão: a fase atual)",
)
def list_actions(request, slug: str, phase: str = ""):
    """As ações publicadas: unidade ofertante (identificador), desafios (identificadores),
    elegibilidade (`all_adhered` ou `focal_only`), vagas em municípios (null = sem limite) e
    entregas com peso, prazo em dias úteis após a aprovação do plano e tipos de evidência."""
    program = queries.get_program(slug)
    return [
        {
            "id": a.pk,
            "title": a.title,
            "unit": a.unit.slug,
            "challenges": [c.slug for c in a.challenges.all()],
            "eligibility": a.eligibility,
            "places": a.places,
            "deliveries": [
                {
                    "title": d.title,
                    "weight": d.weight,
                    "due_offset_days": d.due_offset_days,
                    "evidence_types": d.evidence_types,
                }
                for d in a.deliveries.all()
            ],
        }
        for a in queries_menu.menu_of(program, _phase(program, phase))
    ]
