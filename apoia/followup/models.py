"""Follow-up tasks: work with an owner (a person or a unit), a due date and a status, whatever
turned it into work (a meeting's decision, …), and the ledger of reminders sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.territory.models import Municipality

__all__ = ["ReminderSent", "Task", "TaskQuerySet", "TaskStatus"]


class TaskStatus(models.TextChoices):
    # "Late" is not a status: it is derived (TaskQuerySet.late, Task.is_late).
    OPEN = "open", _("Aberta")
    DONE = "done", _("Concluída")
    CANCELLED = "cancelled", _("Cancelada")


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TaskStatus.OPEN)

    def late(self, today):
        """Open and due before `today`."""
        return self.open().filter(due__lt=today)

    def for_sources(self, sources):
        """Tasks whose source is one of `sources` (model instances, any mix of models)."""
        q = Q(pk__in=[])
        by_type: dict[int, list[int]] = {}
        for source in sources:
            ct = ContentType.objects.get_for_model(source)
            by_type.setdefault(ct.pk, []).append(source.pk)
        for ct_id, ids in by_type.items():
            q |= Q(source_type_id=ct_id, source_id__in=ids)
        return self.filter(q)


class Task(models.Model):
    """A piece of follow-up work owned by exactly one person or one org unit."""

    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descrição"), max_length=4000, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsável (pessoa)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_tasks",
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsável (unidade)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_tasks",
    )
    due = models.DateField(_("prazo"))
    status = models.CharField(
        _("situação"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What turned into this work (e.g. programs.MeetingDecision); its app says how to name and
    # link it (apoia.followup.registry).
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("criada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("criada em"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluída por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("concluída em"), null=True, blank=True)
    completion_note = models.TextField(_("nota de conclusão"), max_length=4000, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelada em"), null=True, blank=True)
    cancel_reason = models.TextField(_("motivo do cancelamento"), max_length=4000, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("tarefa de acompanhamento")
        verbose_name_plural = _("tarefas de acompanhamento")
        indexes = [
            models.Index(fields=["status", "due"], name="task_status_due"),
            models.Index(fields=["source_type", "source_id"], name="task_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False, owner_unit__isnull=True)
                | Q(owner_user__isnull=True, owner_unit__isnull=False),
                name="task_exactly_one_owner",
                violation_error_message=_(
                    "A tarefa tem um responsável: uma pessoa ou uma unidade, não as duas."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="task_cancel_has_reason",
                violation_error_message=_("O cancelamento exige um motivo."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("followup:task", args=[self.pk])

    @property
    def owner(self):
        return self.owner_user or self.owner_unit

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return self.owner_user.full_name
        return str(self.owner_unit)

    def is_late(self, today) -> bool:
        return self.status == TaskStatus.OPEN and self.due < today


class ReminderSent(models.Model):
    """One reminder about one item to one person on one day: the e-mail digest claims a row
    before listing the item, so an item is reminded at most once a day per person."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # Which list of the digest it went in (e.g. "deliveries_late"), for whoever reads the ledger.
    section = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("lembrete enviado")
        verbose_name_plural = _("lembretes enviados")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "person", "day"],
                name="remindersent_once_a_day",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} → {self.person_id} ({self.day})"
