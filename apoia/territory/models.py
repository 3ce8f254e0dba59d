from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apoia.lib.collation import portuguese


class DeadlineUnit(models.TextChoices):
    """How a deadline's amount is counted (Lei 9.784/1999, art. 66)."""

    BUSINESS_DAYS = "business_days", _("dias úteis")
    CALENDAR_DAYS = "calendar_days", _("dias corridos")
    WEEKS = "weeks", _("semanas")
    MONTHS = "months", _("meses")


class State(models.Model):
    """A Brazilian federative unit (UF)."""

    code = models.PositiveSmallIntegerField(_("código IBGE"), primary_key=True)
    uf = models.CharField(_("sigla"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=60)
    region = models.CharField(_("região"), max_length=20)
    timezone = models.CharField(_("fuso horário"), max_length=40, default="America/Sao_Paulo")

    class Meta:
        ordering = ["uf"]
        verbose_name = _("estado")
        verbose_name_plural = _("estados")

    def __str__(self):
        return f"{self.name} ({self.uf})"


class MunicipalityQuerySet(models.QuerySet):
    def in_state(self, uf: str):
        return self.filter(state__uf=uf.upper())


class Municipality(models.Model):
    """An IBGE municipality, keyed by its 7-digit code."""

    ibge = models.PositiveIntegerField(_("código IBGE"), primary_key=True)
    name = models.CharField(_("nome"), max_length=80)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="municipalities")
    is_capital = models.BooleanField(_("capital"), default=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    siafi = models.CharField(_("código SIAFI"), max_length=4, blank=True)
    ddd = models.PositiveSmallIntegerField(_("DDD"), null=True, blank=True)
    timezone = models.CharField(_("fuso horário"), max_length=40, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["state__uf", portuguese("name")]
        verbose_name = _("município")
        verbose_name_plural = _("municípios")
        indexes = [models.Index(fields=["state", "name"])]

    def __str__(self):
        return f"{self.name}/{self.state_id and self.state.uf}"


class NonBusinessDayKind(models.TextChoices):
    MUNICIPAL_HOLIDAY = "municipal_holiday", _("feriado municipal")
    CLOSURE = "closure", _("ponto facultativo adotado")


class NonBusinessDay(models.Model):
    """A day without public service kept by us: a municipal holiday or an adopted closure day.

    National and state holidays come from the `holidays` package and are not stored.
    A row applies to a whole state or to one municipality, never both.
    """

    date = models.DateField(_("data"), db_index=True)
    name = models.CharField(_("nome"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=20, choices=NonBusinessDayKind.choices)
    state = models.ForeignKey(
        State, verbose_name=_("estado"), on_delete=models.CASCADE, null=True, blank=True
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    legal_basis = models.CharField(_("ato normativo"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("dia não útil")
        verbose_name_plural = _("dias não úteis")
        constraints = [
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(municipality__isnull=True))
                | (Q(state__isnull=True) & Q(municipality__isnull=False)),
                name="nonbusinessday_one_scope",
                violation_error_message=_("Informe o estado ou o município, não ambos."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipal_holiday") | Q(municipality__isnull=False),
                name="nonbusinessday_municipal_holiday_has_municipality",
                violation_error_message=_("Feriado municipal exige um município."),
            ),
            models.UniqueConstraint(
                fields=["date", "state"],
                condition=Q(state__isnull=False),
                name="nonbusinessday_unique_state_date",
                violation_error_message=_("Já existe um dia não útil nessa data para o estado."),
            ),
            models.UniqueConstraint(
                fields=["date", "municipality"],
                condition=Q(municipality__isnull=False),
                name="nonbusinessday_unique_municipality_date",
                violation_error_message=_("Já existe um dia não útil nessa data para o município."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def scope_label(self) -> str:
        return str(self.municipality or self.state)
