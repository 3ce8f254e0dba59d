"""The monitoring dashboard's GET filters: parse only (the choices come from
queries_monitoring.filter_choices, the scope from queries_monitoring.monitoring_scope)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.programs.queries_monitoring import Filters

SORT_CHOICES = [
    ("name", _("Município (A–Z)")),
    ("-name", _("Município (Z–A)")),
    ("-progress", _("Maior progresso")),
    ("progress", _("Menor progresso")),
    ("-late", _("Mais entregas atrasadas")),
    ("late", _("Menos entregas atrasadas")),
]


class MonitoringFilterForm(forms.Form):
    fase = forms.ChoiceField(label=_("Fase"), required=False)
    desafio = forms.TypedChoiceField(
        label=_("Desafio"), required=False, coerce=int, empty_value=None
    )
    acao = forms.TypedChoiceField(label=_("Ação"), required=False, coerce=int, empty_value=None)
    unidade = forms.TypedChoiceField(
        label=_("Unidade ofertante"), required=False, coerce=int, empty_value=None
    )
    municipio = forms.TypedChoiceField(
        label=_("Município"), required=False, coerce=int, empty_value=None
    )
    ordem = forms.ChoiceField(
        label=_("Ordenar municípios por"), required=False, choices=SORT_CHOICES
    )

    def __init__(self, *args, phases, phase, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Todos"))]
        self.fields["fase"].choices = [(p.slug, p.name) for p in phases]
        self.fields["fase"].initial = phase.slug
        self.fields["desafio"].choices = everything + [
            (c.pk, c.name) for c in choices["challenges"]
        ]
        self.fields["acao"].choices = [("", _("Todas"))] + [
            (a.pk, a.title) for a in choices["actions"]
        ]
        self.fields["unidade"].choices = [("", _("Todas"))] + [
            (u.pk, u.name) for u in choices["units"]
        ]
        self.fields["municipio"].choices = everything + list(choices["municipalities"])
        self._rows = {
            "desafio": {c.pk: c for c in choices["challenges"]},
            "acao": {a.pk: a for a in choices["actions"]},
            "unidade": {u.pk: u for u in choices["units"]},
        }

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            challenge=self._rows["desafio"].get(data.get("desafio")),
            action=self._rows["acao"].get(data.get("acao")),
            unit=self._rows["unidade"].get(data.get("unidade")),
            municipality=data.get("municipio"),
        )
