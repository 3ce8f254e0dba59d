"""Forms of the annual plan: the plan and its act, an entry, an entry's status, a new axis.
They only shape input; the rules are in apoia.agenda.services.plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models import EntryStatus, Modality
from apoia.agenda.queries_plan import month_name
from apoia.protocol.limits import limit_long_texts

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PlanFilterForm(forms.Form):
    uf = forms.ChoiceField(label=_("Estado"), required=False)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uf"].choices = [("", _("Todos"))] + [(s.uf.lower(), s.name) for s in states]


@limit_long_texts
class PlanForm(forms.Form):
    state = forms.ChoiceField(label=_("Estado"))
    year = forms.IntegerField(label=_("Ano"), min_value=2000, max_value=2100)
    act = forms.CharField(
        label=_("Ato de aprovação"),
        max_length=200,
        help_text=_("Ex.: Resolução CIB/SUAS/MT nº 02/2022."),
    )
    act_date = forms.DateField(
        label=_("Data do ato"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    act_url = forms.URLField(
        label=_("Link do ato (diário oficial)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    title = forms.CharField(
        label=_("Título"),
        max_length=250,
        required=False,
        help_text=_("Em branco: “Plano de Apoio Técnico aos municípios — estado, ano”."),
    )
    summary = forms.CharField(
        label=_("Apresentação"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, states=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s.pk, s.name) for s in states]
        if editing:  # the state and year name the plan: they do not change
            del self.fields["state"]
            del self.fields["year"]

    def plan_data(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("act", "act_date", "act_url", "title", "summary")}


class EntryForm(forms.Form):
    axis = forms.ModelChoiceField(label=_("Eixo"), queryset=None)
    strategy = forms.ModelChoiceField(label=_("Estratégia"), queryset=None)
    modality = forms.ChoiceField(label=_("Modalidade"), choices=Modality.choices)
    title = forms.CharField(label=_("Ação"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Unidade responsável"), queryset=None, required=False)
    months = forms.TypedMultipleChoiceField(
        label=_("Meses previstos"),
        choices=[(m, month_name(m)) for m in range(1, 13)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.CharField(label=_("Público"), max_length=300, required=False)
    order = forms.IntegerField(
        label=_("Ordem no plano"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Em branco: depois da última ação."),
    )

    def __init__(self, *args, axes, strategies, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = axes
        self.fields["strategy"].queryset = strategies
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u.acronym} — {u.name}" if u.acronym else u.name
        )

    def entry_data(self) -> dict:
        return dict(self.cleaned_data)


@limit_long_texts
class EntryStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Situação"), choices=EntryStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Motivo do cancelamento"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obrigatório para cancelar; as demais situações apagam o motivo."),
    )


class AxisForm(forms.Form):
    state = forms.ChoiceField(label=_("Estado"))
    name = forms.CharField(label=_("Nome do eixo"), max_length=150)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s.pk, s.name) for s in states]
