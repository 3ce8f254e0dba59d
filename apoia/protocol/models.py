import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Organization, OrgUnit
from apoia.catalog.models import Service, ServiceOption
from apoia.protocol import limits, wording
from apoia.protocol.files import extension_for
from apoia.protocol.numbering import DIGITS
from apoia.territory.models import Municipality, State


class Status(models.TextChoices):
    RECEIVED = "received", _("Recebido")
    ACCEPTED = "accepted", _("Aceito, aguardando técnico")
    IN_PROGRESS = "in_progress", _("Em atendimento")
    WAITING_REQUESTER = "waiting_requester", _("Aguardando o demandante")
    REFUSED = "refused", _("Recusado")
    APPEALED = "appealed", _("Em recurso")
    CONCLUDED = "concluded", _("Concluído")


# The gov.br DS background of each status tag, the one definition every page uses (staff,
# tracking, receipt, Meus pedidos) through `ServiceRequest.status_css`. Each keeps the tag's
# white text at a contrast of at least 4.5:1 (WCAG 2.1 AA): 7.3, 6.5, 6.7, 6.0 and 12.6.
STATUS_CSS = {
    Status.RECEIVED: "bg-blue-warm-vivid-70",
    Status.ACCEPTED: "bg-blue-cool-vivid-60",
    Status.IN_PROGRESS: "bg-blue-cool-vivid-60",
    Status.WAITING_REQUESTER: "bg-violet-vivid-60",
    Status.APPEALED: "bg-violet-vivid-60",
    Status.REFUSED: "bg-gray-60",
    Status.CONCLUDED: "bg-gray-80",
}

OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.WAITING_REQUESTER,
    Status.APPEALED,
)


class RefusalReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Fora da competência da unidade")
    INCOMPLETE = "incomplete", _("Informações insuficientes")
    NOT_ELIGIBLE = "not_eligible", _("Demandante não atende às exigências do serviço")
    DUPLICATE = "duplicate", _("Pedido em duplicidade")
    NO_CAPACITY = "no_capacity", _("Sem capacidade de atendimento no período")
    OTHER = "other", _("Outro motivo")


class Channel(models.TextChoices):
    WEB = "web", _("Portal")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", _("No prazo")
    DUE_SOON = "due_soon", _("Vence em breve")
    LATE = "late", _("Atrasado")


# The deadline tags, as the status tags: one definition (white text at 4.6:1 on green and red,
# dark gray on yellow at 8.4:1).
DEADLINE_CSS = {
    DeadlineState.ON_TIME: "success",
    DeadlineState.DUE_SOON: "warning text-gray-80",
    DeadlineState.LATE: "danger",
}


def new_access_code() -> str:
    # 10 characters of an unambiguous alphabet: easy to read aloud over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class ProtocolSequence(models.Model):
    """The last protocol sequence used by a unit code in a year (NUP restarts yearly)."""

    unit_code = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "year"], name="protocolsequence_unique")
        ]

    def __str__(self):
        return f"{self.unit_code}/{self.year}: {self.last_value}"


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.exclude(status__in=OPEN_STATUSES)

    def late(self, today):
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today, limit):
        """Open and due between today and `limit` (today + 2 business days), inclusive."""
        return self.open().filter(due_date__gte=today, due_date__lte=limit)

    def on_time(self, limit):
        return self.open().filter(due_date__gt=limit)


