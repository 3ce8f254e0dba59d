"""The regularization checklist of an organization (the "Apoio à regularização de OSC" option
of the catalog): the documents an organization needs, each with a status and, where it has
one, an expiry date."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Organization


class Requirement(models.Model):
    """A document of the checklist (statute, election minutes, CNPJ, certificates…);
    admins add, reorder and retire them."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=150)
    description = models.TextField(_("orientação"), blank=True)
    group = models.CharField(
        _("grupo"),
        max_length=80,
        blank=True,
        help_text=_("Por exemplo: Constituição, Certidões, Certificações."),
    )
    has_expiry = models.BooleanField(_("tem validade"), default=False)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)
    active = models.BooleanField(_("em uso"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("item de regularização")
        verbose_name_plural = _("itens de regularização")

    def __str__(self):
        return self.name


class ItemStatus(models.TextChoices):
    MISSING = "missing", _("Pendente")
    SENT = "sent", _("Enviado")
    VALID = "valid", _("Válido")
    EXPIRED = "expired", _("Vencido")


class Checklist(models.Model):
    """An organization's regularization checklist, opened when a request of the option is
    accepted (or by staff); the requests that asked for it are linked."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="checklist"
    )
    requests = models.ManyToManyField(
        "protocol.ServiceRequest",
        verbose_name=_("pedidos"),
        blank=True,
        related_name="regularization_checklists",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aberto por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("aberto em"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist de regularização")
        verbose_name_plural = _("checklists de regularização")

    def __str__(self):
        return str(self.organization)


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="items")
    status = models.CharField(
        _("situação"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.MISSING
    )
    expires_on = models.DateField(_("validade"), null=True, blank=True)
    reference = models.CharField(
        _("referência do documento"),
        max_length=200,
        blank=True,
        help_text=_("Número, cartório, link ou processo em que o documento está."),
    )
    note = models.TextField(_("observação"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("atualizado em"), auto_now=True)
    # The day the 30-day expiry alert was sent, so `apoia remind` sends it once.
    expiry_alert_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requirement__order", "requirement__name"]
        verbose_name = _("item do checklist")
        verbose_name_plural = _("itens do checklist")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "requirement"],
                name="checklistitem_unique_requirement",
                violation_error_message=_("Este item já está no checklist."),
            )
        ]

    def __str__(self):
        return f"{self.checklist} — {self.requirement}"
