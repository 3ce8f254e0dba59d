import hashlib
import re
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from validate_docbr import CNPJ

from apoia.accounts.login import normalize_email
from apoia.lib.collation import portuguese
from apoia.territory.models import Municipality, State


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrador(a)")
    COORDINATOR = "coordinator", _("Coordenador(a)")
    TECHNICIAN = "technician", _("Técnico(a)")
    OMBUDSMAN = "ombudsman", _("Ouvidor(a)")
    MUNICIPAL = "municipal", _("Ponto focal municipal")
    ORGANIZATION = "organization", _("Representante de organização")
    # Núcleo Estadual de Educação Permanente: validates event themes; its scope is the state
    # of its unit (Resolução CIB/SUAS/MT nº 02/2022, art. 8º, parágrafo único).
    NEEP = "neep", _("Educação permanente (NEEP)")


STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.TECHNICIAN, Role.OMBUDSMAN, Role.NEEP})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("e-mail is required")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nome completo"), max_length=150)
    phone = models.CharField(_("telefone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("ativo"), default=True)
    is_staff = models.BooleanField(
        _("acesso à administração"),
        default=False,
        help_text=_("Pode entrar no painel de administração do Django."),
    )
    date_joined = models.DateTimeField(_("cadastrado em"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("usuário")
        verbose_name_plural = _("usuários")

    def __str__(self):
        return self.full_name or self.email

    @classmethod
    def normalize_username(cls, username):
        # Called by clean(): the admin's forms store e-mails as login and axes compare them.
        return normalize_email(username)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        return list(
            self.memberships.select_related("org_unit", "municipality__state", "organization")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        found = {m.role for m in self.active_memberships}
        if self.is_superuser:
            found.add(Role.ADMIN)
        return frozenset(found)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def may_use_admin(self) -> bool:
        """Django's admin is the admins' tool: the flag alone, without the role, is not enough."""
        return self.is_active and self.is_staff and self.is_admin

    @property
    def is_staff_member(self) -> bool:
        """Holds a state staff role (the ones that must use two-factor authentication)."""
        return bool(self.roles & STAFF_ROLES)

    def scope_ids(self, role: str, field: str) -> set[int]:
        """Ids of the `field` scope (org_unit, municipality, organization) held in `role`."""
        return {
            getattr(m, f"{field}_id")
            for m in self.active_memberships
            if m.role == role and getattr(m, f"{field}_id")
        }


class Theme(models.Model):
    """A subject an org unit answers for; used to route requests (e.g. "PAIF", "CadÚnico")."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temas")

    def __str__(self):
        return self.name


class OrgUnitKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretaria de Estado")
    EXECUTIVE_SECRETARIAT = "executive_secretariat", _("Secretaria-Executiva")
    DEPUTY_SECRETARIAT = "deputy_secretariat", _("Secretaria Adjunta")
    SUBSECRETARIAT = "subsecretariat", _("Subsecretaria")
    SUPERINTENDENCY = "superintendency", _("Superintendência")
    COORDINATION = "coordination", _("Coordenadoria")
    COMMISSION = "commission", _("Comissão")
    OMBUDSMAN = "ombudsman", _("Ouvidoria")


class OrgUnit(models.Model):
    """A unit of the state administration: secretariat → superintendency → coordination."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30, blank=True)
    kind = models.CharField(_("tipo"), max_length=30, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unidade superior"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    protocol_code = models.CharField(
        _("código de protocolo"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9]{5}$", _("Informe exatamente cinco dígitos."), "invalid")
        ],
        help_text=_("Cinco dígitos que identificam a unidade no número de protocolo (NUP)."),
    )
    email = models.EmailField(_("e-mail principal"), blank=True)
    other_emails = models.CharField(_("outros e-mails"), max_length=300, blank=True)
    phones = models.CharField(_("telefones"), max_length=200, blank=True)
    description = models.TextField(_("atribuições"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("temas"), blank=True, related_name="units"
    )

    class Meta:
        ordering = ["state__uf", portuguese("name")]
        verbose_name = _("unidade")
        verbose_name_plural = _("unidades")
        constraints = [
            # The code becomes the first part of every protocol number: two units sharing
            # one would make numbers ambiguous.
            models.UniqueConstraint(
                fields=["protocol_code"],
                condition=~Q(protocol_code=""),
                name="orgunit_unique_protocol_code",
                violation_error_message=_("Outra unidade já usa este código de protocolo."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def contact(self) -> dict | None:
        """Who to call about this unit's pages (every page's footer); None if it has no channel."""
        # "(65) 3613-5712 / 98421-2751, 3613-5711": the first number, with its area code.
        phone = re.split(r"[,;/]", self.phones)[0].strip()
        if not (self.email or phone):
            return None
        return {"unit": self.name, "email": self.email, "phone": phone}

    def descendant_ids(self) -> set[int]:
        """This unit and every unit below it."""
        found, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            frontier = [pk for pk in frontier if pk not in found]
            found.update(frontier)
        return found


def validate_cnpj(value: str) -> None:
    if value and not CNPJ().validate(value):
        raise ValidationError(_("CNPJ inválido."), code="invalid_cnpj")


def normalize_document(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isalnum()).upper()


class OrganizationKind(models.TextChoices):
    OSC = "osc", _("Organização da Sociedade Civil")
    ASSOCIATION = "association", _("Associação comunitária")
    COOPERATIVE = "cooperative", _("Cooperativa")
    COUNCIL = "council", _("Conselho")
    MOVEMENT = "movement", _("Movimento social")
    FOUNDATION = "foundation", _("Fundação")
    RELIGIOUS = "religious", _("Organização religiosa")
    COLLECTIVE = "collective", _("Coletivo informal")
    OTHER = "other", _("Outra")


class Organization(models.Model):
    """A civil-society organization, community association, cooperative or council.

    Kept here, not in `society`, because memberships and requests (lower apps) refer to it;
    `society` adds the regularization checklist, partnerships and mandates on top.
    """

    name = models.CharField(_("nome"), max_length=200)
    cnpj = models.CharField(
        _("CNPJ"), max_length=14, blank=True, validators=[validate_cnpj], db_index=True
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=OrganizationKind.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("município"), on_delete=models.PROTECT
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [portuguese("name")]
        verbose_name = _("organização")
        verbose_name_plural = _("organizações")
        constraints = [
            models.UniqueConstraint(
                fields=["cnpj"],
                condition=~Q(cnpj=""),
                name="organization_unique_cnpj",
                violation_error_message=_("Já existe uma organização com este CNPJ."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.cnpj = normalize_document(self.cnpj)
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A role a user holds within a scope: an org unit, a municipality or an organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("papel"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unidade"), on_delete=models.CASCADE, null=True, blank=True
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("município"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organização"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vínculo")
        verbose_name_plural = _("vínculos")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["coordinator", "technician", "ombudsman", "neep"])
                | Q(org_unit__isnull=False),
                name="membership_staff_role_has_unit",
                violation_error_message=_(
                    "Coordenação, técnico, ouvidoria e NEEP exigem uma unidade."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role="municipal") | Q(municipality__isnull=False),
                name="membership_municipal_role_has_municipality",
                violation_error_message=_("O ponto focal municipal exige um município."),
            ),
            models.CheckConstraint(
                condition=~Q(role="organization") | Q(organization__isnull=False),
                name="membership_organization_role_has_organization",
                violation_error_message=_("O representante exige uma organização."),
            ),
            # One partial constraint per scope: NULLs are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                condition=Q(org_unit__isnull=False),
                name="membership_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="membership_unique_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(org_unit__isnull=True, municipality__isnull=True)
                & Q(organization__isnull=True),
                name="membership_unique_unscoped",
            ),
        ]

    def __str__(self):
        scope = self.org_unit or self.municipality or self.organization
        role = self.get_role_display()
        return f"{self.user} — {role}" + (f" ({scope})" if scope else "")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nome"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("criado em"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revogado em"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "apoia_" + secrets.token_urlsafe(32)
