"""The annual technical-support plan ("Plano de Apoio Técnico"): strategies, axes, and the
entries an approving act (e.g. Resolução CIB/SUAS/MT nº 02/2022) pacts for a state and year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.agenda.models.common import Modality
from apoia.territory.models import State


class Presence(models.TextChoices):
    # Resolução CIB/SUAS/MT nº 02/2022, art. 4º, I and II.
    IN_PERSON = "in_person", _("Apoio técnico presencial")
    REMOTE = "remote", _("Apoio técnico não presencial")


class Strategy(models.Model):
    """A strategy of technical support (art. 4º and 6º): encontros, visitas técnicas, lives…"""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=150)
    presence = models.CharField(_("forma"), max_length=20, choices=Presence.choices)
    description = models.TextField(_("descrição"), blank=True)
    legal_basis = models.CharField(_("fundamento"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("estratégia de apoio técnico")
        verbose_name_plural = _("estratégias de apoio técnico")

    def __str__(self):
        return self.name


class Axis(models.Model):
    """A thematic axis of a state's plans (art. 7º: Gestão do SUAS, Serviços…)."""

    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    slug = models.SlugField(_("identificador"), max_length=80)
    name = models.CharField(_("nome"), max_length=150)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    class Meta:
        ordering = ["state__uf", "order", "name"]
        verbose_name = _("eixo")
        verbose_name_plural = _("eixos")
        constraints = [
            models.UniqueConstraint(fields=["state", "slug"], name="axis_unique_slug"),
        ]

    def __str__(self):
        return self.name


class SupportPlan(models.Model):
    """A state's plan for one year, with the act that approved it."""

    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("ano"))
    title = models.CharField(_("título"), max_length=250)
    act = models.CharField(
        _("ato de aprovação"),
        max_length=200,
        help_text=_("Ex.: Resolução CIB/SUAS/MT nº 02/2022."),
    )
    act_date = models.DateField(_("data do ato"), null=True, blank=True)
    act_url = models.URLField(_("link do ato"), max_length=500, blank=True)
    summary = models.TextField(_("apresentação"), max_length=8000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state__uf", "-year"]
        verbose_name = _("plano de apoio técnico")
        verbose_name_plural = _("planos de apoio técnico")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "year"],
                name="supportplan_one_per_state_year",
                violation_error_message=_("Este estado já tem um plano para este ano."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:plan", args=[self.state.uf.lower(), self.year])


class EntryStatus(models.TextChoices):
    PLANNED = "planned", _("Planejada")
    SCHEDULED = "scheduled", _("Agendada")
    DONE = "done", _("Realizada")
    CANCELLED = "cancelled", _("Cancelada")


class PlanEntry(models.Model):
    """One line of a plan: axis × strategy × modality × title, who runs it and when."""

    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("plano"), on_delete=models.CASCADE, related_name="entries"
    )
    axis = models.ForeignKey(Axis, verbose_name=_("eixo"), on_delete=models.PROTECT)
    strategy = models.ForeignKey(Strategy, verbose_name=_("estratégia"), on_delete=models.PROTECT)
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    title = models.CharField(_("ação"), max_length=300)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade responsável"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Months 1–12 the action is planned for; empty when the act names none.
    months = models.JSONField(_("meses previstos"), default=list, blank=True)
    audience = models.CharField(_("público"), max_length=300, blank=True)
    status = models.CharField(
        _("situação"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PLANNED
    )
    cancel_reason = models.TextField(_("motivo do cancelamento"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("ação do plano")
        verbose_name_plural = _("ações do plano")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="planentry_cancel_has_reason",
                violation_error_message=_("O cancelamento exige um motivo."),
            ),
        ]

    def __str__(self):
        return self.title
