"""What `society` adds to an organization of `accounts`: its public record (legal nature,
address, areas of work, founding date, leaders) and the changes its representatives propose,
which wait for staff review before they are public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Organization


class AreaOfWork(models.Model):
    """An area an organization works in (the Mapa das OSCs' "áreas de atuação")."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=150)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("área de atuação")
        verbose_name_plural = _("áreas de atuação")

    def __str__(self):
        return self.name


class OrganizationRecord(models.Model):
    """The registry's public record of an organization (one per organization).

    The institutional e-mail and phone stay on `Organization` (memberships and requests use
    them); everything else the registry shows lives here."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="record"
    )
    legal_nature = models.CharField(
        _("natureza jurídica"),
        max_length=120,
        blank=True,
        help_text=_("Por exemplo: Associação privada, Fundação privada, Organização religiosa."),
    )
    address = models.CharField(_("endereço"), max_length=300, blank=True)
    postal_code = models.CharField(_("CEP"), max_length=8, blank=True)
    areas = models.ManyToManyField(
        AreaOfWork, verbose_name=_("áreas de atuação"), blank=True, related_name="records"
    )
    founded_on = models.DateField(_("data de fundação"), null=True, blank=True)
    website = models.URLField(_("sítio na internet"), blank=True)
    description = models.TextField(_("apresentação"), blank=True)
    updated_at = models.DateTimeField(_("atualizado em"), auto_now=True)

    class Meta:
        verbose_name = _("cadastro da organização")
        verbose_name_plural = _("cadastros das organizações")

    def __str__(self):
        return str(self.organization)


class Leader(models.Model):
    """A member of an organization's board. CPF, personal e-mail and phone are personal data:
    never on a public page, in the API's public answers or in the open data."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("nome"), max_length=150)
    position = models.CharField(_("cargo"), max_length=100)
    mandate_start = models.DateField(_("início do mandato"), null=True, blank=True)
    mandate_end = models.DateField(_("fim do mandato"), null=True, blank=True)
    cpf = models.CharField(_("CPF"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail pessoal"), blank=True)
    phone = models.CharField(_("telefone pessoal"), max_length=40, blank=True)

    class Meta:
        ordering = ["organization", "pk"]
        verbose_name = _("dirigente")
        verbose_name_plural = _("dirigentes")
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True)
                | Q(mandate_start__isnull=True)
                | Q(mandate_end__gte=models.F("mandate_start")),
                name="leader_mandate_ends_after_start",
                violation_error_message=_("O mandato não pode terminar antes de começar."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.position})"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Aguardando análise")
    APPROVED = "approved", _("Aprovada")
    REFUSED = "refused", _("Recusada")


class OrganizationChange(models.Model):
    """A change a representative proposed to their organization's record.

    `proposed` holds the whole proposed record (the fields of the edit form, leaders
    included) as JSON; `previous` the record as it was when proposed, so the diff shown to
    the reviewer is the one the representative saw. Nothing is public until approved."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="proposed_changes"
    )
    proposed = models.JSONField(_("alterações propostas"))
    previous = models.JSONField(_("cadastro anterior"))
    status = models.CharField(
        _("situação"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposta por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposta em"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analisada por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("analisada em"), null=True, blank=True)
    reason = models.TextField(_("motivo da recusa"), blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("alteração de cadastro")
        verbose_name_plural = _("alterações de cadastro")
        constraints = [
            # One open proposal per organization: a second edit updates it.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status="pending"),
                name="organizationchange_one_pending",
                violation_error_message=_(
                    "Esta organização já tem uma alteração aguardando análise."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="organizationchange_refusal_has_reason",
                violation_error_message=_("A recusa precisa de um motivo."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_status_display()}"


class ImportBatch(models.Model):
    """An organization CSV import: previewed, then committed all at once or not at all."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Pré-visualizado")
        INVALID = "invalid", _("Com erros")
        COMMITTED = "committed", _("Importado")

    file_name = models.CharField(_("arquivo"), max_length=200)
    content = models.TextField(_("conteúdo"))
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("situação"), max_length=20, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("linhas"), default=0)
    created_count = models.PositiveIntegerField(_("criadas"), default=0)
    updated_count = models.PositiveIntegerField(_("atualizadas"), default=0)
    errors = models.JSONField(_("erros"), default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("importação de organizações")
        verbose_name_plural = _("importações de organizações")

    def __str__(self):
        return self.file_name
