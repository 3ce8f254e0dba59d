"""Challenges ("desafios") of a program phase and their focal municipalities (issue 9, item 3)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.indicators.models import CriticalityRule, Indicator, Ranking
from apoia.territory.models import Municipality

__all__ = [
    "AdjustmentKind",
    "Challenge",
    "FocalAdjustment",
    "FocalMunicipality",
    "FocalOrigin",
    "FocalSnapshot",
    "SnapshotCause",
]


class Challenge(models.Model):
    """A priority challenge of a phase: indicators and the rule or list that picks its focus."""

    phase = models.ForeignKey(
        "programs.Phase",
        verbose_name=_("fase"),
        on_delete=models.CASCADE,
        related_name="challenges",
    )
    slug = models.SlugField(_("identificador"), max_length=80)
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrição"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicadores"), related_name="challenges"
    )
    # Exactly one source picks the focal municipalities: a criticality rule or a saved list.
    rule = models.ForeignKey(
        CriticalityRule,
        verbose_name=_("regra de criticidade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
    )
    period = models.PositiveSmallIntegerField(
        _("período"),
        null=True,
        blank=True,
        help_text=_("Período dos valores da regra; em branco, o mais recente com dados."),
    )
    ranking = models.ForeignKey(
        Ranking,
        verbose_name=_("lista de prioridade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
    )
    ranking_top = models.PositiveSmallIntegerField(
        _("primeiros da lista"),
        null=True,
        blank=True,
        help_text=_("Quantos municípios do topo da lista são focais."),
    )
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)
    current_snapshot = models.ForeignKey(
        "programs.FocalSnapshot",
        verbose_name=_("retrato atual"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["current_snapshot"])

    class Meta:
        ordering = ["phase", "order", "name"]
        verbose_name = _("desafio")
        verbose_name_plural = _("desafios")
        constraints = [
            models.UniqueConstraint(fields=["phase", "slug"], name="challenge_unique_slug"),
            models.CheckConstraint(
                condition=(Q(rule__isnull=False) & Q(ranking__isnull=True))
                | (Q(rule__isnull=True) & Q(ranking__isnull=False)),
                name="challenge_one_source",
                violation_error_message=_(
                    "Escolha uma regra de criticidade ou uma lista de prioridade (só uma)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ranking__isnull=True) | Q(ranking_top__gt=0),
                name="challenge_ranking_has_top",
                violation_error_message=_(
                    "Informe quantos municípios do topo da lista são focais."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:challenge", args=[self.phase.program.slug, self.slug])

    def clean(self):
        if self.rule_id and self.ranking_id:
            raise ValidationError(
                _("Escolha uma regra de criticidade ou uma lista de prioridade, não as duas.")
            )
        if not self.rule_id and not self.ranking_id:
            raise ValidationError(_("Escolha uma regra de criticidade ou uma lista de prioridade."))
        if self.ranking_id and not self.ranking_top:
            raise ValidationError(
                {"ranking_top": _("Informe quantos municípios do topo da lista são focais.")}
            )


class SnapshotCause(models.TextChoices):
    COMPUTED = "computed", _("Cálculo")
    ADJUSTED = "adjusted", _("Ajuste manual")


class FocalSnapshot(models.Model):
    """The focal municipalities of a challenge as they stood at one moment (never edited)."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("desafio"), on_delete=models.CASCADE, related_name="snapshots"
    )
    taken_at = models.DateTimeField(_("em"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cause = models.CharField(_("origem"), max_length=20, choices=SnapshotCause.choices)
    # The period of the rule's values, or of the saved list.
    period = models.PositiveSmallIntegerField(_("período"), null=True, blank=True)
    source = models.CharField(_("critério"), max_length=300, blank=True)
    adjustment = models.OneToOneField(
        "programs.FocalAdjustment",
        verbose_name=_("ajuste"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshot",
    )

    class Meta:
        ordering = ["challenge", "-taken_at", "-pk"]
        verbose_name = _("retrato dos municípios focais")
        verbose_name_plural = _("retratos dos municípios focais")

    def __str__(self):
        return f"{self.challenge} — {self.taken_at:%d/%m/%Y %H:%M}"


class FocalOrigin(models.TextChoices):
    COMPUTED = "computed", _("Calculado")
    MANUAL = "manual", _("Incluído manualmente")


class FocalMunicipality(models.Model):
    """One focal municipality of a snapshot, with why it is focal."""

    snapshot = models.ForeignKey(
        FocalSnapshot, verbose_name=_("retrato"), on_delete=models.CASCADE, related_name="rows"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    # 1 = the most critical of the snapshot; manual inclusions come after the computed ones.
    position = models.PositiveSmallIntegerField(_("posição"))
    origin = models.CharField(_("origem"), max_length=20, choices=FocalOrigin.choices)
    reasons = models.JSONField(_("motivos"), default=list)
    value = models.FloatField(_("valor ou pontuação"), null=True, blank=True)

    class Meta:
        ordering = ["snapshot", "position"]
        verbose_name = _("município focal")
        verbose_name_plural = _("municípios focais")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "municipality"], name="focalmunicipality_unique"
            )
        ]

    def __str__(self):
        return f"{self.municipality} ({self.position})"


class AdjustmentKind(models.TextChoices):
    ADD = "add", _("Inclusão")
    REMOVE = "remove", _("Exclusão")


class FocalAdjustment(models.Model):
    """A manager's decision to include or exclude a municipality, kept across recomputations.

    The latest adjustment of a municipality in a challenge stands: a recomputation keeps an
    included municipality and leaves an excluded one out.
    """

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("desafio"), on_delete=models.CASCADE, related_name="adjustments"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=AdjustmentKind.choices)
    justification = models.TextField(_("justificativa"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("em"))

    class Meta:
        ordering = ["challenge", "-created_at", "-pk"]
        verbose_name = _("ajuste de município focal")
        verbose_name_plural = _("ajustes de municípios focais")
        constraints = [
            models.CheckConstraint(
                condition=~Q(justification=""),
                name="focaladjustment_has_justification",
                violation_error_message=_("O ajuste exige uma justificativa."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.municipality}"
