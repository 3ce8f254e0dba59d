"""Municipal action plans (issue 9, items 6 and 10): the same services and scoping as the
plan pages. Every endpoint needs a token (401 otherwise); a plan out of the caller's scope
answers 404, an action the caller may not take 403, a status that does not allow it 409."""

import datetime as dt

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.programs import queries, queries_plans
from apoia.programs.models import Action, AdhesionStatus, Plan, PlanStatus
from apoia.programs.services import plans as services

router = Router(tags=["planos de ação"], auth=TokenAuth())


class ResponsibleIn(Schema):
    name: str = Field("", max_length=150)
    role: str = Field("", max_length=150)
    contact: str = Field("", max_length=200)


class ItemIn(Schema):
    action: int
    responsible: ResponsibleIn = ResponsibleIn()
    targets: dict[str, float | None] = {}
    # ActionDelivery id → a due date the municipality chose (else the computed one).
    deliveries: dict[int, dt.date | None] = {}


class PlanIn(Schema):
    program: str = Field(max_length=80)
    phase: str = Field(max_length=80)
    municipality: int
    items: list[ItemIn] = Field(max_length=50)


class PlanChangeIn(Schema):
    items: list[ItemIn] = Field(max_length=50)
    reason: str = Field("", max_length=2000)


class ItemCommentIn(Schema):
    action: int
    comment: str = Field(max_length=4000)


class ApprovalIn(Schema):
    approved: bool
    comment: str = Field("", max_length=4000)
    items: list[ItemCommentIn] = Field([], max_length=50)


class MunicipalityOut(Schema):
    ibge: int
    name: str


class PlanRowOut(Schema):
    id: int
    municipality: MunicipalityOut
    status: str
    version: int


class BaselineOut(Schema):
    value: float | None
    period: int | None


class PlanDeliveryOut(Schema):
    id: int
    title: str
    weight: float
    due: dt.date
    status: str


class PlanItemOut(Schema):
    action: int
    title: str
    responsible: ResponsibleIn
    baselines: dict[str, BaselineOut]
    targets: dict[str, float | None]
    deliveries: list[PlanDeliveryOut]
    comment: str


class PlanOut(PlanRowOut):
    program: str
    phase: str
    revision_reason: str
    comment: str
    items: list[PlanItemOut]


class VersionOut(Schema):
    number: int
    approved_at: dt.datetime
    approved_by: str
    changed_by: str | None
    reason: str
    items: list[dict]
    changes: dict


# The services' refusals as JSON: 403, 409, and 422 naming each field path.
answers = answers_refusals(services.PlanTransitionError)


def _row(plan: Plan) -> dict:
    municipality = plan.adhesion.municipality
    return {
        "id": plan.pk,
        "municipality": {"ibge": municipality.ibge, "name": municipality.name},
        "status": plan.status,
        "version": plan.version,
    }


def _detail(plan: Plan) -> dict:
    items = []
    for item in queries_plans.plan_items(plan):
        targets = list(item.targets.all())
        items.append(
            {
                "action": item.action_id,
                "title": item.action.title,
                "responsible": {
                    "name": item.responsible_name,
                    "role": item.responsible_role,
                    "contact": item.responsible_contact,
                },
                "baselines": {
                    t.indicator.code: {"value": t.baseline_value, "period": t.baseline_period}
                    for t in targets
                },
                "targets": {t.indicator.code: t.target for t in targets},
                "deliveries": [
                    {
                        "id": d.pk,
                        "title": d.delivery.title,
                        "weight": d.delivery.weight,
                        "due": d.due,
                        "status": d.status,
                    }
                    for d in item.deliveries.all()
                ],
                "comment": item.return_comment,
            }
        )
    return {
        **_row(plan),
        "program": plan.adhesion.program.slug,
        "phase": plan.adhesion.phase.slug,
        "revision_reason": plan.revision_reason,
        "comment": plan.return_comment,
        "items": items,
    }


def _items(program, data: list[ItemIn]) -> list[services.ItemData]:
    ids = {item.action for item in data}
    actions = {
        a.pk: a
        for a in Action.objects.filter(pk__in=ids, phase__program=program).prefetch_related(
            "deliveries", "challenges__indicators"
        )
    }
    found = []
    for index, item in enumerate(data):
        action = actions.get(item.action)
        if action is None:
            raise FieldError(
                f"items.{index}.action",
                _("Ação %(id)s desconhecida neste programa.") % {"id": item.action},
            )
        found.append(
            services.ItemData(
                action=action,
                responsible=item.responsible.dict(),
                targets=dict(item.targets),
                dues={pk: due for pk, due in item.deliveries.items() if due is not None},
            )
        )
    return found


