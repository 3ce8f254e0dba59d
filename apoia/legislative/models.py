"""The legislative desk: bills ("proposições") the government follows, their status history,
the opinions asked of several units at once (each with a business-day deadline), and the
parliamentary demands, which are protocol requests of a catalog service."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.accounts.models import OrgUnit
from apoia.territory.models import Municipality, State


class House(models.TextChoices):
    MUNICIPAL_CHAMBER = "municipal_chamber", _("Câmara Municipal")
    STATE_ASSEMBLY = "state_assembly", _("Assembleia Legislativa")


class BillKind(models.TextChoices):
    ORDINARY_LAW = "pl", _("Projeto de Lei")
    COMPLEMENTARY_LAW = "plc", _("Projeto de Lei Complementar")
    CONSTITUTIONAL_AMENDMENT = "pec", _("Proposta de Emenda à Constituição / Lei Orgânica")
    LEGISLATIVE_DECREE = "pdl", _("Projeto de Decreto Legislativo")
    RESOLUTION = "pr", _("Projeto de Resolução")
    INDICATION = "ind", _("Indicação")
    REQUEST = "req", _("Requerimento")
    VETO = "veto", _("Veto")


class BillStatus(models.TextChoices):
    FILED = "filed", _("Apresentada")
    IN_COMMITTEE = "in_committee", _("Em comissão")
    READY_FOR_VOTE = "ready_for_vote", _("Pronta para pauta")
    APPROVED = "approved", _("Aprovada")
    REJECTED = "rejected", _("Rejeitada")
    SANCTIONED = "sanctioned", _("Sancionada")
    VETOED = "vetoed", _("Vetada")
    ARCHIVED = "archived", _("Arquivada")
    WITHDRAWN = "withdrawn", _("Retirada")


CLOSED_BILL_STATUSES = (
    BillStatus.REJECTED,
    BillStatus.SANCTIONED,
    BillStatus.ARCHIVED,
    BillStatus.WITHDRAWN,
)


class Position(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorável")
    FAVOURABLE_WITH_CHANGES = "favourable_with_changes", _("Favorável com alterações")
    AGAINST = "against", _("Contrário")
    NO_OBJECTION = "no_objection", _("Nada a opor")
    NOT_COMPETENT = "not_competent", _("Fora da competência da unidade")


class Bill(models.Model):
    """A bill followed by a legislative desk (the unit `desk`)."""

    house = models.CharField(_("casa legislativa"), max_length=30, choices=House.choices)
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município da câmara"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=BillKind.choices)
    number = models.PositiveIntegerField(_("número"))
    year = models.PositiveSmallIntegerField(_("ano"))
    author = models.CharField(_("autoria"), max_length=200)
    summary = models.TextField(_("ementa"))
    link = models.URLField(_("link na casa legislativa"), blank=True)
    status = models.CharField(
        _("situação"), max_length=20, choices=BillStatus.choices, default=BillStatus.FILED
    )
    desk = models.ForeignKey(
        OrgUnit,
        verbose_name=_("acompanhada por"),
        on_delete=models.PROTECT,
        related_name="followed_bills",
    )
    affected_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("unidades afetadas"), blank=True, related_name="affecting_bills"
    )
    # Legislative sits above programs (it reads them; programs never import it).
    affected_programs = models.ManyToManyField(
        "programs.Program",
        verbose_name=_("programas afetados"),
        blank=True,
        related_name="affecting_bills",
    )
    consolidated_position = models.CharField(
        _("posição consolidada"), max_length=30, choices=Position.choices, blank=True
    )
    consolidated_text = models.TextField(_("manifestação consolidada"), blank=True)
    consolidated_at = models.DateTimeField(_("consolidada em"), null=True, blank=True)
    consolidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-year", "-number", "pk"]
        verbose_name = _("proposição")
        verbose_name_plural = _("proposições")
        constraints = [
            models.CheckConstraint(
                condition=Q(house="state_assembly", municipality__isnull=True)
                | Q(house="municipal_chamber", municipality__isnull=False),
                name="bill_chamber_has_municipality",
                violation_error_message=_(
                    "Uma proposição de câmara municipal precisa do município; uma da "
                    "assembleia legislativa, não."
                ),
            ),
            models.UniqueConstraint(
                fields=["house", "state", "municipality", "kind", "number", "year"],
                name="bill_unique_number",
                violation_error_message=_("Esta proposição já está cadastrada."),
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("legislative:bill", args=[self.pk])


class BillStatusChange(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("situação"), max_length=20, choices=BillStatus.choices)
    happened_on = models.DateField(_("data"))
    note = models.TextField(_("observação"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bill", "happened_on", "pk"]
        verbose_name = _("andamento")
        verbose_name_plural = _("andamentos")

    def __str__(self):
        return f"{self.bill} — {self.get_status_display()}"


class OpinionRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_at__isnull=True, cancelled_at__isnull=True)

    def late(self, today):
        """Open and past its deadline: derived, never stored."""
        return self.open().filter(due_on__lt=today)


class OpinionRequest(models.Model):
    """The desk asked `unit` for its opinion on a bill, by `due_on` (business days of the
    territory calendar, counted from `requested_on`)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="opinion_requests")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unidade"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("o que se pede"), blank=True)
    requested_on = models.DateField(_("pedido em"))
    business_days = models.PositiveSmallIntegerField(_("prazo (dias úteis)"))
    due_on = models.DateField(_("prazo"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("posição"), max_length=30, choices=Position.choices, blank=True)
    opinion = models.TextField(_("parecer"), blank=True)
    answered_at = models.DateTimeField(_("respondido em"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelado em"), null=True, blank=True)
    # The days the "due soon" and "late" lines went into the digest.
    due_alert_sent_on = models.DateField(null=True, blank=True)
    late_alert_sent_on = models.DateField(null=True, blank=True)

    objects = OpinionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["bill", "due_on", "unit__name"]
        verbose_name = _("pedido de parecer")
        verbose_name_plural = _("pedidos de parecer")
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "unit"],
                condition=Q(cancelled_at__isnull=True),
                name="opinionrequest_one_open_per_unit",
                violation_error_message=_("Esta unidade já foi consultada sobre a proposição."),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(position=""),
                name="opinionrequest_answer_has_position",
                violation_error_message=_("O parecer precisa de uma posição."),
            ),
        ]

    def __str__(self):
        return f"{self.bill} → {self.unit}"


class ParliamentaryDemand(models.Model):
    """What a legislator asked, filed as a protocol request (its number, deadline, routing,
    decision and tracking are the request's); this row keeps who asked and about which bill."""

    request = models.OneToOneField(
        "protocol.ServiceRequest", on_delete=models.PROTECT, related_name="parliamentary_demand"
    )
    legislator = models.CharField(_("parlamentar"), max_length=150)
    party = models.CharField(_("partido"), max_length=30, blank=True)
    house = models.CharField(_("casa legislativa"), max_length=30, choices=House.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município da câmara"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    bill = models.ForeignKey(
        Bill,
        verbose_name=_("proposição relacionada"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
    )

    class Meta:
        ordering = ["-request__received_at"]
        verbose_name = _("demanda parlamentar")
        verbose_name_plural = _("demandas parlamentares")

    def __str__(self):
        return f"{self.legislator} — {self.request}"
