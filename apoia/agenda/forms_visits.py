"""Forms of the technical visits: a proposal from a priority list or a criticality rule, the
decisions on each proposed visit, and the report after the visit (several findings and
recommendations: formsets, blank rows ignored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.protocol.limits import limit_long_texts

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PlanForm(forms.Form):
    state = forms.ChoiceField(label=_("Estado"))
    year = forms.IntegerField(label=_("Ano"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(
        label=_("Origem"),
        choices=[
            ("ranking", _("Lista de prioridade salva (indicadores)")),
            ("rule", _("Regra de criticidade de um indicador")),
        ],
        widget=forms.RadioSelect,
        initial="ranking",
    )
    ranking = forms.ChoiceField(label=_("Lista de prioridade"), required=False)
    indicator = forms.ChoiceField(
        label=_("Indicador (regra de criticidade)"),
        required=False,
        help_text=_("Os municípios que as regras ativas do indicador apontam, o pior primeiro."),
    )
    period = forms.IntegerField(
        label=_("Período do indicador"),
        required=False,
        help_text=_("Em branco: o último com dados."),
    )
    count = forms.IntegerField(label=_("Quantos municípios"), min_value=1, max_value=60, initial=10)
    max_stops = forms.IntegerField(
        label=_("Máximo de paradas por roteiro"), min_value=1, max_value=10, initial=4
    )
    max_km = forms.FloatField(
        label=_("Distância máxima do primeiro município do roteiro (km)"),
        required=False,
        min_value=1,
        help_text=_("Em branco: sem limite; os roteiros juntam os vizinhos mais próximos."),
    )
    title = forms.CharField(label=_("Título"), max_length=200, required=False)

    def __init__(self, *args, states=(), rankings=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s.pk, s.name) for s in states]
        self.fields["ranking"].choices = [("", _("—"))] + [
            (r.pk, f"{r.name} ({r.state.uf}, {r.period})") for r in rankings
        ]
        self.fields["indicator"].choices = [("", _("—"))] + [(i.code, i.name) for i in indicators]


class AcceptForm(forms.Form):
    day = forms.DateField(
        label=_("Data da visita"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    unit = forms.ChoiceField(label=_("Unidade responsável"))
    technician = forms.CharField(label=_("Equipe (nomes)"), max_length=200, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


@limit_long_texts
class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo do descarte"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    trip = forms.IntegerField(label=_("Roteiro"), min_value=1)
    stop = forms.IntegerField(label=_("Posição no roteiro"), min_value=1, required=False)


@limit_long_texts
class ReportForm(forms.Form):
    people_met = forms.CharField(
        label=_("Quem foi ouvido"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nomes e funções: gestor(a), equipe do CRAS, conselho…"),
    )
    summary = forms.CharField(
        label=_("Síntese"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@limit_long_texts
class FindingForm(forms.Form):
    theme = forms.CharField(label=_("Tema"), max_length=150, required=False)
    text = forms.CharField(
        label=_("Constatação"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@limit_long_texts
class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recomendação"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ChoiceField(label=_("Responsável"), required=False)
    due = forms.DateField(
        label=_("Prazo"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("—")), *owners]


FindingFormSet = forms.formset_factory(FindingForm, extra=3, max_num=20)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=3, max_num=20)