def _reload(request, pk) -> Plan:
    return queries_plans.get_plan_for(request.auth, pk)


@router.post(
    "/plans",
    response={201: PlanOut},
    summary="Montar o plano de ação de um município aderido",
)
@answers
def create_plan(request, data: PlanIn):
    """O ponto focal monta o plano da adesão ativa do município à fase: cada ação com o
    responsável, a meta de cada indicador dos desafios da ação (a linha de base vem do valor
    mais recente) e, se quiser, prazos ajustados das entregas (`deliveries`: id → data).
    Uma ação que o município não pode escolher responde 422 com o nome dela."""
    program = queries.get_program(data.program)
    phase = program.phases.filter(slug=data.phase).first()
    if phase is None:
        raise FieldError(
            "phase", _("Este programa não tem a fase %(slug)s.") % {"slug": data.phase}
        )
    adhesion = (
        queries.adhesions_visible_to(request.auth)
        .filter(
            program=program,
            phase=phase,
            municipality_id=data.municipality,
            status=AdhesionStatus.ACTIVE,
        )
        .first()
    )
    if adhesion is None:
        raise Http404
    existing = Plan.objects.filter(adhesion=adhesion).first()
    if existing is not None:
        return JsonResponse(
            {
                "detail": _("Este município já tem um plano nesta fase: altere o plano %(id)d.")
                % {"id": existing.pk}
            },
            status=409,
        )
    plan = services.save_plan(adhesion, items=_items(program, data.items), by=request.auth)
    return HttpStatus(201, _detail(_reload(request, plan.pk)))


@router.get("/plans", response=list[PlanRowOut], summary="Planos de ação que o chamador vê")
def list_plans(request, program: str = "", status: str = "", municipality: str = ""):
    if status and status not in PlanStatus.values:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(PlanStatus.values)},
        )
    qs = queries_plans.filter_plans(
        queries_plans.municipal_plans_visible_to(request.auth),
        program=program,
        status=status,
        municipality=municipality,
    )
    return [_row(plan) for plan in qs.order_by("adhesion__municipality__name", "pk")]


@router.get("/plans/{pk}", response=PlanOut, summary="Um plano de ação")
def get_plan(request, pk: int):
    return _detail(_reload(request, pk))


@router.put("/plans/{pk}", response=PlanOut, summary="Alterar um plano de ação")
@answers
def change_plan(request, pk: int, data: PlanChangeIn):
    """Substitui a lista de ações do plano. Depois de aprovado, a alteração abre uma nova
    versão e exige `reason`."""
    plan = _reload(request, pk)
    services.save_plan(
        plan.adhesion,
        items=_items(plan.adhesion.program, data.items),
        reason=data.reason,
        by=request.auth,
    )
    return _detail(_reload(request, pk))


@router.post("/plans/{pk}/submit", response=PlanOut, summary="Enviar o plano para análise")
@answers
def submit_plan(request, pk: int):
    plan = _reload(request, pk)
    services.submit_plan(plan, by=request.auth)
    return _detail(_reload(request, pk))


@router.post("/plans/{pk}/approval", response=PlanOut, summary="Aprovar ou devolver o plano")
@answers
def decide_plan(request, pk: int, data: ApprovalIn):
    """A unidade gestora aprova (`approved: true`) ou devolve com comentário, geral
    (`comment`) ou por ação (`items`: [{"action", "comment"}]); devolver sem comentário
    responde 422."""
    plan = _reload(request, pk)
    by_action = {item.action_id: item.pk for item in plan.items.all()}
    comments = {}
    for index, row in enumerate(data.items):
        if row.action not in by_action:
            raise FieldError(
                f"items.{index}.action",
                _("A ação %(id)s não está neste plano.") % {"id": row.action},
            )
        comments[by_action[row.action]] = row.comment
    services.decide_plan(
        plan,
        approved=data.approved,
        comment=data.comment,
        item_comments=comments,
        by=request.auth,
    )
    return _detail(_reload(request, pk))


@router.get(
    "/plans/{pk}/versions",
    response=list[VersionOut],
    summary="Versões aprovadas de um plano, com o que mudou em cada uma",
)
def list_versions(request, pk: int):
    plan = _reload(request, pk)
    return [
        {
            "number": row["version"].number,
            "approved_at": row["version"].approved_at,
            "approved_by": row["version"].approved_by.full_name,
            "changed_by": row["version"].changed_by.full_name
            if row["version"].changed_by
            else None,
            "reason": row["version"].reason,
            "items": row["version"].snapshot["items"],
            "changes": row["diff"],
        }
        for row in queries_plans.version_changes(queries_plans.versions_of(plan))
    ]
