"""Forms of the delivery pages: parse only; the rules are the services'
(apoia/programs/services/deliveries.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.programs.forms_plans import DateInput
from apoia.programs.models import (
    FILE_EVIDENCE_TYPES,
    DeliveryStatus,
    EvidenceType,
    ReturnReason,
    ReviewDecision,
)
from apoia.programs.services.deliveries import (
    COMMENT_MAX,
    OTHER_PROCESS_EXAMPLE,
    SEI_EXAMPLE,
    TITLE_MAX,
    VALUE_MAX,
)
from apoia.protocol.limits import limit_long_texts


class EvidenceForm(forms.Form):
    """One evidence version: the type, then a file or a typed value (the service says which
    one the type needs)."""

    kind = forms.ChoiceField(label=_("Tipo de evidência"))
    file = forms.FileField(
        label=_("Arquivo"),
        required=False,
        help_text=_("PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP, até 10 MB; foto só imagem."),
    )
    value = forms.CharField(
        label=_("Número do processo ou link"),
        required=False,
        max_length=VALUE_MAX,
        help_text=_(
            "Processo no formato do SEI (%(example)s) ou do próprio órgão (%(other)s), ou link "
            "começando por https://."
        )
        % {"example": SEI_EXAMPLE, "other": OTHER_PROCESS_EXAMPLE},
    )
    title = forms.CharField(
        label=_("Título (opcional)"),
        required=False,
        max_length=TITLE_MAX,
        help_text=_("Em branco, o nome do arquivo ou o próprio número/link."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(EvidenceType.choices)
        self.fields["kind"].choices = [(k, labels.get(k, k)) for k in kinds]
        self.needs_file = any(k in FILE_EVIDENCE_TYPES for k in kinds)
        self.needs_value = any(k not in FILE_EVIDENCE_TYPES for k in kinds)
        if not self.needs_file:
            del self.fields["file"]
        if not self.needs_value:
            del self.fields["value"]


@limit_long_texts
class ReviewForm(forms.Form):
    """Validate or return, with the checklist of each evidence type the delivery requires."""

    decision = forms.ChoiceField(
        label=_("Decisão"),
        choices=[
            (ReviewDecision.VALIDATE, _("Validar a entrega")),
            (ReviewDecision.RETURN, _("Devolver ao município para ajustes")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Motivo da devolução"),
        choices=[("", _("— escolha, ao devolver —")), *ReturnReason.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Comentário"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX,
    )
    new_due = forms.DateField(
        label=_("Novo prazo (ao devolver)"),
        required=False,
        widget=DateInput(),
        help_text=_("Um dia útil a partir de amanhã."),
    )

    def __init__(self, *args, delivery, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        action = delivery.delivery.action
        labels = dict(EvidenceType.choices)
        for kind in delivery.delivery.evidence_types:
            for index, question in enumerate(action.checklist_for(kind)):
                name = f"check-{kind}-{index}"
                self.fields[name] = forms.BooleanField(
                    label=f"{labels.get(kind, kind)}: {question}", required=False
                )
                self.questions.append((name, kind, question))

    def checklist_fields(self):
        return [self[name] for name, _kind, _question in self.questions]

    def checklist(self) -> dict:
        found: dict[str, dict[str, bool]] = {}
        for name, kind, question in self.questions:
            found.setdefault(kind, {})[question] = bool(self.cleaned_data.get(name))
        return found


@limit_long_texts
class ClarificationForm(forms.Form):
    justification = forms.CharField(
        label=_("Justificativa"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX
    )
    proposed_due = forms.DateField(
        label=_("Prazo proposto (opcional)"), required=False, widget=DateInput()
    )


@limit_long_texts
class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Resposta"),
        choices=[("grant", _("Conceder o novo prazo")), ("refuse", _("Negar o pedido"))],
        widget=forms.RadioSelect,
    )
    new_due = forms.DateField(
        label=_("Novo prazo (ao conceder)"), required=False, widget=DateInput()
    )
    answer = forms.CharField(
        label=_("Resposta ao município"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX,
    )


LATE_CHOICES = [("", _("Todas")), ("yes", _("Só as atrasadas")), ("no", _("Só as no prazo"))]
ALL = "all"


class QueueFilterForm(forms.Form):
    """The review queue's filters; an empty status means "waiting for validation"."""

    program = forms.ChoiceField(label=_("Programa"), required=False)
    status = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Enviadas para validação")), (ALL, _("Todas"))]
        + [c for c in DeliveryStatus.choices if c[0] != DeliveryStatus.SUBMITTED],
    )
    late = forms.ChoiceField(label=_("Prazo"), required=False, choices=LATE_CHOICES)
    municipality = forms.CharField(
        label=_("Município (nome ou código IBGE)"), required=False, max_length=100
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", _("Todos"))] + [(p.slug, p.name) for p in programs]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or DeliveryStatus.SUBMITTED
        late = {"yes": True, "no": False}.get(data.get("late") or "")
        return {
            "program": data.get("program") or "",
            "status": "" if status == ALL else status,
            "late": late,
            "municipality": data.get("municipality") or "",
        }
