"""Forms of the organization registry."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrganizationKind
from apoia.protocol.limits import limit_long_texts
from apoia.society.models.registry import AreaOfWork
from apoia.society.services_registry import LEADER_FIELDS, clean_cpf
from apoia.territory.models import Municipality


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


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeaderForm(forms.Form):
    """One member of the board. CPF, personal e-mail and phone are personal data: kept for
    staff, never shown on public pages."""

    name = forms.CharField(label=_("Nome"), max_length=150)
    position = forms.CharField(label=_("Cargo"), max_length=100)
    mandate_start = forms.DateField(
        label=_("Início do mandato"), required=False, widget=_date_input()
    )
    mandate_end = forms.DateField(label=_("Fim do mandato"), required=False, widget=_date_input())
    cpf = forms.CharField(label=_("CPF"), max_length=14, required=False)
    email = forms.EmailField(label=_("E-mail pessoal"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telefone pessoal"), max_length=40, required=False)

    def clean_cpf(self):
        try:
            return clean_cpf(self.cleaned_data["cpf"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        start, end = data.get("mandate_start"), data.get("mandate_end")
        if start and end and end < start:
            self.add_error("mandate_end", _("O mandato não pode terminar antes de começar."))
        return data


class BaseLeaderFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remover este dirigente")

    def leaders_for_service(self) -> list[dict]:
        """The kept rows in the snapshot shape (dates as ISO text)."""
        leaders = []
        for index, form in enumerate(self.forms):
            blank_extra = index >= self.initial_form_count() and not form.has_changed()
            if blank_extra or self._should_delete_form(form):
                continue
            row = {field: form.cleaned_data.get(field) for field in LEADER_FIELDS}
            for field in ("mandate_start", "mandate_end"):
                row[field] = row[field].isoformat() if row[field] else ""
            leaders.append({k: v or "" for k, v in row.items()})
        return leaders


LeaderFormSet = forms.formset_factory(
    LeaderForm, formset=BaseLeaderFormSet, extra=1, can_delete=True, max_num=30
)


IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Arquivo CSV"),
        help_text=_("Até 5 MB e 5.000 linhas; separador ponto e vírgula ou vírgula."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Envie um arquivo .csv."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("O arquivo passa de 5 MB."))
        return upload
