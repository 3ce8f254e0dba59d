"""Monitoring meetings of a program phase (issue 10, item 7): the agenda comes from the data,
the decisions become follow-up tasks (the `followup` app points back at them)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.programs.models.menu import Modality
from apoia.territory.models import Municipality

__all__ = ["Meeting", "MeetingAttendance", "MeetingDecision", "MeetingStatus"]


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Agendada")
    HELD = "held", _("Realizada")
    CANCELLED = "cancelled", _("Cancelada")


class Meeting(models.Model):
    """A monitoring meeting with some adhered municipalities of a phase."""

    phase = models.ForeignKey(
        "programs.Phase", verbose_name=_("fase"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("título"), max_length=200)
    starts_at = models.DateTimeField(_("data e hora"))
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    place = models.CharField(_("local"), max_length=300, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    invited = models.ManyToManyField(
        Municipality, verbose_name=_("municípios convidados"), related_name="+"
    )
    status = models.CharField(
        _("situação"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("ata"), max_length=20000, blank=True)
    # The agenda as it stood when the meeting was held; before that it is computed live.
    agenda_snapshot = models.JSONField(_("pauta registrada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("criada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("criada em"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("reunião de monitoramento")
        verbose_name_plural = _("reuniões de monitoramento")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:meeting", args=[self.pk])


class MeetingAttendance(models.Model):
    """Whether an invited municipality took part, and who represented it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("reunião"), on_delete=models.CASCADE, related_name="attendance"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("presente"), default=False)
    represented_by = models.CharField(_("representado por"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "municipality__name"]
        verbose_name = _("presença")
        verbose_name_plural = _("presenças")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "municipality"], name="meetingattendance_unique"
            )
        ]

    def __str__(self):
        return f"{self.municipality} — {self.meeting}"


class MeetingDecision(models.Model):
    """A decision recorded in the minutes; its follow-up task lives in the `followup` app."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("reunião"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decisão"), max_length=4000)
    # The municipality (and plan) the decision is about, when it is about one.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.ForeignKey(
        "programs.Plan",
        verbose_name=_("plano"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_decisions",
    )
    created_at = models.DateTimeField(_("registrada em"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decisão da reunião")
        verbose_name_plural = _("decisões da reunião")

    def __str__(self):
        return self.text[:80]
