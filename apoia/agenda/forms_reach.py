"""The reach dashboard's filters: the state (among the user's) and the year."""

from django import forms
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 2000, 2100


class ReachFilterForm(forms.Form):
    uf = forms.ChoiceField(label=_("Estado"), required=False)
    ano = forms.IntegerField(label=_("Ano"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uf"].choices = [(s.uf, s.name) for s in states]