class ServiceRequest(models.Model):
    """A formal request ("ofício", adhesion, ombudsman manifestation or LAI request)."""

    protocol = models.CharField(_("protocolo"), max_length=30, unique=True)
    access_code = models.CharField(_("código de acesso"), max_length=20, default=new_access_code)
    service = models.ForeignKey(
        Service, verbose_name=_("serviço"), on_delete=models.PROTECT, related_name="requests"
    )
    option = models.ForeignKey(
        ServiceOption,
        verbose_name=_("opção"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("situação"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )

    # Who asks. A logged-in requester is linked; the copy of name/e-mail keeps the record
    # readable even if the account changes.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conta do demandante"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_made",
    )
    requester_name = models.CharField(_("nome do demandante"), max_length=limits.NAME, blank=True)
    requester_email = models.EmailField(_("e-mail do demandante"), blank=True)
    requester_document = models.CharField(_("CPF ou CNPJ"), max_length=14, blank=True)
    requester_phone = models.CharField(_("telefone"), max_length=limits.PHONE, blank=True)
    is_anonymous = models.BooleanField(_("anônimo"), default=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organização"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    # What the filer typed about an organization they do not represent: kept as text, linked
    # to nothing, so a stranger who types a CNPJ never reaches that organization's account.
    organization_name = models.CharField(
        _("organização informada"), max_length=limits.ORGANIZATION_NAME, blank=True
    )
    organization_cnpj = models.CharField(_("CNPJ informado"), max_length=14, blank=True)
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)

    # Column sizes are the limits every surface enforces (limits.py); long texts stay TextFields.
    subject = models.CharField(_("assunto"), max_length=limits.SUBJECT, blank=True)
    description = models.TextField(_("descrição do pedido"))
    suggested_dates = models.CharField(
        _("datas sugeridas"), max_length=limits.SUGGESTED_DATES, blank=True
    )
    suggested_agenda = models.TextField(_("programação sugerida"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address = models.CharField(_("endereço"), max_length=limits.ADDRESS, blank=True)

    # Routing and handling.
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("técnico responsável"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_assigned",
    )

    # Deadlines: dates in the requester's calendar, indexed for queues and reminders.
    received_at = models.DateTimeField(_("recebido em"))
    due_date = models.DateField(_("prazo de resposta"), db_index=True)
    original_due_date = models.DateField(_("prazo original"))
    extended = models.BooleanField(_("prazo prorrogado"), default=False)
    first_contact_due = models.DateField(_("prazo do primeiro contato"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("primeiro contato em"), null=True, blank=True)
    paused_since = models.DateField(_("relógio parado desde"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    # Decision.
    decided_at = models.DateTimeField(_("decidido em"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("motivo da recusa"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    decision_justification = models.TextField(_("justificativa"), blank=True)
    redirect_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("encaminhar para a unidade"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    redirect_service = models.ForeignKey(
        Service,
        verbose_name=_("encaminhar para o serviço"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appealed_at = models.DateTimeField(_("recurso em"), null=True, blank=True)

    # Conclusion and the requester's evaluation.
    concluded_at = models.DateTimeField(_("concluído em"), null=True, blank=True)
    outcome = models.TextField(_("resultado"), blank=True)
    rating = models.PositiveSmallIntegerField(_("avaliação"), null=True, blank=True)
    rating_comment = models.TextField(_("comentário da avaliação"), blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("pedido")
        verbose_name_plural = _("pedidos")
        indexes = [
            models.Index(fields=["unit", "status", "due_date"]),
            models.Index(fields=["assignee", "status", "due_date"]),
            models.Index(fields=["requester", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="servicerequest_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_justification=""),
                name="servicerequest_refusal_has_justification",
                violation_error_message=_("A recusa exige uma justificativa por escrito."),
            ),
        ]

    def __str__(self):
        return self.protocol

    def get_absolute_url(self):
        return reverse("protocol:detail", args=[self.protocol_slug])

    @property
    def protocol_slug(self) -> str:
        """The number's digits only: the form used in URLs (a NUP has a "/")."""
        return "".join(ch for ch in self.protocol if ch in DIGITS)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_ombudsman(self) -> bool:
        return self.service.kind == "ombudsman"

    @property
    def is_manifestation(self) -> bool:
        """An ombudsman manifestation or an LAI request: its own words on every page."""
        return wording.is_manifestation(self.service.kind)

    @property
    def status_label(self) -> str:
        """The status as its pages name it ("Acolhida, aguardando ouvidor(a)" for a
        manifestation, "Aceito, aguardando técnico" for a request)."""
        return wording.status_label(self.service.kind, self.status, self.get_status_display())

    @property
    def noun(self) -> str:
        return wording.noun(self.service.kind)

    @property
    def status_css(self) -> str:
        """The status tag's colour classes (STATUS_CSS)."""
        return STATUS_CSS.get(self.status, "bg-gray-60")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Pedido recebido")
    ROUTED = "routed", _("Encaminhado à unidade")
    REROUTED = "rerouted", _("Redirecionado")
    ACCEPTED = "accepted", _("Aceito")
    REFUSED = "refused", _("Recusado")
    ASSIGNED = "assigned", _("Técnico designado")
    CONTACT = "contact", _("Contato com o demandante")
    MESSAGE = "message", _("Mensagem da equipe")
    NOTE = "note", _("Nota interna")
    REQUESTER_MESSAGE = "requester_message", _("Mensagem do demandante")
    DOCUMENT = "document", _("Documento anexado")
    WAITING = "waiting", _("Aguardando o demandante")
    RESUMED = "resumed", _("Atendimento retomado")
    EXTENDED = "extended", _("Prazo prorrogado")
    DUE_MOVED = "due_moved", _("Prazo ajustado")
    CONCLUDED = "concluded", _("Concluído")
    RATED = "rated", _("Atendimento avaliado")
    APPEALED = "appealed", _("Recurso apresentado")
    REOPENED = "reopened", _("Reaberto")
    REMINDED = "reminded", _("Lembrete de prazo enviado")
    NOTIFICATION_FAILED = "notification_failed", _("Falha no envio de e-mail")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Reunião")
    VISIT = "visit", _("Visita")
    MESSAGE_APP = "message_app", _("Aplicativo de mensagens")


class TimelineEvent(models.Model):
    """One transition or interaction in a request's life: who, when, what and why."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("quando"), default=timezone.now, db_index=True)
    kind = models.CharField(_("o quê"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shown when there is no account (the requester, the system).
    actor_label = models.CharField(max_length=150, blank=True)
    text = models.TextField(_("descrição"), blank=True)
    is_internal = models.BooleanField(
        _("nota interna"), default=False, help_text=_("Não aparece para o demandante.")
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("evento")
        verbose_name_plural = _("linha do tempo")

    def __str__(self):
        return f"{self.request_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    # Random names: the original name is kept in the row, never on disk or in a URL. The
    # extension is the one of the type sniffed from the content, never the sender's.
    ext = extension_for(instance.content_type)
    return f"protocol/{instance.request.received_at:%Y/%m}/{secrets.token_hex(16)}{ext}"


class Attachment(models.Model):
    """A file sent with a request or during its handling; served only after a permission check."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("nome do arquivo"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_requester = models.BooleanField(default=False)
    is_internal = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("anexo")
        verbose_name_plural = _("anexos")

    def __str__(self):
        return self.original_name
