"""Theme consultations ("escuta"): municipalities propose themes for a series and vote."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models.events import Series
from apoia.territory.models import Municipality


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Aberta")
    CLOSED = "closed", _("Encerrada")


class Consultation(models.Model):
    series = models.ForeignKey(
        Series, verbose_name=_("série"), on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(_("título"), max_length=200)
    question = models.TextField(_("pergunta"), max_length=2000, blank=True)
    closes_on = models.DateField(_("recebe temas até"), null=True, blank=True)
    status = models.CharField(
        _("situação"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("encerrada em"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The ranking frozen at closing: [{"proposal", "title", "votes", "municipalities", "rank"}].
    ranking = models.JSONField(_("resultado"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("escuta de temas")
        verbose_name_plural = _("escutas de temas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:consultation", args=[self.pk])


class ThemeProposal(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("tema"), max_length=200)
    description = models.TextField(_("por que este tema"), max_length=2000, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("proposto por"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("tema proposto")
        verbose_name_plural = _("temas propostos")

    def __str__(self):
        return self.title


class ThemeVote(models.Model):
    proposal = models.ForeignKey(ThemeProposal, on_delete=models.CASCADE, related_name="votes")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    voted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voto em tema")
        verbose_name_plural = _("votos em temas")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "municipality"],
                name="themevote_one_per_municipality",
                violation_error_message=_("Seu município já votou neste tema."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} → {self.proposal}"
