"""The action menu ("cardápio de ações") and the deliveries each action entails (item 4)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apoia.accounts.models import OrgUnit

__all__ = [
    "DEFAULT_REVIEW_CHECKLIST",
    "Action",
    "ActionDelivery",
    "Eligibility",
    "EvidenceType",
    "Modality",
    "validate_evidence_types",
    "validate_review_checklist",
]


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Híbrido")


class Eligibility(models.TextChoices):
    ALL_ADHERED = "all_adhered", _("Todos os municípios aderidos")
    FOCAL_ONLY = "focal_only", _("Só os municípios focais dos seus desafios")


class EvidenceType(models.TextChoices):
    PHOTO = "photo", _("Foto")
    MINUTES = "minutes", _("Ata")
    ATTENDANCE_LIST = "attendance_list", _("Lista de presença")
    OFFICIAL_LETTER = "official_letter", _("Ofício")
    PROCESS_NUMBER = "process_number", _("Número de processo (SEI ou outro)")
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Documento")


# What a reviewing technician checks in each evidence type, unless the action says otherwise
# (Action.review_checklist, edited in the admin).
DEFAULT_REVIEW_CHECKLIST = {
    EvidenceType.PHOTO: [
        _("A foto mostra a atividade da entrega?"),
        _("A foto é nítida e do período da entrega?"),
    ],
    EvidenceType.MINUTES: [
        _("A ata traz data, local e pauta?"),
        _("A ata está assinada pelos responsáveis?"),
    ],
    EvidenceType.ATTENDANCE_LIST: [
        _("A lista traz data e nome da atividade?"),
        _("A lista tem as assinaturas dos participantes?"),
    ],
    EvidenceType.OFFICIAL_LETTER: [
        _("O ofício é do município e está assinado?"),
        _("O ofício trata do objeto da entrega?"),
    ],
    EvidenceType.PROCESS_NUMBER: [
        _("O processo existe e é do município?"),
        _("O processo trata do objeto da entrega?"),
    ],
    EvidenceType.LINK: [
        _("O link abre e é de uma fonte oficial?"),
        _("O conteúdo do link comprova a entrega?"),
    ],
    EvidenceType.DOCUMENT: [
        _("O documento é legível e completo?"),
        _("O documento comprova a entrega?"),
    ],
}


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Action(models.Model):
    """An action a state unit offers the municipalities of a phase."""

    phase = models.ForeignKey(
        "programs.Phase", verbose_name=_("fase"), on_delete=models.CASCADE, related_name="actions"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unidade ofertante"),
        on_delete=models.PROTECT,
        related_name="program_actions",
    )
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descrição"), max_length=5000, blank=True)
    challenges = models.ManyToManyField(
        "programs.Challenge",
        verbose_name=_("desafios"),
        blank=True,
        related_name="actions",
    )
    modality = models.CharField(_("modalidade"), max_length=20, choices=Modality.choices)
    places = models.PositiveSmallIntegerField(
        _("vagas (municípios)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Quantos municípios a ação atende; em branco, sem limite."),
    )
    eligibility = models.CharField(
        _("quem pode escolher"),
        max_length=20,
        choices=Eligibility.choices,
        default=Eligibility.ALL_ADHERED,
    )
    is_published = models.BooleanField(_("publicada no cardápio"), default=True)
    # {evidence type: [question, …]}: what the reviewing technician checks in each evidence
    # before validating; a type without questions gets DEFAULT_REVIEW_CHECKLIST.
    review_checklist = models.JSONField(
        _("roteiro de análise das evidências"), default=dict, blank=True
    )
    # A goal ("meta") of a strategic project (Program.kind = project): its target, deadline
    # and, optionally, the indicator that measures it; blank on a cooperation program's action.
    target_value = models.DecimalField(
        _("valor da meta"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(
        _("unidade da meta"), max_length=60, blank=True, help_text=_("Por exemplo, escolas.")
    )
    deadline = models.DateField(_("prazo da meta"), null=True, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicador da meta"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[challenges])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["phase", "title"]
        verbose_name = _("ação do cardápio")
        verbose_name_plural = _("ações do cardápio")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gt=0),
                name="action_places_positive",
                violation_error_message=_("As vagas devem ser ao menos 1 (ou em branco)."),
            )
        ]

    def __str__(self):
        return self.title

    def checklist_for(self, kind: str) -> list[str]:
        """The questions a reviewer answers for one evidence type of this action."""
        questions = (self.review_checklist or {}).get(kind)
        if isinstance(questions, list) and questions:
            return [str(q) for q in questions if str(q).strip()]
        return [str(q) for q in DEFAULT_REVIEW_CHECKLIST.get(kind, [])]


def validate_evidence_types(value) -> None:
    """A non-repeating list of EvidenceType values (a JSON list: ArrayField is PostgreSQL's)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Informe os tipos de evidência como uma lista."))
    unknown = [item for item in value if item not in EvidenceType.values]
    if unknown:
        raise ValidationError(
            _("Tipo de evidência desconhecido: %(types)s.") % {"types": ", ".join(unknown)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Tipo de evidência repetido."))


def validate_review_checklist(value) -> None:
    """{evidence type: [question, …]}, each question a short non-empty text (for the admin's
    editing of Action.review_checklist; a type left out keeps DEFAULT_REVIEW_CHECKLIST)."""
    if not isinstance(value, dict):
        raise ValidationError(
            _("Informe o roteiro como um objeto: tipo de evidência → lista de perguntas.")
        )
    unknown = [key for key in value if key not in EvidenceType.values]
    if unknown:
        raise ValidationError(
            _("Tipo de evidência desconhecido: %(types)s.") % {"types": ", ".join(unknown)}
        )
    for kind, questions in value.items():
        if (
            not isinstance(questions, list)
            or not questions
            or not all(isinstance(q, str) and q.strip() and len(q) <= 300 for q in questions)
        ):
            raise ValidationError(
                _("As perguntas de %(kind)s devem ser uma lista de textos de até 300 caracteres.")
                % {"kind": kind}
            )


class ActionDelivery(models.Model):
    """A delivery an action entails: its weight, due offset and the evidence it requires."""

    action = models.ForeignKey(
        Action, verbose_name=_("ação"), on_delete=models.CASCADE, related_name="deliveries"
    )
    title = models.CharField(_("título"), max_length=200)
    weight = models.DecimalField(
        _("peso"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    due_offset_days = models.PositiveSmallIntegerField(
        _("prazo (dias úteis após a aprovação do plano)")
    )
    evidence_types = models.JSONField(
        # blank: clean() says what is missing in words of its own.
        _("evidências exigidas"),
        default=list,
        blank=True,
        validators=[validate_evidence_types],
    )
    order = models.PositiveSmallIntegerField(_("ordem"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "order", "pk"]
        verbose_name = _("entrega")
        verbose_name_plural = _("entregas")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="actiondelivery_weight_positive",
                violation_error_message=_("O peso deve ser um número positivo."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not self.evidence_types:
            raise ValidationError({"evidence_types": _("Escolha ao menos um tipo de evidência.")})

    def evidence_labels(self) -> list[str]:
        labels = dict(EvidenceType.choices)
        return [str(labels.get(item, item)) for item in self.evidence_types]
