"""Forms of the regularization checklist: one per item, the staff's (any status) and the
representative's (marks the document as sent, saying where it is)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import normalize_document
from apoia.protocol.limits import limit_long_texts
from apoia.society.models.regularization import ItemStatus
from apoia.society.services_regularization import NOTE_MAX, REFERENCE_MAX


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


@limit_long_texts
class StaffItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Situação"), choices=ItemStatus.choices)
    expires_on = forms.DateField(label=_("Validade"), required=False, widget=DateInput())
    reference = forms.CharField(
        label=_("Referência do documento"),
        max_length=REFERENCE_MAX,
        required=False,
        help_text=_("Número, cartório, link ou processo em que o documento está."),
    )
    note = forms.CharField(
        label=_("Observação"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@limit_long_texts
class RepresentativeItemForm(forms.Form):
    reference = forms.CharField(
        label=_("Onde está o documento"),
        max_length=REFERENCE_MAX,
        help_text=_("Número do registro, cartório, link ou processo."),
    )
    expires_on = forms.DateField(
        label=_("Validade"),
        required=False,
        widget=DateInput(),
        help_text=_("Se o documento tem validade."),
    )
    note = forms.CharField(
        label=_("Observação"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def item_form(*, staff: bool, item, data=None):
    prefix = f"item-{item.pk}"
    if staff:
        initial = {
            "status": item.status,
            "expires_on": item.expires_on,
            "reference": item.reference,
            "note": item.note,
        }
        form = StaffItemForm(data, prefix=prefix, initial=initial)
    else:
        initial = {"reference": item.reference, "expires_on": item.expires_on, "note": item.note}
        form = RepresentativeItemForm(data, prefix=prefix, initial=initial)
    if not item.requirement.has_expiry:
        del form.fields["expires_on"]
    return form


class OpenChecklistForm(forms.Form):
    """Staff open the checklist of an organization of their state, found by its CNPJ."""

    cnpj = forms.CharField(
        label=_("CNPJ da organização"),
        max_length=18,
        help_text=_("A organização precisa estar no cadastro (organizações do seu estado)."),
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations

    def clean_cnpj(self):
        digits = normalize_document(self.cleaned_data["cnpj"])
        found = self.organizations.filter(cnpj=digits).first() if digits else None
        if found is None:
            raise forms.ValidationError(_("Nenhuma organização do seu estado tem este CNPJ."))
        self.organization = found
        return digits
