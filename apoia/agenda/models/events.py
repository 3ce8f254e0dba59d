"""Events (encontros, web encontros, oficinas, lives, visitas técnicas…), the series that
generate episodes from a recurrence rule, and the NEEP's validation of their themes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.agenda.models.common import Modality
from apoia.agenda.models.plan import Axis, PlanEntry
from apoia.territory.models import Municipality, State


class EventType(models.TextChoices):
    ENCONTRO = "encontro", _("Encontro")
    WEB_ENCONTRO = "web_encontro", _("Web encontro")
    WEBSERIE_EPISODE = "webserie_episode", _("Episódio de websérie")
    OFICINA = "oficina", _("Oficina")
    SEMINARIO = "seminario", _("Seminário")
    LIVE = "live", _("Live")
    VIDEOCONFERENCIA = "videoconferencia", _("Videoconferência")
    VISITA_TECNICA = "visita_tecnica", _("Visita técnica")
    REUNIAO_MONITORAMENTO = "reuniao_monitoramento", _("Reunião de monitoramento")
    PALESTRA = "palestra", _("Palestra")
    CONFERENCIA = "conferencia", _("Conferência")
    AUDIENCIA_PUBLICA = "audiencia_publica", _("Audiência pública")
    FORUM = "forum", _("Fórum")


# Art. 8º, parágrafo único: the themes of events for groups of municipalities are validated by
# the NEEP. A technical visit or a monitoring meeting is with one municipality's team.
TYPES_WITHOUT_VALIDATION = frozenset({EventType.VISITA_TECNICA, EventType.REUNIAO_MONITORAMENTO})


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Rascunho")
    IN_VALIDATION = "in_validation", _("Em validação (NEEP)")
    RETURNED = "returned", _("Devolvido pelo NEEP")
    PUBLISHED = "published", _("Publicado")
    CANCELLED = "cancelled", _("Cancelado")


class Series(models.Model):
    """A recurring set of episodes (e.g. MS Ativo's monthly web series until December)."""

    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unidade responsável"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descrição"), max_length=8000, blank=True)
    type = models.CharField(
        _("tipo dos episódios"),
        max_length=30,
        choices=EventType.choices,
        default=EventType.WEBSERIE_EPISODE,
    )
    modality = models.CharField(
        _("modalidade"), max_length=20, choices=Modality.choices, default=Modality.ONLINE
    )
    # RFC 5545 RRULE without DTSTART, e.g. "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231".
    rrule = models.CharField(_("regra de recorrência"), max_length=300)
    first_date = models.DateField(_("primeira data"))
    start_time = models.TimeField(_("início"))
    end_time = models.TimeField(_("término"))
    workload_hours = models.DecimalField(
        _("carga horária (h)"), max_digits=5, decimal_places=1, default=2
    )
    place = models.CharField(_("local"), max_length=300, blank=True)
    url = models.URLField(_("link da transmissão"), max_length=500, blank=True)
    axis = models.ForeignKey(
        Axis, verbose_name=_("eixo"), on_delete=models.PROTECT, null=True, blank=True
    )
    # Agenda and programs sit on the same level: the link is data only, no code imports.
    phase = models.ForeignKey(
        "programs.Phase",
        verbose_name=_("fase de programa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(_("vagas por episódio"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state__uf", "title"]
        verbose_name = _("série de eventos")
        verbose_name_plural = _("séries de eventos")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:series", args=[self.pk])


class Event(models.Model):
    state = models.ForeignKey(State, verbose_name=_("estado"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade responsável"),
        on_delete=models.PROTECT,
        related_name="agenda_events",
    )
    title = models.CharField(_("título"), max_length=250)
    type = models.CharField(_("tipo"), max_length=30, choices=EventType.choices)
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    theme = models.CharField(_("tema"), max_length=300, blank=True)
    programme = models.TextField(_("programação"), max_length=8000, blank=True)
    description = models.TextField(_("descrição"), max_length=8000, blank=True)
    start = models.DateTimeField(_("início"))
    end = models.DateTimeField(_("término"))
    workload_hours = models.DecimalField(_("carga horária (h)"), max_digits=5, decimal_places=1)
    place = models.CharField(_("local"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # Who may register: these municipalities, or every municipality of the state when empty.
    audience_municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municípios convidados"), blank=True, related_name="+"
    )
    audience_roles = models.CharField(
        _("público"),
        max_length=300,
        blank=True,
        help_text=_("Ex.: gestores, técnicos e conselheiros da assistência social."),
    )
    axis = models.ForeignKey(
        Axis, verbose_name=_("eixo"), on_delete=models.PROTECT, null=True, blank=True
    )
    plan_entry = models.ForeignKey(
        PlanEntry,
        verbose_name=_("ação do plano"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    phase = models.ForeignKey(
        "programs.Phase",
        verbose_name=_("fase de programa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("série"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="episodes",
    )
    # The occurrence of the series' rule this episode stands for; kept when it is moved.
    occurrence = models.DateField(_("data prevista na série"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("vagas"), null=True, blank=True, help_text=_("Em branco: sem limite.")
    )
    registration_closes = models.DateTimeField(_("inscrições até"), null=True, blank=True)
    # Announced during an online session; attendees type it to record their presence.
    attendance_code = models.CharField(_("código de presença"), max_length=12, blank=True)
    status = models.CharField(
        _("situação"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    cancel_reason = models.TextField(_("motivo do cancelamento"), max_length=2000, blank=True)
    # Hearings, forums and listening sessions keep their minutes and who took part.
    minutes = models.TextField(_("ata"), max_length=20000, blank=True)
    participating_organizations = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("organizações participantes"),
        blank=True,
        related_name="agenda_events",
    )
    # Set once, when it first goes public; a cancelled event that was public stays listed (as
    # cancelled, so calendars drop it) while a cancelled draft never appears.
    published_at = models.DateTimeField(_("publicado em"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validado em"), null=True, blank=True)
    # The theme of the consultation ("escuta") this episode came from.
    proposal = models.ForeignKey(
        "agenda.ThemeProposal",
        verbose_name=_("tema da escuta"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="episodes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        indexes = [models.Index(fields=["state", "status", "start"], name="event_state_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="event_end_after_start",
                violation_error_message=_("O término deve ser depois do início."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="event_cancel_has_reason",
                violation_error_message=_("O cancelamento exige um motivo."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:event", args=[self.pk])

    @property
    def needs_validation(self) -> bool:
        return self.type not in TYPES_WITHOUT_VALIDATION

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def shows_place(self) -> bool:
        return self.modality in (Modality.IN_PERSON, Modality.HYBRID)

    @property
    def shows_link(self) -> bool:
        return self.modality in (Modality.ONLINE, Modality.HYBRID)


class ValidationAction(models.TextChoices):
    SUBMITTED = "submitted", _("Enviado ao NEEP")
    APPROVED = "approved", _("Aprovado")
    RETURNED = "returned", _("Devolvido")


class EventValidation(models.Model):
    """The trail of an event's theme validation: each sending, approval and return."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="validations")
    action = models.CharField(_("ação"), max_length=20, choices=ValidationAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("em"), auto_now_add=True)
    comment = models.TextField(_("comentário"), max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("validação de evento")
        verbose_name_plural = _("validações de eventos")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(comment=""),
                name="eventvalidation_return_has_comment",
                violation_error_message=_("A devolução exige um comentário."),
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.get_action_display()}"
