"""MROSC partnerships (Lei 13.019/2014): the public call or its documented exemption, the
selection, the term and its work-plan goals, amendments, accountability reports and closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.accounts.models import Organization, OrgUnit


class PartnershipStatus(models.TextChoices):
    CALL = "call", _("Chamamento público")
    SELECTION = "selection", _("Seleção")
    IN_EXECUTION = "in_execution", _("Em execução")
    ACCOUNTABILITY = "accountability", _("Prestação de contas final")
    CLOSED = "closed", _("Encerrada")
    CANCELLED = "cancelled", _("Cancelada")


class SelectionMode(models.TextChoices):
    PUBLIC_CALL = "public_call", _("Chamamento público (art. 24)")
    EXEMPTION = "exemption", _("Dispensa de chamamento (art. 30)")
    UNENFORCEABILITY = "unenforceability", _("Inexigibilidade de chamamento (art. 31)")
    PARLIAMENTARY_AMENDMENT = "parliamentary_amendment", _("Emenda parlamentar (art. 29)")


class TermKind(models.TextChoices):
    FOMENTO = "fomento", _("Termo de fomento")
    COLABORACAO = "colaboracao", _("Termo de colaboração")
    COOPERACAO = "cooperacao", _("Acordo de cooperação")


class Partnership(models.Model):
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade responsável"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    title = models.CharField(_("título"), max_length=200)
    object = models.TextField(_("objeto"))
    selection_mode = models.CharField(
        _("forma de seleção"), max_length=30, choices=SelectionMode.choices
    )
    call_number = models.CharField(_("edital"), max_length=60, blank=True)
    call_published_on = models.DateField(_("publicação do edital"), null=True, blank=True)
    proposals_until = models.DateField(_("propostas até"), null=True, blank=True)
    result_published_on = models.DateField(_("resultado publicado em"), null=True, blank=True)
    exemption_justification = models.TextField(
        _("justificativa da dispensa ou inexigibilidade"), blank=True
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organização"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text=_("A organização selecionada; vazio enquanto o chamamento está aberto."),
    )
    term_kind = models.CharField(_("instrumento"), max_length=20, choices=TermKind.choices)
    term_number = models.CharField(_("número do termo"), max_length=60, blank=True)
    signed_on = models.DateField(_("assinado em"), null=True, blank=True)
    value = models.DecimalField(
        _("valor global (R$)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("início da vigência"), null=True, blank=True)
    ends_on = models.DateField(_("fim da vigência"), null=True, blank=True)
    status = models.CharField(
        _("situação"),
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.CALL,
    )
    closed_on = models.DateField(_("encerrada em"), null=True, blank=True)
    closing_note = models.TextField(_("termo de encerramento"), blank=True)
    process_number = models.CharField(_("processo administrativo"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("parceria")
        verbose_name_plural = _("parcerias")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
                violation_error_message=_("A vigência não pode terminar antes de começar."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="partnership_value_not_negative",
                violation_error_message=_("O valor não pode ser negativo."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("society:partnership", args=[self.pk])


class WorkPlanGoal(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("meta"), max_length=300)
    indicator = models.CharField(_("indicador de cumprimento"), max_length=200, blank=True)
    due_on = models.DateField(_("prazo"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    class Meta:
        ordering = ["partnership", "order", "pk"]
        verbose_name = _("meta do plano de trabalho")
        verbose_name_plural = _("metas do plano de trabalho")

    def __str__(self):
        return self.description


class Amendment(models.Model):
    """A "termo aditivo" or "apostilamento": what it changed is kept, the term's new end date
    or value is applied to the partnership by the service that records it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    signed_on = models.DateField(_("assinado em"))
    description = models.TextField(_("o que altera"))
    new_ends_on = models.DateField(_("nova data de fim"), null=True, blank=True)
    new_value = models.DecimalField(
        _("novo valor global (R$)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["partnership", "number"]
        verbose_name = _("aditivo")
        verbose_name_plural = _("aditivos")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                name="amendment_unique_number",
                violation_error_message=_("Esta parceria já tem um aditivo com este número."),
            )
        ]

    def __str__(self):
        return f"{self.partnership} — {self.number}º aditivo"


class ReportKind(models.TextChoices):
    EXECUTION = "execution", _("Relatório de execução do objeto")
    FINANCIAL = "financial", _("Relatório de execução financeira")


class Opinion(models.TextChoices):
    APPROVED = "approved", _("Aprovada")
    APPROVED_WITH_RESERVATIONS = "approved_with_reservations", _("Aprovada com ressalvas")
    REJECTED = "rejected", _("Rejeitada")


class AccountabilityReportQuerySet(models.QuerySet):
    def late(self, today):
        """Due before today and not received: derived, never stored."""
        return self.filter(received_on__isnull=True, due_on__lt=today)


class AccountabilityReport(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("tipo"), max_length=20, choices=ReportKind.choices)
    period_label = models.CharField(
        _("período"), max_length=100, help_text=_("Por exemplo: 1º semestre de 2026; final.")
    )
    is_final = models.BooleanField(_("prestação de contas final"), default=False)
    due_on = models.DateField(_("prazo de entrega"))
    received_on = models.DateField(_("recebido em"), null=True, blank=True)
    opinion = models.CharField(
        _("parecer técnico"), max_length=30, choices=Opinion.choices, blank=True
    )
    opinion_text = models.TextField(_("fundamentação do parecer"), blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parecer de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opinion_on = models.DateField(_("parecer em"), null=True, blank=True)
    # The day the "due soon" / "late" alert went into the digest, so it is sent once each.
    due_alert_sent_on = models.DateField(null=True, blank=True)
    late_alert_sent_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = AccountabilityReportQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "due_on", "kind"]
        verbose_name = _("prestação de contas")
        verbose_name_plural = _("prestações de contas")
        constraints = [
            models.CheckConstraint(
                condition=Q(opinion="") | Q(received_on__isnull=False),
                name="report_opinion_needs_receipt",
                violation_error_message=_("Só há parecer sobre relatório recebido."),
            ),
            models.CheckConstraint(
                condition=Q(opinion="") | ~Q(opinion_text=""),
                name="report_opinion_has_text",
                violation_error_message=_("O parecer precisa de fundamentação."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.period_label}"
