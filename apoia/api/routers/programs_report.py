"""Programs part 2: the management report (issue 10, item 9) as JSON, the same figures as the
page, the PDF and the XLSX (apoia.programs.report.build) and the same form
(apoia.programs.forms_report.ReportForm), so a bad date gets the same Portuguese message.

- A token is required (401 otherwise).
- The scope is the monitoring dashboard's (`queries_monitoring.monitoring_scope`): the managing
  unit's staff and the admins see the whole program, an offering unit's staff their actions'
  part; anyone else, a municipal focal point included, gets 404.
- Bad parameters answer 422 with the field path (`start`, `end`, `phase`, `challenge`, …).
"""

import datetime as dt

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, error_body
from apoia.programs import queries_monitoring, report
from apoia.programs.forms_report import API_FIELDS, PRESETS, report_form

router = Router(tags=["monitoramento e transparência"])

FORM_TO_API = {form: api for api, form in API_FIELDS.items()}


class NamedOut(Schema):
    slug: str
    name: str


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    reference_day: dt.date


class FiltersOut(Schema):
    challenge: int | None
    action: int | None
    unit: int | None
    municipality: int | None


class CountOut(Schema):
    count: int
    weight: float


class DeliveriesOut(Schema):
    total: CountOut
    on_time: CountOut
    validated_late: CountOut
    late: CountOut
    held: CountOut
    upcoming: CountOut


class GoalsOut(Schema):
    met: int
    with_data: int
    targets: int


class ProgressOut(Schema):
    progress: float | None
    validated_weight: float
    total_weight: float
    count: int
    validated_count: int


class UnitProgressOut(ProgressOut):
    id: int
    name: str


class MunicipalityProgressOut(ProgressOut):
    ibge: int
    name: str
    late: int


class IndicatorOut(Schema):
    code: str
    name: str
    direction: str
    targets: int
    with_data: int
    improved: int
    unchanged: int
    worsened: int
    met: int
    mean_share: float | None


class ResponsibleOut(Schema):
    name: str
    role: str
    contact: str


class MunicipalityOut(Schema):
    ibge: int
    name: str


class UnitOut(Schema):
    id: int
    name: str


class LateDeliveryOut(Schema):
    id: int
    title: str
    action: str
    weight: float
    due: dt.date
    status: str
    days_late: int
    # None for a strategic project's delivery (its plan belongs to no municipality).
    municipality: MunicipalityOut | None
    responsible: ResponsibleOut
    unit: UnitOut


class OwnerOut(Schema):
    kind: str
    name: str
    contact: str


class LateTaskOut(Schema):
    id: int
    title: str
    due: dt.date
    days_late: int
    municipality: MunicipalityOut | None
    owner: OwnerOut


class GeneratedOut(Schema):
    at: dt.datetime
    by: str


class ReportOut(Schema):
    program: NamedOut
    phase: NamedOut
    period: PeriodOut
    filters: FiltersOut
    generated: GeneratedOut
    formula: str
    deliveries: DeliveriesOut
    goals: GoalsOut
    progress: ProgressOut
    units: list[UnitProgressOut]
    municipalities: list[MunicipalityProgressOut]
    indicators: list[IndicatorOut]
    late_deliveries: list[LateDeliveryOut]
    late_tasks: list[LateTaskOut]


def _progress(figure) -> dict:
    return {
        "progress": figure.value,
        "validated_weight": float(figure.validated_weight),
        "total_weight": float(figure.total_weight),
        "count": figure.count,
        "validated_count": figure.validated_count,
    }


def _count(bucket) -> dict:
    return {"count": bucket.count, "weight": float(bucket.weight)}


