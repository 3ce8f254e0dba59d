import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.territory.models import DeadlineUnit, Municipality, NonBusinessDayKind, State


class CalendarFilterForm(forms.Form):
    uf = forms.ModelChoiceField(
        label=_("Estado"), queryset=State.objects.all(), to_field_name="uf", empty_label=None
    )
    year = forms.IntegerField(label=_("Ano"), min_value=1900, max_value=2200)
    municipality = forms.ModelChoiceField(
        label=_("Município (opcional)"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Só o calendário do estado"),
    )

    def __init__(self, *args, uf: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_state(uf)


class NonBusinessDayForm(forms.Form):
    date = forms.DateField(label=_("Data"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Nome"), max_length=120)
    kind = forms.ChoiceField(label=_("Tipo"), choices=NonBusinessDayKind.choices)
    municipality = forms.ModelChoiceField(
        label=_("Município"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Todo o estado"),
        help_text=_("Em branco: o ponto facultativo vale para todo o estado."),
    )
    legal_basis = forms.CharField(
        label=_("Ato normativo"),
        max_length=200,
        required=False,
        help_text=_("Ex.: Decreto nº 16.000, de 2 de janeiro de 2027."),
    )

    def __init__(self, *args, uf: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.in_state(uf)

    def clean(self):
        data = super().clean()
        if data.get("kind") == NonBusinessDayKind.MUNICIPAL_HOLIDAY and not data.get(
            "municipality"
        ):
            self.add_error("municipality", _("Feriado municipal exige um município."))
        return data


class DeadlineSimulationForm(forms.Form):
    received = forms.DateTimeField(
        label=_("Recebido em"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        initial=lambda: dt.datetime.now().replace(second=0, microsecond=0),
    )
    amount = forms.IntegerField(label=_("Prazo"), min_value=0, max_value=3660, initial=10)
    unit = forms.ChoiceField(
        label=_("Unidade"), choices=DeadlineUnit.choices, initial=DeadlineUnit.BUSINESS_DAYS
    )
