from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.protocol.models import ServiceRequest


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a caller sent with `POST /api/v1/requests`, and what it filed.

    Unique per caller, so the database itself decides which of two simultaneous retries files
    the request; the row is inserted in the request's own transaction, so a key never points
    at a request that was rolled back. Rows older than `apoia.api.idempotency.TTL` are
    ignored and swept.
    """

    caller = models.CharField(_("quem enviou"), max_length=100)
    key = models.CharField(_("chave"), max_length=100)
    fingerprint = models.CharField(_("impressão do corpo"), max_length=64)
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="+", verbose_name=_("pedido")
    )
    # The 201 body as first sent: a retry gets exactly that, even after the request moved on.
    response = models.JSONField(_("resposta"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("recebida em"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("chave de idempotência")
        verbose_name_plural = _("chaves de idempotência")
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotencykey_unique")
        ]

    def __str__(self):
        return f"{self.caller} {self.key}"
