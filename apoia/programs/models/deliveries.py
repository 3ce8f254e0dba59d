"""What a municipality sends to prove a delivery, and the state's review of it (issue 10).

Evidence is immutable: a new file or number is a new version; nothing is replaced or deleted.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apoia.programs.models.menu import EvidenceType
from apoia.programs.models.plans import PlanDelivery
from apoia.protocol.files import extension_for

__all__ = [
    "Clarification",
    "ClarificationStatus",
    "DeliveryReview",
    "Evidence",
    "FILE_EVIDENCE_TYPES",
    "ImmutableEvidence",
    "ReturnReason",
    "ReviewDecision",
]

# The kinds sent as a file; the others (process number, link) are a typed value.
FILE_EVIDENCE_TYPES = frozenset(
    {
        EvidenceType.PHOTO,
        EvidenceType.MINUTES,
        EvidenceType.ATTENDANCE_LIST,
        EvidenceType.OFFICIAL_LETTER,
        EvidenceType.DOCUMENT,
    }
)


class ImmutableEvidence(Exception):
    """Raised on any attempt to change or delete stored evidence."""


def evidence_path(instance, filename: str) -> str:
    # Random names, the extension of the sniffed type: the sender's name stays in the row.
    ext = extension_for(instance.content_type)
    return f"programs/evidence/{secrets.token_hex(16)}{ext}"


class Evidence(models.Model):
    """One version of one evidence type of a delivery: a file, a process number or a link."""

    delivery = models.ForeignKey(
        PlanDelivery, verbose_name=_("entrega"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=EvidenceType.choices)
    # 1, 2, … per delivery and kind: sending again adds a version.
    version = models.PositiveSmallIntegerField(_("versão"))
    title = models.CharField(_("título"), max_length=200)
    file = models.FileField(_("arquivo"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("nome do arquivo"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # A SEI (or other) process number or a URL, for the kinds that are not files.
    value = models.CharField(_("valor"), max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("enviada em"))

    class Meta:
        ordering = ["delivery", "kind", "-version"]
        verbose_name = _("evidência")
        verbose_name_plural = _("evidências")
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "kind", "version"], name="evidence_one_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(value=""), name="evidence_has_file_or_value"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEvidence(_("Uma evidência enviada não pode ser alterada."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvidence(_("Uma evidência enviada não pode ser excluída."))

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class ReviewDecision(models.TextChoices):
    VALIDATE = "validate", _("Validada")
    RETURN = "return", _("Devolvida")


class ReturnReason(models.TextChoices):
    ILLEGIBLE = "illegible", _("Ilegível")
    INCOMPLETE = "incomplete", _("Incompleta")
    MISMATCH = "mismatch", _("Não corresponde à entrega")
    OUTDATED = "outdated", _("Fora do período")
    OTHER = "other", _("Outro motivo")


class DeliveryReview(models.Model):
    """The state's decision on a submitted delivery, with the checklist it answered."""

    delivery = models.ForeignKey(
        PlanDelivery, verbose_name=_("entrega"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decisão"), max_length=10, choices=ReviewDecision.choices)
    reason = models.CharField(
        _("motivo da devolução"), max_length=20, choices=ReturnReason.choices, blank=True
    )
    comment = models.TextField(_("comentário"), max_length=4000, blank=True)
    new_due = models.DateField(_("novo prazo"), null=True, blank=True)
    # {evidence type: {question: true/false}}, as the technician answered it.
    checklist = models.JSONField(_("roteiro respondido"), default=dict, blank=True)
    # The evidence versions this review looked at (ids), so a later version is not mistaken
    # for the one that was validated.
    evidence_ids = models.JSONField(_("evidências analisadas"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analisada por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("analisada em"))

    class Meta:
        ordering = ["delivery", "-at", "-pk"]
        verbose_name = _("análise da entrega")
        verbose_name_plural = _("análises das entregas")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="validate") | ~Q(reason=""),
                name="deliveryreview_return_has_reason",
                violation_error_message=_("Uma devolução exige o motivo."),
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.delivery}"


class ClarificationStatus(models.TextChoices):
    OPEN = "open", _("Em análise")
    GRANTED = "granted", _("Concedida")
    REFUSED = "refused", _("Negada")


class Clarification(models.Model):
    """A municipality's request for more time on a delivery; while open the delivery is not
    counted late."""

    delivery = models.ForeignKey(
        PlanDelivery,
        verbose_name=_("entrega"),
        on_delete=models.CASCADE,
        related_name="clarifications",
    )
    justification = models.TextField(_("justificativa"), max_length=4000)
    proposed_due = models.DateField(_("prazo proposto"), null=True, blank=True)
    status = models.CharField(
        _("situação"),
        max_length=10,
        choices=ClarificationStatus.choices,
        default=ClarificationStatus.OPEN,
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pedida por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("pedida em"))
    answer = models.TextField(_("resposta"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("respondida em"), null=True, blank=True)
    granted_due = models.DateField(_("prazo concedido"), null=True, blank=True)

    class Meta:
        ordering = ["delivery", "-asked_at"]
        verbose_name = _("pedido de prorrogação")
        verbose_name_plural = _("pedidos de prorrogação")
        constraints = [
            models.UniqueConstraint(
                fields=["delivery"],
                condition=Q(status="open"),
                name="clarification_one_open_per_delivery",
                violation_error_message=_("Já há um pedido de prorrogação em análise."),
            )
        ]

    def __str__(self):
        return str(_("Pedido de prorrogação — %(delivery)s") % {"delivery": self.delivery})
