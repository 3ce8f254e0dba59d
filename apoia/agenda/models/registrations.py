"""Registrations (with the waiting list), attendance, certificates anyone can verify, the
attendees' ratings, and the secret of each person's private calendar feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models.events import Event
from apoia.territory.models import Municipality


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Inscrito(a)")
    WAITING = "waiting", _("Lista de espera")
    CANCELLED = "cancelled", _("Cancelada")


class CheckinMethod(models.TextChoices):
    CODE = "code", _("Código da inscrição")
    LIST = "list", _("Lista de presença")
    ONLINE_CODE = "online_code", _("Código anunciado na sessão")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    # Short, unambiguous, printed on the receipt and in the QR code; the key of check-in.
    code = models.CharField(_("código"), max_length=12, unique=True)
    name = models.CharField(_("nome"), max_length=150)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("cargo ou função"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT, related_name="+"
    )
    # The organization the person came for, when they represent one (hearings, forums).
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organização"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrito(a) por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_registrations",
    )
    status = models.CharField(_("situação"), max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("inscrito(a) em"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("saiu da lista de espera em"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelada em"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("presença registrada em"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checkin_method = models.CharField(
        _("forma do registro de presença"), max_length=20, choices=CheckinMethod.choices, blank=True
    )

    class Meta:
        # The waiting list is served in this order.
        ordering = ["created_at", "pk"]
        verbose_name = _("inscrição")
        verbose_name_plural = _("inscrições")
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message=_("Este e-mail já está inscrito neste evento."),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="registered"),
                name="registration_checkin_only_registered",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.event}"

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


class Certificate(models.Model):
    """What was attended, frozen when issued: later edits of the event do not change it."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("código de verificação"), max_length=20, unique=True)
    name = models.CharField(_("nome"), max_length=150)
    event_title = models.CharField(_("evento"), max_length=250)
    event_dates = models.CharField(_("data"), max_length=100)
    workload_hours = models.DecimalField(_("carga horária (h)"), max_digits=5, decimal_places=1)
    issuer = models.CharField(_("emitido por"), max_length=250)
    issued_at = models.DateTimeField(_("emitido em"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revogado em"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("motivo da revogação"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificado")
        verbose_name_plural = _("certificados")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("A revogação exige um motivo."),
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("agenda:verify_certificate", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Feedback(models.Model):
    """The satisfaction an attendee gives after an event (1 to 5, and a comment)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("avaliação"))
    comment = models.TextField(_("comentário"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("avaliação de evento")
        verbose_name_plural = _("avaliações de eventos")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
                violation_error_message=_("A avaliação vai de 1 a 5."),
            ),
        ]

    def __str__(self):
        return f"{self.registration}: {self.rating}"


class CalendarFeed(models.Model):
    """The secret in the URL of a person's private calendar; regenerating it replaces it.

    Kept in the clear, unlike API tokens: the person copies the URL into a calendar app
    again, and it reads only their own agenda."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda privada")
        verbose_name_plural = _("agendas privadas")

    def __str__(self):
        return str(self.user)
