"""One-to-one support appointments (art. 6º, II): technicians publish slots by theme; a
municipality books one through the catalog service, so the booking has a protocol number."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit, Theme
from apoia.agenda.models.common import Modality
from apoia.territory.models import Municipality


class Slot(models.Model):
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unidade"), on_delete=models.PROTECT, related_name="+"
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("técnico(a)"),
        on_delete=models.PROTECT,
        related_name="agenda_slots",
    )
    theme = models.ForeignKey(Theme, verbose_name=_("tema"), on_delete=models.PROTECT)
    start = models.DateTimeField(_("início"))
    end = models.DateTimeField(_("término"))
    # Hybrid: the municipality chooses, when booking, at the office or online.
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    place = models.CharField(_("local"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("retirado em"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("horário de atendimento")
        verbose_name_plural = _("horários de atendimento")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="slot_end_after_start",
                violation_error_message=_("O término deve ser depois do início."),
            ),
        ]

    def __str__(self):
        return f"{self.theme} — {self.start:%d/%m/%Y %H:%M}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Agendado")
    DONE = "done", _("Realizado")
    CANCELLED = "cancelled", _("Cancelado")


class Appointment(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agenda_appointments"
    )
    question = models.TextField(_("dúvida ou assunto"), max_length=4000)
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    request = models.OneToOneField(
        "protocol.ServiceRequest",
        verbose_name=_("protocolo"),
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    status = models.CharField(
        _("situação"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    cancelled_at = models.DateTimeField(_("cancelado em"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("motivo"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__start", "pk"]
        verbose_name = _("atendimento individualizado")
        verbose_name_plural = _("atendimentos individualizados")
        constraints = [
            # No double-booking, whatever the race: the database keeps one live booking.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="appointment_one_live_per_slot",
                violation_error_message=_("Este horário já foi reservado."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} — {self.slot}"

    def get_absolute_url(self):
        return reverse("agenda:appointment", args=[self.pk])
