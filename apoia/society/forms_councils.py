"""Forms of councils for those who manage them. The forms read and convert what was typed;
the rules (parity, overlapping mandates, attendance in force, unique resolution numbers) are
the services' (apoia.society.services_councils)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Organization
from apoia.protocol.limits import limit_long_texts
from apoia.society.models.councils import CouncilMeeting, MandateRole, Segment
from apoia.territory.models import Municipality


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)


def _text(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.Textarea, **kwargs
    )


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("Nome"), max_length=200)
    acronym = forms.CharField(label=_("Sigla"), max_length=30, required=False)
    state = forms.ModelChoiceField(label=_("Estado"), queryset=None)
    municipality = forms.CharField(
        label=_("Município (código IBGE)"),
        max_length=7,
        required=False,
        help_text=_("Sete dígitos, por exemplo 5002704; vazio para um conselho estadual."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    legal_basis = forms.CharField(
        label=_("Base legal"),
        max_length=300,
        help_text=_("A lei que criou o conselho, por exemplo: Lei Municipal nº 1.234/2005."),
    )
    policy_area = forms.CharField(label=_("Área de política pública"), max_length=120)
    requires_parity = forms.BooleanField(
        label=_("A lei exige paridade entre governo e sociedade civil"), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Cadastro do conselho no registro"),
        queryset=None,
        required=False,
        help_text=_("Seus representantes também gerenciam o conselho (secretaria executiva)."),
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states
        self.fields["organization"].queryset = Organization.objects.filter(
            municipality__state__in=states
        ).select_related("municipality__state")

    def clean_municipality(self):
        code = self.cleaned_data["municipality"].strip()
        if not code:
            return None
        if not code.isdigit() or len(code) != 7:
            raise forms.ValidationError(_("Informe os sete dígitos do código IBGE."))
        found = Municipality.objects.filter(ibge=int(code)).first()
        if found is None:
            raise forms.ValidationError(_("Município não encontrado."))
        return found


class SeatForm(forms.Form):
    segment = forms.ChoiceField(
        label=_("Segmento"), choices=Segment.choices, widget=forms.RadioSelect
    )
    label = forms.CharField(
        label=_("Representação"),
        max_length=200,
        help_text=_("Quem a cadeira representa, por exemplo: Secretaria de Saúde; usuários."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organização do registro"),
        queryset=None,
        required=False,
        help_text=_("Só para cadeiras da sociedade civil."),
    )
    order = forms.IntegerField(label=_("Ordem"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class MandateForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Função"), choices=MandateRole.choices, widget=forms.RadioSelect
    )
    person_name = forms.CharField(label=_("Conselheiro(a)"), max_length=150)
    person_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Só a secretaria do conselho vê; nunca é público."),
    )
    starts_on = DateField(label=_("Início do mandato"))
    ends_on = DateField(label=_("Fim do mandato"))
    act = forms.CharField(label=_("Ato de nomeação"), max_length=200, required=False)


@limit_long_texts
class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=CouncilMeeting.Kind.choices)
    starts_at = DateTimeField(label=_("Data e hora"))
    place = forms.CharField(label=_("Local"), max_length=200, required=False)
    agenda = _text(_("Pauta"), 4000)


class MandateChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, mandate):
        return f"{mandate.person_name} ({mandate.get_role_display()}) — {mandate.seat.label}"


class AttendanceForm(forms.Form):
    mandates = MandateChoices(
        label=_("Presentes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Os mandatos em vigor na data da reunião."),
    )

    def __init__(self, *args, mandates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandates"].queryset = mandates


@limit_long_texts
class MinutesForm(forms.Form):
    minutes = _text(_("Ata"), 20000)
    approved_on = DateField(label=_("Ata aprovada em"), required=False)


@limit_long_texts
class ResolutionForm(forms.Form):
    number = forms.IntegerField(label=_("Número"), min_value=1, max_value=99999)
    issued_on = DateField(label=_("Data"))
    summary = _text(_("Ementa"), 2000)
    link = forms.URLField(
        label=_("Link da publicação"), max_length=200, required=False, assume_scheme="https"
    )
    meeting = forms.ModelChoiceField(label=_("Reunião"), queryset=None, required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
