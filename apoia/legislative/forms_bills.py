"""Forms of the legislative desk's bills: the bill's facts, a status row, a routing to units,
an answer and the consolidation. The services check the rules; the forms only read input."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.legislative.models import BillKind, BillStatus, House, Position
from apoia.legislative.services_bills import FIRST_YEAR
from apoia.legislative.services_opinions import MAX_BUSINESS_DAYS
from apoia.programs.models import Program
from apoia.protocol.limits import limit_long_texts
from apoia.territory.models import Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_label(unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


@limit_long_texts
class BillForm(forms.Form):
    house = forms.ChoiceField(label=_("Casa legislativa"), choices=House.choices)
    municipality = forms.ModelChoiceField(
        label=_("Município da câmara"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Só para proposições de câmara municipal."),
    )
    kind = forms.ChoiceField(label=_("Tipo"), choices=BillKind.choices)
    number = forms.IntegerField(label=_("Número"), min_value=1)
    year = forms.IntegerField(label=_("Ano"), min_value=FIRST_YEAR)
    author = forms.CharField(label=_("Autoria"), max_length=200)
    summary = forms.CharField(label=_("Ementa"), max_length=4000, widget=forms.Textarea)
    link = forms.URLField(
        label=_("Link na casa legislativa"), max_length=200, required=False, assume_scheme="https"
    )
    affected_units = forms.ModelMultipleChoiceField(
        label=_("Unidades afetadas"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    affected_programs = forms.ModelMultipleChoiceField(
        label=_("Programas afetados"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(state=state)
        self.fields["affected_units"].queryset = OrgUnit.objects.filter(state=state)
        self.fields["affected_units"].label_from_instance = _unit_label
        self.fields["affected_programs"].queryset = Program.objects.filter(state=state)
        last_year = timezone.localdate().year + 1
        self.fields["year"].validators.append(MaxValueValidator(last_year))
        self.fields["year"].widget.attrs["max"] = str(last_year)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["link"] = data["link"] or ""
        if data["house"] == House.STATE_ASSEMBLY and data.get("municipality") is None:
            data["municipality"] = None
        return data


class NewBillForm(BillForm):
    desk = forms.ModelChoiceField(label=_("Unidade que acompanha"), queryset=OrgUnit.objects.none())
    filed_on = forms.DateField(
        label=_("Apresentada em"), required=False, widget=DATE, help_text=_("Hoje, se vazio.")
    )
    field_order = ["desk", "house", "municipality", "kind", "number", "year", "filed_on"]

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = desks
        self.fields["desk"].label_from_instance = _unit_label


@limit_long_texts
class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nova situação"), choices=BillStatus.choices)
    happened_on = forms.DateField(label=_("Data"), widget=DATE)
    note = forms.CharField(
        label=_("Observação"), max_length=2000, required=False, widget=forms.Textarea
    )
    prefix = "status"


@limit_long_texts
class RoutingForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Unidades consultadas"),
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    business_days = forms.IntegerField(
        label=_("Prazo (dias úteis)"), min_value=1, max_value=MAX_BUSINESS_DAYS, initial=10
    )
    question = forms.CharField(
        label=_("O que se pede"), max_length=10000, required=False, widget=forms.Textarea
    )
    prefix = "routing"

    def __init__(self, *args, bill, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.filter(state_id=bill.state_id).exclude(
            pk=bill.desk_id
        )
        self.fields["units"].label_from_instance = _unit_label


@limit_long_texts
class AnswerForm(forms.Form):
    position = forms.ChoiceField(label=_("Posição"), choices=Position.choices)
    opinion = forms.CharField(label=_("Parecer"), max_length=10000, widget=forms.Textarea)


@limit_long_texts
class ConsolidationForm(forms.Form):
    position = forms.ChoiceField(label=_("Posição consolidada"), choices=Position.choices)
    text = forms.CharField(
        label=_("Manifestação consolidada"), max_length=10000, widget=forms.Textarea
    )
    cancel_open = forms.BooleanField(
        label=_("Cancelar os pedidos de parecer ainda em aberto"), required=False
    )
    prefix = "consolidation"
