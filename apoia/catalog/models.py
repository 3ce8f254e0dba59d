from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apoia.accounts.models import OrgUnit, Theme
from apoia.catalog.search import fold
from apoia.territory.models import DeadlineUnit, State

# The calendar refuses longer periods (apoia.territory.calendar.compute_deadline).
MAX_DEADLINE_AMOUNT = 3660


def describe_deadline(amount: int, unit: str) -> str:
    """A deadline rule as people write it: "10 dias úteis", "1 semana", "3 meses"."""
    if unit == DeadlineUnit.BUSINESS_DAYS:
        text = ngettext("%(amount)d dia útil", "%(amount)d dias úteis", amount)
    elif unit == DeadlineUnit.CALENDAR_DAYS:
        text = ngettext("%(amount)d dia corrido", "%(amount)d dias corridos", amount)
    elif unit == DeadlineUnit.WEEKS:
        text = ngettext("%(amount)d semana", "%(amount)d semanas", amount)
    elif unit == DeadlineUnit.MONTHS:
        text = ngettext("%(amount)d mês", "%(amount)d meses", amount)
    else:
        raise ValueError(f"unknown deadline unit {unit!r}")
    return text % {"amount": amount}


def describe_counted_deadline(amount: int, unit: str) -> str:
    """The rule with its participle agreeing in gender and number: "2 semanas, contadas"."""
    if unit == DeadlineUnit.BUSINESS_DAYS:
        text = ngettext("%(amount)d dia útil, contado", "%(amount)d dias úteis, contados", amount)
    elif unit == DeadlineUnit.CALENDAR_DAYS:
        text = ngettext(
            "%(amount)d dia corrido, contado", "%(amount)d dias corridos, contados", amount
        )
    elif unit == DeadlineUnit.WEEKS:
        text = ngettext("%(amount)d semana, contada", "%(amount)d semanas, contadas", amount)
    elif unit == DeadlineUnit.MONTHS:
        text = ngettext("%(amount)d mês, contado", "%(amount)d meses, contados", amount)
    else:
        raise ValueError(f"unknown deadline unit {unit!r}")
    return text % {"amount": amount}


class ServiceKind(models.TextChoices):
    SERVICE = "service", _("Serviço")
    PROGRAM_ADHESION = "program_adhesion", _("Adesão a programa")
    OMBUDSMAN = "ombudsman", _("Manifestação de ouvidoria")
    INFORMATION_REQUEST = "information_request", _("Pedido de acesso à informação")
    PARLIAMENTARY_DEMAND = "parliamentary_demand", _("Demanda parlamentar")


