"""Councils ("conselhos"): seats by segment, titular and alternate mandates, meetings with
their quorum and minutes, and resolutions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Organization
from apoia.lib.collation import portuguese
from apoia.territory.models import Municipality, State


class Segment(models.TextChoices):
    GOVERNMENT = "government", _("Governo")
    CIVIL_SOCIETY = "civil_society", _("Sociedade civil")


class Council(models.Model):
    """A municipal council (municipality set) or a state council (municipality empty)."""

    name = models.CharField(_("nome"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Vazio para um conselho estadual."),
    )
    legal_basis = models.CharField(
        _("base legal"),
        max_length=300,
        help_text=_("A lei que criou o conselho, por exemplo: Lei Municipal nº 1.234/2005."),
    )
    policy_area = models.CharField(_("área de política pública"), max_length=120)
    # Most councils of social policy are parity councils (LOAS art. 16, ECA art. 88).
    requires_parity = models.BooleanField(_("exige paridade"), default=True)
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("cadastro no registro"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council",
        help_text=_("O cadastro do conselho no registro de organizações, quando houver."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state__uf", portuguese("name")]
        verbose_name = _("conselho")
        verbose_name_plural = _("conselhos")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("society:council", args=[self.pk])


class Seat(models.Model):
    """A seat of a council, held by a titular and an alternate (suplente)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    segment = models.CharField(_("segmento"), max_length=20, choices=Segment.choices)
    label = models.CharField(
        _("representação"),
        max_length=200,
        help_text=_("Quem a cadeira representa, por exemplo: Secretaria de Saúde; usuários."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organização"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        help_text=_("Para cadeiras da sociedade civil: a organização do registro."),
    )
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    class Meta:
        ordering = ["council", "segment", "order", "pk"]
        verbose_name = _("cadeira")
        verbose_name_plural = _("cadeiras")
        constraints = [
            models.CheckConstraint(
                condition=Q(segment="civil_society") | Q(organization__isnull=True),
                name="seat_organization_only_civil_society",
                violation_error_message=_(
                    "Só cadeiras da sociedade civil são ocupadas por organizações."
                ),
            )
        ]

    def __str__(self):
        return f"{self.council} — {self.label}"


class MandateRole(models.TextChoices):
    TITULAR = "titular", _("Titular")
    ALTERNATE = "alternate", _("Suplente")


class Mandate(models.Model):
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="mandates")
    role = models.CharField(_("função"), max_length=20, choices=MandateRole.choices)
    person_name = models.CharField(_("conselheiro(a)"), max_length=150)
    # Personal contact, for the council's secretariat only: never public.
    person_email = models.EmailField(_("e-mail"), blank=True)
    starts_on = models.DateField(_("início do mandato"))
    ends_on = models.DateField(_("fim do mandato"))
    act = models.CharField(_("ato de nomeação"), max_length=200, blank=True)
    # The day the 60-day end-of-mandate alert was sent, so `apoia remind` sends it once.
    end_alert_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["seat", "role", "-starts_on"]
        verbose_name = _("mandato")
        verbose_name_plural = _("mandatos")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
                violation_error_message=_("O mandato não pode terminar antes de começar."),
            )
        ]

    def __str__(self):
        return f"{self.person_name} ({self.get_role_display()})"


class CouncilMeeting(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinária")
        EXTRAORDINARY = "extraordinary", _("Extraordinária")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField(_("data e hora"))
    place = models.CharField(_("local"), max_length=200, blank=True)
    agenda = models.TextField(_("pauta"))
    minutes = models.TextField(_("ata"), blank=True)
    minutes_approved_on = models.DateField(_("ata aprovada em"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["council", "-starts_at"]
        verbose_name = _("reunião do conselho")
        verbose_name_plural = _("reuniões do conselho")

    def __str__(self):
        return f"{self.council} — {self.starts_at:%d/%m/%Y}"


class CouncilAttendance(models.Model):
    """Who sat at a meeting: a mandate present. An alternate present counts for the seat only
    when its titular is absent ("suplente no exercício da titularidade")."""

    meeting = models.ForeignKey(
        CouncilMeeting, on_delete=models.CASCADE, related_name="attendances"
    )
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="attendances")

    class Meta:
        verbose_name = _("presença")
        verbose_name_plural = _("presenças")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "mandate"],
                name="councilattendance_unique",
                violation_error_message=_("Esta presença já foi registrada."),
            )
        ]

    def __str__(self):
        return f"{self.meeting} — {self.mandate}"


class Resolution(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="resolutions")
    meeting = models.ForeignKey(
        CouncilMeeting,
        verbose_name=_("reunião"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    number = models.PositiveIntegerField(_("número"))
    year = models.PositiveSmallIntegerField(_("ano"))
    issued_on = models.DateField(_("data"))
    summary = models.TextField(_("ementa"))
    link = models.URLField(_("link da publicação"), blank=True)

    class Meta:
        ordering = ["council", "-year", "-number"]
        verbose_name = _("resolução")
        verbose_name_plural = _("resoluções")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "number"],
                name="resolution_unique_number",
                violation_error_message=_("Este conselho já tem uma resolução com este número."),
            )
        ]

    def __str__(self):
        return f"{self.number}/{self.year}"
