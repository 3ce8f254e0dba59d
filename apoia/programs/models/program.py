"""Programs, their phases and the municipalities' adhesions (issue 9, items 1 and 2)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.protocol.models import ServiceRequest
from apoia.territory.models import Municipality, State


class ProgramKind(models.TextChoices):
    COOPERATION = "cooperation", _("Programa de cooperação com os municípios")
    PROJECT = "project", _("Projeto estratégico")


class Program(models.Model):
    """A cooperation program between the state and its municipalities (e.g. MS Ativo), or a
    strategic project of the state's own (`kind = project`: goals, no municipal adhesion)."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=200)
    goal = models.TextField(_("objetivo"), blank=True)
    description = models.TextField(_("descrição pública"), blank=True)
    kind = models.CharField(
        _("tipo"), max_length=20, choices=ProgramKind.choices, default=ProgramKind.COOPERATION
    )
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    managing_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade gestora"),
        on_delete=models.PROTECT,
        related_name="managed_programs",
    )
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("unidades participantes"),
        blank=True,
        related_name="programs",
    )
    # The catalog service through which municipalities ask to join (kind program_adhesion).
    adhesion_service = models.OneToOneField(
        Service,
        verbose_name=_("serviço de adesão"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program",
    )

    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["name"]
        verbose_name = _("programa")
        verbose_name_plural = _("programas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.is_project:
            return reverse("programs:project", args=[self.slug])
        return reverse("programs:detail", args=[self.slug])

    @property
    def is_project(self) -> bool:
        return self.kind == ProgramKind.PROJECT


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("Prevista")
    ADHESION = "adhesion", _("Aberta para adesão")
    RUNNING = "running", _("Em execução")
    CLOSED = "closed", _("Encerrada")


class Phase(models.Model):
    """A phase of a program ("Fase 3"), with its dates and adhesion window."""

    program = models.ForeignKey(
        Program, verbose_name=_("programa"), on_delete=models.CASCADE, related_name="phases"
    )
    slug = models.SlugField(_("identificador"), max_length=80)
    name = models.CharField(_("nome"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordem"))
    start = models.DateField(_("início"), null=True, blank=True)
    end = models.DateField(_("término"), null=True, blank=True)
    adhesion_opens = models.DateField(_("adesões a partir de"), null=True, blank=True)
    adhesion_closes = models.DateField(_("adesões até"), null=True, blank=True)
    status = models.CharField(
        _("situação"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("fase")
        verbose_name_plural = _("fases")
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="phase_unique_slug"),
            models.UniqueConstraint(fields=["program", "order"], name="phase_unique_order"),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="phase_end_after_start",
                violation_error_message=_("O término não pode ser anterior ao início."),
            ),
            models.CheckConstraint(
                condition=Q(adhesion_opens__isnull=True)
                | Q(adhesion_closes__isnull=True)
                | Q(adhesion_closes__gte=models.F("adhesion_opens")),
                name="phase_window_closes_after_opens",
                violation_error_message=_(
                    "O fim do período de adesão não pode ser anterior ao seu início."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.program.name} — {self.name}"

    def window_is_open(self, today) -> bool:
        """Whether a request made `today` joins this phase now (else it is queued)."""
        if self.status == PhaseStatus.CLOSED:
            return False
        if self.adhesion_opens and today < self.adhesion_opens:
            return False
        if self.adhesion_closes and today > self.adhesion_closes:
            return False
        return self.status in (PhaseStatus.ADHESION, PhaseStatus.RUNNING)


class AdhesionStatus(models.TextChoices):
    ACTIVE = "active", _("Ativa")
    # Accepted after the window closed (or before it opened): joins when its phase opens.
    QUEUED = "queued", _("Na fila para a próxima fase")
    WITHDRAWN = "withdrawn", _("Desistência")


def term_path(instance, filename: str) -> str:
    # A random name, like protocol attachments: the file is served only after a permission
    # check, never from a guessable URL.
    return f"programs/terms/{secrets.token_hex(16)}.pdf"


def new_verification_code() -> str:
    # 12 characters of an unambiguous alphabet, read from paper and typed by hand.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class AdhesionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AdhesionStatus.ACTIVE)


class Adhesion(models.Model):
    """A municipality's membership of one phase of a program, and its term of adhesion."""

    program = models.ForeignKey(
        Program, verbose_name=_("programa"), on_delete=models.PROTECT, related_name="adhesions"
    )
    # Empty only for a queued adhesion when the program has no next phase yet.
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adhesions",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.PROTECT,
        related_name="adhesions",
    )
    status = models.CharField(
        _("situação"), max_length=20, choices=AdhesionStatus.choices, default=AdhesionStatus.ACTIVE
    )
    since = models.DateField(_("aderiu em"))
    request = models.OneToOneField(
        ServiceRequest,
        verbose_name=_("pedido de adesão"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adhesion",
    )
    renewed_from = models.OneToOneField(
        "self",
        verbose_name=_("renovação de"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
    )
    verification_code = models.CharField(
        _("código de verificação"), max_length=20, unique=True, default=new_verification_code
    )
    # The term as issued at acceptance, never redrawn: later edits to the focal points stay in
    # the history and leave the signed paper and its verification as they were.
    term_file = models.FileField(_("termo de adesão"), upload_to=term_path, blank=True)
    term_sha256 = models.CharField(_("SHA-256 do termo"), max_length=64, blank=True)
    # {"program", "managing_unit", "state", "municipality", "uf", "phase", "since", "protocol",
    #  "focal_points": [{"name", "role"}], "declaration", "verification_url"}
    term_content = models.JSONField(_("conteúdo do termo"), default=dict, blank=True)
    term_issued_at = models.DateTimeField(_("termo emitido em"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("desistência em"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("motivo da desistência"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("desistência registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The term is written once, by the system: its fields would only add noise to the diffs.
    history = HistoricalRecords(
        excluded_fields=["term_file", "term_sha256", "term_content", "term_issued_at"]
    )
    objects = AdhesionQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "-since"]
        verbose_name = _("adesão")
        verbose_name_plural = _("adesões")
        constraints = [
            # A withdrawn adhesion is kept as history and does not stop a new one.
            models.UniqueConstraint(
                fields=["municipality", "phase"],
                condition=~Q(status="withdrawn"),
                name="adhesion_one_per_municipality_phase",
                violation_error_message=_("Este município já aderiu a esta fase do programa."),
            ),
            models.UniqueConstraint(
                fields=["program", "municipality"],
                condition=Q(phase__isnull=True) & ~Q(status="withdrawn"),
                name="adhesion_one_queued_without_phase",
                violation_error_message=_(
                    "Este município já está na fila para a próxima fase do programa."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="adhesion_withdrawal_has_reason",
                violation_error_message=_("A desistência exige um motivo."),
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=False) | Q(status="queued") | Q(status="withdrawn"),
                name="adhesion_active_has_phase",
            ),
        ]

    def __str__(self):
        phase = self.phase.name if self.phase_id else _("próxima fase")
        return f"{self.municipality} — {self.program.name} ({phase})"

    def get_absolute_url(self):
        return reverse("programs:adhesion", args=[self.pk])

    @property
    def verification_code_display(self) -> str:
        code = self.verification_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class FocalPoint(models.Model):
    """A municipality's contact person for an adhesion (ponto focal)."""

    adhesion = models.ForeignKey(
        Adhesion, verbose_name=_("adesão"), on_delete=models.CASCADE, related_name="focal_points"
    )
    name = models.CharField(_("nome"), max_length=150)
    role = models.CharField(_("cargo ou função"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conta"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_points",
    )
    # Whether linking this focal point created the account's municipal role (it did not exist
    # before): a withdrawal takes back only a role that an adhesion gave.
    granted_role = models.BooleanField(_("papel municipal dado pela adesão"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["adhesion", "order", "pk"]
        verbose_name = _("ponto focal")
        verbose_name_plural = _("pontos focais")

    def __str__(self):
        return f"{self.name} ({self.role})"


class AdhesionApplication(models.Model):
    """What an adhesion request asked for: kept beside the protocol request it rides on."""

    request = models.OneToOneField(
        ServiceRequest,
        verbose_name=_("pedido"),
        on_delete=models.CASCADE,
        related_name="adhesion_application",
    )
    program = models.ForeignKey(
        Program, verbose_name=_("programa"), on_delete=models.PROTECT, related_name="applications"
    )
    requested_phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase solicitada"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The phase it will join: the requested one, or the next when its window had closed.
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase de ingresso"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    queued = models.BooleanField(_("na fila para a próxima fase"), default=False)
    # [{"name", "role", "email", "phone"}]: rows are created only on acceptance.
    focal_points = models.JSONField(_("pontos focais"), default=list)
    mayor_declaration = models.BooleanField(_("declaração do(a) prefeito(a)"), default=False)
    declaration_text = models.TextField(_("texto da declaração"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pedido de adesão")
        verbose_name_plural = _("pedidos de adesão")
        constraints = [
            models.CheckConstraint(
                condition=Q(mayor_declaration=True),
                name="adhesionapplication_declaration_accepted",
                violation_error_message=_("A declaração de adesão voluntária é obrigatória."),
            ),
        ]

    def __str__(self):
        return f"{self.request} — {self.program.name}"