def report_json(found: report.Report) -> dict:
    f = found.filters
    return {
        "program": {"slug": found.program.slug, "name": found.program.name},
        "phase": {"slug": found.phase.slug, "name": found.phase.name},
        "period": {
            "start": found.period.start,
            "end": found.period.end,
            "reference_day": found.reference_day,
        },
        "filters": {
            "challenge": f.challenge.pk if f.challenge else None,
            "action": f.action.pk if f.action else None,
            "unit": f.unit.pk if f.unit else None,
            "municipality": f.municipality,
        },
        "generated": {
            "at": found.generated_at,
            "by": found.generated_by.full_name or found.generated_by.email,
        },
        "formula": str(found.formula),
        "deliveries": {
            "total": _count(found.due_total),
            **{b.key: _count(b) for b in found.buckets},
        },
        "goals": {
            "met": found.goals.met,
            "with_data": found.goals.with_data,
            "targets": found.goals.targets,
        },
        "progress": _progress(found.total),
        "units": [
            {"id": row["unit"].pk, "name": row["unit"].name, **_progress(row["progress"])}
            for row in found.units
        ],
        "municipalities": [
            {
                "ibge": row["municipality"].ibge,
                "name": row["municipality"].name,
                "late": row["late"],
                **_progress(row["progress"]),
            }
            for row in found.municipalities
        ],
        "indicators": [
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "direction": row.indicator.direction,
                "targets": row.targets,
                "with_data": row.with_data,
                "improved": row.improved,
                "unchanged": row.unchanged,
                "worsened": row.worsened,
                "met": row.met,
                "mean_share": row.mean_share,
            }
            for row in found.indicators
        ],
        "late_deliveries": [
            {
                "id": row.delivery.pk,
                "title": row.delivery.delivery.title,
                "action": row.item.action.title,
                "weight": float(row.delivery.delivery.weight),
                "due": row.delivery.due,
                "status": row.delivery.status,
                "days_late": row.days_late,
                "municipality": (
                    {"ibge": row.municipality.ibge, "name": row.municipality.name}
                    if row.municipality
                    else None
                ),
                "responsible": {
                    "name": row.item.responsible_name,
                    "role": row.item.responsible_role,
                    "contact": row.item.responsible_contact,
                },
                "unit": {"id": row.unit.pk, "name": row.unit.name},
            }
            for row in found.late
        ],
        "late_tasks": [
            {
                "id": row.task.pk,
                "title": row.task.title,
                "due": row.task.due,
                "days_late": row.days_late,
                "municipality": (
                    {"ibge": row.task.municipality.ibge, "name": row.task.municipality.name}
                    if row.task.municipality_id
                    else None
                ),
                "owner": {
                    "kind": "user" if row.task.owner_user_id else "unit",
                    "name": row.task.owner_label,
                    "contact": row.owner_contact,
                },
            }
            for row in found.late_tasks
        ],
    }


@router.get(
    "/programs/{slug}/report",
    response=ReportOut,
    auth=TokenAuth(),
    summary="Relatório gerencial de uma fase do programa num período",
    openapi_extra={
        "responses": {
            401: {"description": "Sem token ou token inválido."},
            404: {"description": "Programa inexistente ou fora do seu escopo de monitoramento."},
            422: {"description": "Parâmetro inválido (`errors[].field` nomeia o parâmetro)."},
        }
    },
)
def program_report(
    request,
    slug: str,
    phase: str = "",
    start: str = "",
    end: str = "",
    period: str = "",
    challenge: str = "",
    action: str = "",
    unit: str = "",
    municipality: str = "",
):
    """As entregas com prazo no período (`start` a `end`, AAAA-MM-DD, no máximo 5 anos; em
    branco, o mês atual, ou o mês, trimestre ou ano de hoje com `period` = `month`, `quarter`
    ou `year`) classificadas em no prazo, validadas com atraso, atrasadas, com pedido de
    prorrogação em análise e ainda no prazo (contagem e peso); metas alcançadas; progresso
    da fase, por unidade ofertante e por município (os números do painel de monitoramento);
    movimento dos indicadores por indicador; entregas e tarefas atrasadas com responsáveis e
    dias úteis de atraso. `phase`: o identificador da fase (em branco, a atual)."""
    scope = queries_monitoring.get_monitoring_for(request.auth, slug)
    today = timezone.localdate()
    if period:
        if period not in PRESETS:
            raise FieldError(
                "period",
                _("Valor inválido; use um de: %(expected)s.")
                % {"expected": "month, quarter, year"},
            )
        if not start and not end:
            preset = PRESETS[period](today)
            start, end = preset.start.isoformat(), preset.end.isoformat()
    query = {
        API_FIELDS["phase"]: phase,
        API_FIELDS["start"]: start,
        API_FIELDS["end"]: end,
        API_FIELDS["challenge"]: challenge,
        API_FIELDS["action"]: action,
        API_FIELDS["unit"]: unit,
        API_FIELDS["municipality"]: municipality,
    }
    found_phase, form = report_form(scope, query, today)
    if not form.is_valid():
        pairs = [
            (FORM_TO_API.get(field, field), str(message))
            for field, messages in form.errors.items()
            for message in messages
        ]
        return JsonResponse(error_body(pairs), status=422)
    return report_json(
        report.build(scope, found_phase, form.filters(), form.period(), by=request.auth)
    )
