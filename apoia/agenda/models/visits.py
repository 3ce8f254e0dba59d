"""Technical visits chosen from indicators (art. 9º): a proposal of municipalities grouped
into trips, the staff's decision on each, and the report after the visit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models.events import Event
from apoia.territory.models import Municipality, State


class VisitPlan(models.Model):
    """A proposal of visits for a state and year, from a saved priority list or a rule."""

    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("ano"))
    title = models.CharField(_("título"), max_length=200)
    ranking = models.ForeignKey(
        "indicators.Ranking",
        verbose_name=_("lista de prioridade"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # How it was made (source, how many, trip size…), so the proposal can be explained.
    parameters = models.JSONField(_("parâmetros"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposta de visitas técnicas")
        verbose_name_plural = _("propostas de visitas técnicas")

    def __str__(self):
        return self.title


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposta")
    ACCEPTED = "accepted", _("Aceita")
    DROPPED = "dropped", _("Descartada")


class VisitProposal(models.Model):
    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="proposals")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    # Why it was chosen, in words ("IDCRAS 0,41, 3º pior do estado").
    reasons = models.JSONField(_("motivos"), default=list)
    rank = models.PositiveIntegerField(_("posição na lista"))
    trip = models.PositiveSmallIntegerField(_("roteiro"))
    stop = models.PositiveSmallIntegerField(_("ordem no roteiro"))
    status = models.CharField(
        _("situação"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    drop_reason = models.TextField(_("motivo do descarte"), max_length=2000, blank=True)
    event = models.OneToOneField(
        Event,
        verbose_name=_("visita agendada"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_proposal",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "trip", "stop"]
        verbose_name = _("visita proposta")
        verbose_name_plural = _("visitas propostas")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "municipality"], name="visitproposal_one_per_municipality"
            ),
        ]

    def __str__(self):
        return str(self.municipality)


class VisitReport(models.Model):
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="visit_report")
    people_met = models.TextField(_("quem foi ouvido"), max_length=4000)
    summary = models.TextField(_("síntese"), max_length=8000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relatório de visita")
        verbose_name_plural = _("relatórios de visita")

    def __str__(self):
        return str(self.event)


class VisitFinding(models.Model):
    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="findings")
    theme = models.CharField(_("tema"), max_length=150)
    text = models.TextField(_("constatação"), max_length=4000)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("constatação")
        verbose_name_plural = _("constatações")

    def __str__(self):
        return self.theme


class VisitRecommendation(models.Model):
    """A recommendation of the report; it becomes a follow-up task (apoia.followup)."""

    report = models.ForeignKey(
        VisitReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recomendação"), max_length=4000)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recomendação")
        verbose_name_plural = _("recomendações")

    def __str__(self):
        return self.text[:80]
