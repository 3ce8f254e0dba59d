"""Forms of the challenge and menu pages: parse only; the rules are in services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.lib.collation import reading_key
from apoia.programs.models import (
    DEFAULT_REVIEW_CHECKLIST,
    Action,
    AdjustmentKind,
    Challenge,
    EvidenceType,
)
from apoia.programs.services.challenges import JUSTIFICATION_MAX
from apoia.protocol.limits import limit_long_texts
from apoia.territory.models import Municipality


@limit_long_texts
class AdjustForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Ajuste"),
        choices=[
            (AdjustmentKind.ADD, _("Incluir o município entre os focais")),
            (AdjustmentKind.REMOVE, _("Excluir o município dos focais")),
        ],
        widget=forms.RadioSelect,
    )
    municipality = forms.TypedChoiceField(label=_("Município"), coerce=int)
    justification = forms.CharField(
        label=_("Justificativa"),
        max_length=JUSTIFICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obrigatória. Fica registrada com o seu nome e a data, e é pública."),
        # The service says what is missing, in one message for the web and the API.
        required=False,
    )

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        towns = sorted(
            Municipality.objects.filter(state=state).only("ibge", "name"),
            key=lambda m: reading_key(m.name),
        )
        self.towns = {m.ibge: m for m in towns}
        self.fields["municipality"].choices = [("", "")] + [(m.ibge, m.name) for m in towns]

    def municipality_obj(self):
        return self.towns.get(self.cleaned_data.get("municipality"))


GOAL_FIELDS = ("target_value", "target_unit", "deadline", "indicator")


@limit_long_texts
class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "unit",
            "description",
            "challenges",
            "modality",
            "places",
            "eligibility",
            "is_published",
            # A strategic project's goal ("meta"); removed from a cooperation program's form.
            "target_value",
            "target_unit",
            "deadline",
            "indicator",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "challenges": forms.CheckboxSelectMultiple,
            "modality": forms.RadioSelect,
            "eligibility": forms.RadioSelect,
        }

    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = Challenge.objects.filter(phase=phase).order_by(
            "order", "name"
        )
        self.fields["unit"].queryset = OrgUnit.objects.filter(state=phase.program.state_id)
        if phase.program.is_project:
            self.fields["unit"].label = _("unidade responsável pela meta")
            self.fields["title"].label = _("meta")
            self.fields["indicator"].help_text = _(
                "Em branco, a meta é cumprida quando todas as suas entregas forem validadas."
            )
        else:
            for name in GOAL_FIELDS:
                del self.fields[name]


@limit_long_texts
class ChecklistForm(forms.Form):
    """What the reviewing technician checks in each evidence type of this action: one
    question per line; a type left blank keeps the standard questions (shown as help)."""

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        own = action.review_checklist or {}
        for kind, label in EvidenceType.choices:
            standard = DEFAULT_REVIEW_CHECKLIST.get(kind, [])
            self.fields[kind] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                initial="\n".join(own.get(kind, [])),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Em branco, o roteiro padrão: %(questions)s")
                % {"questions": " ".join(str(q) for q in standard)},
            )

    def clean(self):
        data = super().clean()
        checklist = {}
        for kind in EvidenceType.values:
            questions = [line.strip() for line in data.get(kind, "").splitlines() if line.strip()]
            too_long = [q for q in questions if len(q) > 300]
            if too_long:
                self.add_error(kind, _("Use no máximo 300 caracteres em cada pergunta."))
            elif questions:
                checklist[kind] = questions
        self.checklist = checklist
        return data


class DeliveryForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Entrega"), max_length=200)
    weight = forms.DecimalField(
        label=_("Peso"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2, localize=True
    )
    due_offset_days = forms.IntegerField(
        label=_("Prazo (dias úteis após a aprovação do plano)"), min_value=0, max_value=3660
    )
    evidence_types = forms.MultipleChoiceField(
        label=_("Evidências exigidas"),
        choices=EvidenceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def as_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["delete"] = bool(data.pop("DELETE", False))
        return data


DeliveryFormSet = forms.formset_factory(DeliveryForm, extra=1, can_delete=True, max_num=30)


def delivery_initial(action: Action) -> list[dict]:
    return [
        {
            "id": d.pk,
            "title": d.title,
            "weight": d.weight,
            "due_offset_days": d.due_offset_days,
            "evidence_types": d.evidence_types,
        }
        for d in action.deliveries.order_by("order", "pk")
    ]