class Audience(models.Model):
    """A public a service is meant for (e.g. "Municípios do MS", "Lideranças Comunitárias")."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nome"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("público-alvo")
        verbose_name_plural = _("públicos-alvo")

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_state(self, uf: str):
        return self.filter(state__uf=uf.upper())


class Service(models.Model):
    """An entry of the Carta de Serviços (Lei 13.460/2017, art. 7): what, for whom, how long."""

    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    name = models.CharField(_("nome"), max_length=200)
    kind = models.CharField(
        _("tipo"), max_length=30, choices=ServiceKind.choices, default=ServiceKind.SERVICE
    )
    summary = models.CharField(
        _("resumo"),
        max_length=300,
        blank=True,
        help_text=_("Uma ou duas frases mostradas na lista de serviços."),
    )
    description = models.TextField(_("O que é este serviço?"))
    requirements = models.TextField(_("exigências para realizar o serviço"), blank=True)
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("quem pode utilizar"), blank=True, related_name="services"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("temas"), blank=True, related_name="services"
    )
    deadline_amount = models.PositiveSmallIntegerField(_("prazo"))
    deadline_unit = models.CharField(
        _("unidade do prazo"),
        max_length=20,
        choices=DeadlineUnit.choices,
        default=DeadlineUnit.BUSINESS_DAYS,
    )
    cost = models.CharField(_("custo"), max_length=200, default="Sem custo")
    contact_email = models.EmailField(_("e-mail de contato"), blank=True)
    contact_phone = models.CharField(_("telefone de contato"), max_length=60, blank=True)
    contact_info = models.TextField(_("outras informações de contato"), blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade responsável"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    allows_public_submission = models.BooleanField(
        _("aceita pedidos sem cadastro"),
        default=False,
        help_text=_("Qualquer pessoa pode fazer o pedido, sem entrar com uma conta."),
    )
    allows_anonymous = models.BooleanField(
        _("aceita pedidos anônimos"),
        default=False,
        help_text=_("O pedido pode ser feito sem identificação (por exemplo, uma denúncia)."),
    )
    extension_amount = models.PositiveSmallIntegerField(
        _("prorrogação permitida"),
        default=0,
        help_text=_(
            "Quanto o prazo pode ser prorrogado uma vez, com justificativa, na mesma unidade "
            "(ex.: 30 dias na ouvidoria, Lei 13.460/2017; 10 dias na LAI, Lei 12.527/2011)."
        ),
    )
    pauses_clock_when_waiting = models.BooleanField(
        _("suspende o prazo enquanto aguarda o demandante"),
        default=False,
        help_text=_("O vencimento avança os dias úteis em que o pedido esperou o demandante."),
    )
    first_contact_business_days = models.PositiveSmallIntegerField(
        _("prazo do primeiro contato (dias úteis)"),
        default=2,
        help_text=_(
            "Depois do aceite, o técnico designado deve contatar o demandante neste prazo."
        ),
    )
    legal_basis = models.TextField(_("base legal"), blank=True)
    channels = models.TextField(_("canais de atendimento"), blank=True)
    is_published = models.BooleanField(
        _("publicado"),
        default=False,
        help_text=_("Só os serviços publicados aparecem na Carta de Serviços."),
    )
    state = models.ForeignKey(
        State, verbose_name=_("estado"), on_delete=models.PROTECT, related_name="services"
    )
    # Folded name + summary + description, kept by save(); see apoia.catalog.search.fold.
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("atualizado em"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("serviço")
        verbose_name_plural = _("serviços")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_amount__gte=0) & Q(deadline_amount__lte=MAX_DEADLINE_AMOUNT),
                name="service_deadline_amount_range",
                violation_error_message=_("O prazo deve ficar entre 0 e 3660."),
            ),
            models.CheckConstraint(
                condition=Q(deadline_unit__in=DeadlineUnit.values),
                name="service_deadline_unit_valid",
                violation_error_message=_("Unidade de prazo inválida."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        parts = [self.name, self.summary, self.description]
        self.search_text = fold(" ".join(part for part in parts if part))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "summary", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:detail", args=[self.slug])

    @property
    def contact(self) -> dict | None:
        """The service's own channels, else its responsible unit's (the page footer's)."""
        unit = self.responsible_unit.contact if self.responsible_unit else None
        email = self.contact_email or (unit or {}).get("email", "")
        phone = self.contact_phone or (unit or {}).get("phone", "")
        if not (email or phone):
            return None
        name = self.responsible_unit.name if self.responsible_unit else self.name
        return {"unit": name, "email": email, "phone": phone}

    @property
    def deadline_text(self) -> str:
        return describe_deadline(self.deadline_amount, self.deadline_unit)


class ServiceStep(models.Model):
    """One step of how a service is delivered, in order ("Etapas")."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordem"))
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descrição"), blank=True)

    class Meta:
        ordering = ["service", "order"]
        verbose_name = _("etapa")
        verbose_name_plural = _("etapas")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "order"],
                name="servicestep_unique_order",
                violation_error_message=_("Já existe uma etapa com esta ordem neste serviço."),
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ServiceOption(models.Model):
    """A choice a requester makes within a service; may route the request to its own unit."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="options")
    slug = models.SlugField(_("identificador"), max_length=80)
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrição"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade que atende"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_options",
        help_text=_(
            "Deixe vazio para encaminhar à unidade cujos temas correspondem aos da opção, "
            "ou à unidade responsável pelo serviço."
        ),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("temas"), blank=True, related_name="service_options"
    )

    class Meta:
        ordering = ["service", "order", "name"]
        verbose_name = _("opção de pedido")
        verbose_name_plural = _("opções de pedido")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "slug"],
                name="serviceoption_unique_slug",
                violation_error_message=_("Já existe uma opção com este identificador."),
            )
        ]

    def __str__(self):
        return self.name
