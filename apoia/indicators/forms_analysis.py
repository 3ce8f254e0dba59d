"""Forms of the analysis pages: map filters, ranking parameters, saving a priority list."""

from django import forms
from django.utils.translation import gettext_lazy as _

MODES = [("values", _("Valores (quintis)")), ("flags", _("Municípios críticos"))]
METHOD_CHOICES = [
    ("minmax", _("Mín–máx (0 a 1)")),
    ("zscore", _("Escore z (desvios da média)")),
]

WEIGHT_PREFIX = "w_"


class MapFilterForm(forms.Form):
    """Shown with the choices already made (fallbacks included); read by the view itself."""

    uf = forms.ChoiceField(label=_("Estado"))
    indicator = forms.ChoiceField(label=_("Indicador"))
    period = forms.ChoiceField(label=_("Período"))
    mode = forms.ChoiceField(label=_("Mostrar"), choices=MODES)

    def __init__(self, *args, states, indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uf"].choices = [(s.uf, s.name) for s in states]
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]
        self.fields["period"].choices = [(p, p) for p in periods]


class RankingForm(forms.Form):
    """State, period, method and one weight per indicator (0 = not used)."""

    uf = forms.ChoiceField(label=_("Estado"))
    # Blank: the latest period with data for the chosen indicators, picked by the ranking.
    period = forms.TypedChoiceField(
        label=_("Período"), coerce=int, required=False, empty_value=None
    )
    method = forms.ChoiceField(label=_("Normalização"), choices=METHOD_CHOICES, initial="minmax")

    def __init__(self, *args, states, periods, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uf"].choices = [(s.uf, s.name) for s in states]
        self.fields["period"].choices = [("", _("O mais recente com dados"))] + [
            (p, p) for p in periods
        ]
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[WEIGHT_PREFIX + indicator.code] = forms.FloatField(
                label=indicator.name,
                required=False,
                min_value=0,
                max_value=1000,
                initial=0,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def weight_fields(self):
        return [self[WEIGHT_PREFIX + indicator.code] for indicator in self.indicators]

    def weight_groups(self):
        """[(axis, [bound weight fields])], in the indicators' order (axis, then name)."""
        groups: dict[str, list] = {}
        for indicator in self.indicators:
            groups.setdefault(indicator.axis, []).append(self[WEIGHT_PREFIX + indicator.code])
        return list(groups.items())

    def parameter_fields(self):
        return [self["uf"], self["period"], self["method"]]

    def weights(self) -> dict[str, float]:
        """The non-zero weights of a valid form, by indicator code."""
        found = {}
        for indicator in self.indicators:
            weight = self.cleaned_data.get(WEIGHT_PREFIX + indicator.code)
            if weight:
                found[indicator.code] = weight
        return found

    def add_ranking_error(self, field: str, message: str) -> None:
        """Put a ranking.RankingError on the matching field ("weights.xyz" → w_xyz)."""
        if field.startswith("weights."):
            name = WEIGHT_PREFIX + field.split(".", 1)[1]
            self.add_error(name if name in self.fields else None, message)
        elif field in self.fields:
            self.add_error(field, message)
        else:
            self.add_error(None, message)


class SaveRankingForm(forms.Form):
    name = forms.CharField(
        label=_("Nome da lista"),
        max_length=200,
        help_text=_("Ex.: “Visitas técnicas 2026 — assistência social”."),
    )
