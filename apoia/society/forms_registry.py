"""Forms of the organization registry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrganizationKind
from apoia.protocol.limits import limit_long_texts
from apoia.society.models.registry import AreaOfWork
from apoia.territory.models import Municipality


@limit_long_texts
@limit_long_texts
class RecordForm(forms.Form):
    name = forms.CharField(label=_("Nome"), max_length=200)
    email = forms.EmailField(label=_("E-mail institucional"), required=False)
    phone = forms.CharField(label=_("Telefone institucional"), max_length=40, required=False)
    legal_nature = forms.CharField(label=_("Natureza jurídica"), max_length=120, required=False)
    address = forms.CharField(label=_("Endereço"), max_length=300, required=False)
    founded_on = forms.DateField(
        label=_("Data de fundação"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    website = forms.URLField(label=_("Sítio na internet"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Apresentação"), max_length=2000, required=False, widget=forms.Textarea
    )
    areas = forms.MultipleChoiceField(
        label=_("Áreas de atuação"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(a.slug, a.name) for a in AreaOfWork.objects.all()]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["founded_on"] = data["founded_on"].isoformat() if data["founded_on"] else ""
        return data


@limit_long_texts
class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo da recusa"), max_length=1000, widget=forms.Textarea, required=False
    )


class NewOrganizationForm(RecordForm):
    kind = forms.ChoiceField(label=_("Tipo"), choices=OrganizationKind.choices)
    cnpj = forms.CharField(label=_("CNPJ"), max_length=18, required=False)
    municipality = forms.IntegerField(label=_("Município (código IBGE)"))

    def clean_municipality(self):
        found = Municipality.objects.filter(pk=self.cleaned_data["municipality"]).first()
        if found is None:
            raise forms.ValidationError(_("Município não encontrado (código IBGE)."))
        return found

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        data.pop("municipality")
        return data
