"""Municipal action plans: the actions an adhered municipality commits to (issue 9, item 6).

A plan is edited in place; each approval freezes what was approved into a `PlanVersion`
(a JSON snapshot), so the versions can be compared while the live plan is being revised.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.indicators.models import Indicator

__all__ = [
    "DeliveryStatus",
    "Plan",
    "PlanDelivery",
    "PlanDeliveryQuerySet",
    "PlanItem",
    "PlanStatus",
    "PlanTarget",
    "PlanVersion",
]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Rascunho")
    SUBMITTED = "submitted", _("Enviado para análise")
    RETURNED = "returned", _("Devolvido para ajustes")
    APPROVED = "approved", _("Aprovado")


class Plan(models.Model):
    """The action plan of one adhesion, or the work plan of a strategic project's phase (no
    adhesion: its items are the phase's goals); `version` is the number of its latest approval.

    "An adhesion, or else a project's phase" crosses tables (Program.kind), so
    services/projects.py enforces it (and `clean`); the database keeps one project plan per
    phase.
    """

    adhesion = models.OneToOneField(
        "programs.Adhesion",
        verbose_name=_("adesão"),
        on_delete=models.PROTECT,
        related_name="plan",
        null=True,
        blank=True,
    )
    phase = models.ForeignKey(
        "programs.Phase", verbose_name=_("fase"), on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(
        _("situação"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # 0 until the first approval; a draft with version ≥ 1 is a revision of an approved plan.
    version = models.PositiveSmallIntegerField(_("versão aprovada"), default=0)
    revision_reason = models.TextField(_("motivo da alteração"), max_length=2000, blank=True)
    return_comment = models.TextField(_("comentário da devolução"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("enviado em"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("analisado em"), null=True, blank=True)
    approved_on = models.DateField(_("aprovado em"), null=True, blank=True)
    created_at = models.DateTimeField(_("criado em"), auto_now_add=True)
    updated_at = models.DateTimeField(_("alterado em"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["adhesion__municipality__name"]
        verbose_name = _("plano de ação")
        verbose_name_plural = _("planos de ação")
        constraints = [
            models.UniqueConstraint(
                fields=["phase"],
                condition=Q(adhesion__isnull=True),
                name="plan_one_project_plan_per_phase",
            )
        ]

    def __str__(self):
        if self.adhesion_id is None:
            return str(_("Plano do projeto %(project)s") % {"project": self.phase.program})
        return str(_("Plano de ação de %(municipality)s") % {"municipality": self.municipality})

    def save(self, *args, **kwargs):
        if self.phase_id is None and self.adhesion_id is not None:
            self.phase_id = self.adhesion.phase_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.adhesion_id is None:
            return reverse("programs:project", args=[self.phase.program.slug])
        return reverse("programs:plan", args=[self.pk])

    def clean(self):
        super().clean()
        if self.phase_id is None:
            return
        if self.adhesion_id is None and not self.phase.program.is_project:
            raise ValidationError(
                {"adhesion": _("Um plano de programa de cooperação pertence a uma adesão.")}
            )
        if self.adhesion_id is not None and self.phase.program.is_project:
            raise ValidationError({"adhesion": _("Um projeto estratégico não tem adesões.")})

    @property
    def is_project(self) -> bool:
        return self.adhesion_id is None

    @property
    def program(self):
        return self.phase.program

    @property
    def municipality(self):
        """The adhesion's municipality; None for a strategic project's plan."""
        return self.adhesion.municipality if self.adhesion_id else None

    @property
    def is_revision(self) -> bool:
        return self.version >= 1 and self.status != PlanStatus.APPROVED


class PlanItem(models.Model):
    """An action of the menu the plan commits to, and who answers for it in the municipality."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plano"), on_delete=models.CASCADE, related_name="items"
    )
    action = models.ForeignKey(
        "programs.Action", verbose_name=_("ação"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_name = models.CharField(_("responsável"), max_length=150, blank=True)
    responsible_role = models.CharField(_("cargo ou função"), max_length=150, blank=True)
    responsible_contact = models.CharField(_("contato"), max_length=200, blank=True)
    return_comment = models.TextField(_("comentário da análise"), max_length=4000, blank=True)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("ação do plano")
        verbose_name_plural = _("ações do plano")
        constraints = [
            models.UniqueConstraint(fields=["plan", "action"], name="planitem_one_per_action")
        ]

    def __str__(self):
        return str(self.action)


class PlanTarget(models.Model):
    """The baseline and the target of one indicator linked to the item's action."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("ação do plano"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicador"), on_delete=models.PROTECT, related_name="+"
    )
    baseline_value = models.FloatField(_("linha de base"), null=True, blank=True)
    baseline_period = models.PositiveSmallIntegerField(
        _("período da linha de base"), null=True, blank=True
    )
    # Set by approval: from then on a new indicator import does not move the baseline.
    frozen = models.BooleanField(_("linha de base congelada"), default=False)
    target = models.FloatField(_("meta"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "indicator__code"]
        verbose_name = _("meta do plano")
        verbose_name_plural = _("metas do plano")
        constraints = [
            models.UniqueConstraint(fields=["item", "indicator"], name="plantarget_unique")
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.target}"


class DeliveryStatus(models.TextChoices):
    # "Late" is not a status: it is derived (PlanDeliveryQuerySet.late, PlanDelivery.is_late).
    PENDING = "pending", _("Pendente")
    SUBMITTED = "submitted", _("Enviada para validação")
    RETURNED = "returned", _("Devolvida para ajustes")
    VALIDATED = "validated", _("Validada")


# The status tags' colours (white text at 4.5:1 or more, as protocol's STATUS_CSS); the late
# tag is DS "danger".
DELIVERY_STATUS_CSS = {
    DeliveryStatus.PENDING: "bg-gray-60",
    DeliveryStatus.SUBMITTED: "bg-blue-cool-vivid-60",
    DeliveryStatus.RETURNED: "bg-violet-vivid-60",
    DeliveryStatus.VALIDATED: "success",
}


class PlanDeliveryQuerySet(models.QuerySet):
    def late(self, today):
        """Due before `today`, not validated, and no open request for more time."""
        return (
            self.filter(due__lt=today)
            .exclude(status=DeliveryStatus.VALIDATED)
            .exclude(clarifications__status="open")
        )

    def not_late(self, today):
        return self.exclude(pk__in=self.late(today).values("pk"))


class PlanDelivery(models.Model):
    """A delivery of the item's action with its due date in this plan."""

    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("ação do plano"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    delivery = models.ForeignKey(
        "programs.ActionDelivery",
        verbose_name=_("entrega"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("prazo"))
    # The municipality chose the date; else approval recomputes it from the approval day.
    due_adjusted = models.BooleanField(_("prazo ajustado pelo município"), default=False)
    frozen = models.BooleanField(_("prazo aprovado"), default=False)
    status = models.CharField(
        _("situação"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("enviada em"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validada em"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PlanDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["item", "delivery__order", "delivery__pk"]
        verbose_name = _("entrega do plano")
        verbose_name_plural = _("entregas do plano")
        constraints = [
            models.UniqueConstraint(fields=["item", "delivery"], name="plandelivery_unique")
        ]

    def __str__(self):
        return f"{self.delivery} ({self.due:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("programs:delivery", args=[self.pk])

    def is_late_on(self, today) -> bool:
        """The row form of PlanDeliveryQuerySet.late (one query for the open clarification)."""
        if self.status == DeliveryStatus.VALIDATED or self.due >= today:
            return False
        return not self.clarifications.filter(status="open").exists()

    @property
    def is_late(self) -> bool:
        """Late today (the site's time zone): what the pages' tag shows."""
        return self.is_late_on(timezone.localdate())

    @property
    def status_css(self) -> str:
        return DELIVERY_STATUS_CSS.get(self.status, "bg-gray-60")

    @property
    def takes_evidence(self) -> bool:
        return self.status in (DeliveryStatus.PENDING, DeliveryStatus.RETURNED)


class PlanVersion(models.Model):
    """An approved version of a plan, frozen as it was approved."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plano"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    approved_at = models.DateTimeField(_("aprovada em"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprovada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who asked for the change (the focal point who revised the plan), for versions ≥ 2.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alteração pedida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motivo da alteração"), max_length=2000, blank=True)
    # {"items": [{"action", "title", "responsible", "targets", "deliveries"}]}
    snapshot = models.JSONField(_("conteúdo aprovado"))

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("versão do plano")
        verbose_name_plural = _("versões do plano")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="planversion_change_has_reason",
                violation_error_message=_("Uma nova versão do plano exige o motivo da alteração."),
            ),
        ]

    def __str__(self):
        return str(_("Versão %(number)d") % {"number": self.number})
