"""Follow-up tasks: creating one (a due date given, or business days from the territory
calendar), completing and cancelling it, and claiming a reminder in the daily ledger."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.followup import queries
from apoia.followup.models import ReminderSent, Task, TaskStatus
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import DeadlineUnit

TITLE_MAX = 200
TEXT_MAX = 4000
MAX_BUSINESS_DAYS = 365


class TaskTransitionError(Exception):
    """The task's status does not allow this now (409 in the API, a message on the web)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _calendar_scope(*, municipality, owner_unit, owner_user) -> tuple[str, int | None] | None:
    """(UF, IBGE code or None) of the calendar that counts the business days: the
    municipality's when given, else the owner unit's state, else the owner's first unit."""
    if municipality is not None:
        return municipality.state.uf, municipality.ibge
    if owner_unit is not None:
        return owner_unit.state.uf, None
    if owner_user is not None:
        for m in owner_user.active_memberships:
            if m.org_unit_id:
                return m.org_unit.state.uf, None
            if m.municipality_id:
                return m.municipality.state.uf, m.municipality_id
    return None


def due_in(days: int, *, today: dt.date, municipality=None, owner_unit=None, owner_user=None):
    """The due date `days` business days after `today` on the task's calendar."""
    scope = _calendar_scope(municipality=municipality, owner_unit=owner_unit, owner_user=owner_user)
    if scope is None:
        raise ValidationError(
            {"due_in_business_days": _("Informe o município ou a unidade para contar dias úteis.")}
        )
    uf, ibge = scope
    return compute_deadline(today, days, DeadlineUnit.BUSINESS_DAYS, uf=uf, municipality=ibge).due


def check_task(
    *,
    title: str,
    description: str = "",
    owner_user=None,
    owner_unit=None,
    due: dt.date | None = None,
    due_in_business_days: int | None = None,
    today: dt.date,
) -> dict[str, list[str]]:
    """Field errors of a new task ({} when none), named like create_task's arguments."""
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("Informe o título da tarefa.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Use no máximo %(count)d caracteres.") % {"count": TITLE_MAX}]
    if len(description or "") > TEXT_MAX:
        errors["description"] = [_("Use no máximo %(count)d caracteres.") % {"count": TEXT_MAX}]
    if (owner_user is None) == (owner_unit is None):
        errors["owner"] = [_("Escolha um responsável: uma pessoa ou uma unidade, não as duas.")]
    elif owner_user is not None and not owner_user.is_active:
        errors["owner"] = [_("Esta pessoa não tem mais acesso ao Apoia.")]
    if (due is None) == (due_in_business_days is None):
        errors["due"] = [_("Informe o prazo: uma data ou um número de dias úteis.")]
    elif due is not None and due < today:
        errors["due"] = [_("O prazo não pode estar no passado.")]
    elif due_in_business_days is not None and not (1 <= due_in_business_days <= MAX_BUSINESS_DAYS):
        errors["due_in_business_days"] = [
            _("Informe de 1 a %(max)d dias úteis.") % {"max": MAX_BUSINESS_DAYS}
        ]
    return errors


def create_task(
    *,
    title: str,
    by,
    description: str = "",
    owner_user=None,
    owner_unit=None,
    due: dt.date | None = None,
    due_in_business_days: int | None = None,
    municipality=None,
    source=None,
    today: dt.date | None = None,
) -> Task:
    """A new open task. Only state staff (or admins) create tasks; the callers (e.g. a
    meeting's minutes) check who may act on their own objects first."""
    if not (by.is_authenticated and (by.is_admin or by.is_staff_member)):
        raise PermissionDenied(_("Só a equipe do Estado cria tarefas de acompanhamento."))
    today = today or timezone.localdate()
    errors = check_task(
        title=title,
        description=description,
        owner_user=owner_user,
        owner_unit=owner_unit,
        due=due,
        due_in_business_days=due_in_business_days,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    if due is None:
        due = due_in(
            due_in_business_days,
            today=today,
            municipality=municipality,
            owner_unit=owner_unit,
            owner_user=owner_user,
        )
    return Task.objects.create(
        title=title.strip(),
        description=description.strip(),
        owner_user=owner_user,
        owner_unit=owner_unit,
        due=due,
        municipality=municipality,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        created_by=by,
    )


def _locked(task: Task, by) -> Task:
    if not queries.may_work(by, task):
        raise PermissionDenied(_("Só o responsável pela tarefa a conclui ou cancela."))
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.OPEN:
        raise TaskTransitionError(
            _("Esta tarefa já está %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def complete_task(task: Task, *, by, note: str = "") -> Task:
    if len(note or "") > TEXT_MAX:
        raise ValidationError(
            {"note": _("Use no máximo %(count)d caracteres.") % {"count": TEXT_MAX}}
        )
    locked = _locked(task, by)
    locked.status = TaskStatus.DONE
    locked.done_by = by
    locked.done_at = timezone.now()
    locked.completion_note = (note or "").strip()
    locked.save(update_fields=["status", "done_by", "done_at", "completion_note"])
    return locked


@transaction.atomic
def cancel_task(task: Task, *, by, reason: str) -> Task:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Informe o motivo do cancelamento.")})
    if len(reason) > TEXT_MAX:
        raise ValidationError(
            {"reason": _("Use no máximo %(count)d caracteres.") % {"count": TEXT_MAX}}
        )
    locked = _locked(task, by)
    locked.status = TaskStatus.CANCELLED
    locked.cancelled_by = by
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason
    locked.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    return locked


def claim_reminder(obj, person_id: int, day: dt.date, section: str = "") -> bool:
    """Record that `person` is reminded of `obj` on `day`; False when someone (another run,
    another worker) already did: the item then stays out of today's e-mail."""
    ct = ContentType.objects.get_for_model(obj)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                content_type=ct, object_id=obj.pk, person_id=person_id, day=day, section=section
            )
    except IntegrityError:
        return False
    return True
