"""The managers' challenge form: parse only; the rules are in services.challenges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.indicators.models import CriticalityRule, Indicator, Ranking
from apoia.programs.models import Challenge
from apoia.protocol.limits import limit_long_texts

RULE, RANKING = "rule", "ranking"


@limit_long_texts
class ChallengeForm(forms.ModelForm):
    source = forms.ChoiceField(
        label=_("Como os municípios focais são escolhidos"),
        choices=[
            (RULE, _("Por uma regra de criticidade de um indicador")),
            (RANKING, _("Pelos primeiros de uma lista de prioridade salva")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Challenge
        fields = [
            "phase",
            "name",
            "description",
            "order",
            "indicators",
            "source",
            "rule",
            "period",
            "ranking",
            "ranking_top",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "rule": _("Só com a primeira opção acima. A regra deve ser de um dos indicadores."),
            "ranking": _("Só com a segunda opção acima. Listas salvas na página de indicadores."),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = program.phases.order_by("order")
        self.fields["phase"].empty_label = None
        if self.instance.pk:
            # Its actions and URL belong to its phase: a challenge does not move.
            self.fields["phase"].disabled = True
        self.fields["indicators"].queryset = Indicator.objects.filter(is_published=True).order_by(
            "name"
        )
        self.fields["rule"].queryset = (
            CriticalityRule.objects.filter(is_active=True, indicator__is_published=True)
            .select_related("indicator")
            .order_by("indicator__name", "kind")
        )
        self.fields["ranking"].queryset = Ranking.objects.filter(state=program.state_id)
        if not self.is_bound:
            self.initial["source"] = RANKING if self.instance.ranking_id else RULE

    def clean(self):
        data = super().clean()
        # Only the chosen source counts: the other's fields may still hold an earlier choice.
        if data.get("source") == RULE:
            data["ranking"], data["ranking_top"] = None, None
            if not data.get("rule") and "rule" not in self.errors:
                self.add_error("rule", _("Escolha a regra de criticidade."))
        elif data.get("source") == RANKING:
            data["rule"], data["period"] = None, None
            if not data.get("ranking") and "ranking" not in self.errors:
                self.add_error("ranking", _("Escolha a lista de prioridade."))
            if not data.get("ranking_top") and "ranking_top" not in self.errors:
                self.add_error(
                    "ranking_top", _("Informe quantos municípios do topo da lista são focais.")
                )
        return data
