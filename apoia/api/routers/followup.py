"""Follow-up tasks (issue 10, items 7 and 11): the same queries and services as /tarefas/.
Every endpoint needs a token (401 otherwise); a task out of the caller's scope answers 404,
one the caller may not work 403, a task no longer open 409, bad input 422 naming the field."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, error_body
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.followup import queries, services
from apoia.followup.models import Task, TaskStatus
from apoia.followup.registry import describe

router = Router(tags=["tarefas de acompanhamento"], auth=TokenAuth())


class OwnerOut(Schema):
    kind: str  # "user" or "unit"
    id: int
    name: str


class SourceOut(Schema):
    type: str | None
    id: int | None
    label: str
    url: str | None


class TaskOut(Schema):
    id: int
    title: str
    description: str
    owner: OwnerOut
    due: dt.date
    status: str
    late: bool
    municipality: int | None
    source: SourceOut
    completion_note: str
    done_at: dt.datetime | None


class CompleteIn(Schema):
    note: str = Field("", max_length=4000)


def task_out(task: Task, today: dt.date) -> dict:
    source = describe(task)
    if task.owner_user_id:
        owner = {"kind": "user", "id": task.owner_user_id, "name": task.owner_user.full_name}
    else:
        owner = {"kind": "unit", "id": task.owner_unit_id, "name": str(task.owner_unit)}
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "owner": owner,
        "due": task.due,
        "status": task.status,
        "late": task.is_late(today),
        "municipality": task.municipality_id,
        "source": {
            "type": task.source_type.model_class()._meta.label_lower if task.source_type else None,
            "id": task.source_id,
            "label": source["label"],
            "url": source["url"],
        },
        "completion_note": task.completion_note,
        "done_at": task.done_at,
    }


@router.get(
    "/tasks",
    response={200: list[TaskOut], 401: ProblemOut, 422: InvalidOut},
    summary="Tarefas de acompanhamento",
)
def list_tasks(request, owner: str = "", status: str = "", late: bool = False):
    """`owner=me`: as tarefas do chamador, pessoais e das unidades em que ele trabalha (técnico
    ou coordenação); sem `owner`, todas as que ele vê. `status` (open, done, cancelled) e
    `late=true` (abertas com o prazo vencido; o atraso é calculado, nunca gravado) filtram.
    Responde 401 sem token e 422 para um filtro desconhecido."""
    if owner not in ("", "me"):
        raise FieldError("owner", _("Use owner=me ou omita o parâmetro."))
    if status and status not in TaskStatus.values:
        raise FieldError(
            "status",
            _("Situação desconhecida; use uma de: %(values)s.")
            % {"values": ", ".join(TaskStatus.values)},
        )
    today = timezone.localdate()
    base = (
        queries.tasks_owned_by(request.auth)
        if owner == "me"
        else queries.tasks_visible_to(request.auth)
    )
    qs = queries.filter_tasks(base, status=status, late=late, today=today)
    return [task_out(t, today) for t in qs.order_by("due", "pk")[:500]]


@router.get(
    "/tasks/{pk}",
    response={200: TaskOut, 401: ProblemOut, 404: ProblemOut},
    summary="Uma tarefa de acompanhamento",
)
def get_task(request, pk: int):
    """Responde 404 para uma tarefa fora do alcance do chamador."""
    return task_out(queries.get_task_for(request.auth, pk), timezone.localdate())


@router.post(
    "/tasks/{pk}/complete",
    response={
        200: TaskOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: InvalidOut,
    },
    summary="Concluir uma tarefa de acompanhamento",
)
def complete_task(request, pk: int, data: CompleteIn):
    """O responsável (a pessoa, ou técnico ou coordenação da unidade), quem criou a tarefa ou
    um administrador a conclui, com uma nota opcional (`note`). Responde 404 fora do alcance,
    403 para quem a vê sem poder concluí-la, 409 se ela já estiver concluída ou cancelada."""
    task = queries.get_task_for(request.auth, pk)
    try:
        task = services.complete_task(task, by=request.auth, note=data.note)
    except PermissionDenied as exc:
        return JsonResponse({"detail": str(exc)}, status=403)
    except services.TaskTransitionError as exc:
        return JsonResponse({"detail": exc.message}, status=409)
    except ValidationError as exc:
        pairs = [(f, m) for f, messages in exc.message_dict.items() for m in messages]
        return JsonResponse(error_body(pairs), status=422)
    return task_out(queries.get_task_for(request.auth, task.pk), timezone.localdate())
