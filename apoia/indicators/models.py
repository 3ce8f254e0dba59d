import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.territory.models import Municipality, State


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher_better", _("Quanto maior, melhor")
    LOWER_IS_BETTER = "lower_better", _("Quanto menor, melhor")
    NEUTRAL = "neutral", _("Neutro (contexto)")


class Periodicity(models.TextChoices):
    ANNUAL = "annual", _("Anual")
    DECENNIAL = "decennial", _("Decenal (censo)")
    OTHER = "other", _("Outra")


class Indicator(models.Model):
    """A municipal indicator: what it measures, where it comes from, which way is better."""

    code = models.SlugField(_("código"), max_length=60, unique=True)
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrição"), blank=True)
    unit = models.CharField(_("unidade"), max_length=120, blank=True)
    source = models.TextField(_("fonte"), blank=True)
    source_url = models.URLField(_("endereço da fonte"), blank=True)
    licence = models.CharField(_("licença"), max_length=200, blank=True)
    direction = models.CharField(_("sentido"), max_length=20, choices=Direction.choices)
    periodicity = models.CharField(
        _("periodicidade"), max_length=20, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    axis = models.CharField(_("eixo/tema"), max_length=120, blank=True)
    decimals = models.PositiveSmallIntegerField(_("casas decimais"), default=2)
    min_value = models.FloatField(_("valor mínimo aceito"), null=True, blank=True)
    max_value = models.FloatField(_("valor máximo aceito"), null=True, blank=True)
    national_reference = models.FloatField(
        _("referência nacional"),
        null=True,
        blank=True,
        help_text=_("Valor do Brasil usado pela regra “pior que a referência nacional”."),
    )
    is_published = models.BooleanField(_("publicado"), default=True)

    class Meta:
        ordering = ["axis", "name"]
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicator_range_ordered",
                violation_error_message=_("O mínimo deve ser menor ou igual ao máximo."),
            )
        ]

    def __str__(self):
        return self.name


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Aguardando")
    RUNNING = "running", _("Processando")
    PREVIEWED = "previewed", _("Pré-visualizado")
    INVALID = "invalid", _("Com erros")
    COMMITTED = "committed", _("Importado")
    ROLLED_BACK = "rolled_back", _("Desfeito")
    FAILED = "failed", _("Falhou")


class ImportBatch(models.Model):
    """One uploaded file of indicator values: who, when, which file, and what it changed."""

    file = models.FileField(upload_to="indicators/imports/", blank=True)
    file_name = models.CharField(_("arquivo"), max_length=255)
    sha256 = models.CharField(max_length=64)
    layout = models.CharField(_("formato"), max_length=10, blank=True)  # long / wide
    status = models.CharField(
        _("situação"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progresso (%)"), default=0)
    running_since = models.DateTimeField(_("em processamento desde"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("enviado em"), auto_now_add=True)
    committed_at = models.DateTimeField(_("importado em"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rolled_back_at = models.DateTimeField(_("desfeito em"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importação")
        verbose_name_plural = _("importações")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    # A million values take under a minute; a batch still running after this was abandoned
    # by a worker that stopped, and an administrator may mark it failed.
    STALLED_AFTER = dt.timedelta(minutes=30)

    @property
    def is_stalled(self) -> bool:
        if self.status not in (ImportStatus.RUNNING, ImportStatus.PENDING):
            return False
        since = self.running_since or self.created_at
        return since is not None and timezone.now() - since > self.STALLED_AFTER


class IndicatorValue(models.Model):
    """The value of an indicator for a municipality in a period (a year)."""

    # No database-level foreign keys on this fact table: an import checks every indicator and
    # municipality code against the database before writing, and PostgreSQL's per-row checks
    # of three constraints took more time than the insert itself (21 s of 46 s for a million
    # values). Deletions still cascade through Django's collector.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", db_constraint=False
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    period = models.PositiveSmallIntegerField(_("período"))
    value = models.FloatField(_("valor"))
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("valor de indicador")
        verbose_name_plural = _("valores de indicadores")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "municipality"], name="indicatorvalue_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.municipality_id} {self.period}: {self.value}"


class ReplacedValue(models.Model):
    """A value an import overwrote, kept so the import can be rolled back."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="replaced")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField()
    value = models.FloatField()
    previous_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"{self.indicator_id} {self.municipality_id} {self.period}: {self.value}"


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Limite absoluto")
    WORST_QUANTILE = "worst_quantile", _("Pior quantil no estado")
    WORSE_THAN_STATE = "worse_than_state", _("Pior que a referência estadual")
    WORSE_THAN_NATIONAL = "worse_than_national", _("Pior que a referência nacional")
    WORSENING = "worsening", _("Piora nos últimos períodos")


class CriticalityRule(models.Model):
    """One way an indicator flags a municipality as critical; rules of an indicator combine."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("tipo"), max_length=30, choices=RuleKind.choices)
    threshold = models.FloatField(_("limite"), null=True, blank=True)
    quantile = models.FloatField(
        _("quantil"), null=True, blank=True, help_text=_("Ex.: 0,2 = pior quintil.")
    )
    periods = models.PositiveSmallIntegerField(
        _("períodos"), null=True, blank=True, help_text=_("Piora consecutiva em k períodos.")
    )
    is_active = models.BooleanField(_("ativa"), default=True)

    class Meta:
        ordering = ["indicator", "kind"]
        verbose_name = _("regra de criticidade")
        verbose_name_plural = _("regras de criticidade")

    def __str__(self):
        return f"{self.indicator}: {self.get_kind_display()}"


class Ranking(models.Model):
    """A saved priority list ("lista de prioridade") with the parameters that produced it."""

    name = models.CharField(_("nome"), max_length=200)
    state = models.ForeignKey(State, on_delete=models.PROTECT, verbose_name=_("estado"))
    period = models.PositiveSmallIntegerField(_("período"))
    method = models.CharField(_("normalização"), max_length=10)  # minmax / zscore
    weights = models.JSONField(_("pesos"))
    rows = models.JSONField(_("resultado"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lista de prioridade")
        verbose_name_plural = _("listas de prioridade")

    def __str__(self):
        return self.name
