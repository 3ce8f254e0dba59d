"""Forms of the programs pages: parse only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit
from apoia.programs.models import AdhesionStatus, Phase, PhaseStatus, Program
from apoia.programs.services import DECLARATION_TEXT, FocalPointData
from apoia.programs.services.adhesion import MAX_FOCAL_POINTS
from apoia.protocol.limits import limit_long_texts


class PhaseChoiceField(forms.ModelChoiceField):
    """The phases of the program the page is about: its name would only repeat the title, so
    each option says what the person choosing needs, the phase and where it stands."""

    def label_from_instance(self, phase):
        if phase.status == PhaseStatus.ADHESION and phase.adhesion_closes:
            return _("%(phase)s — adesão aberta até %(date)s") % {
                "phase": phase.name,
                "date": phase.adhesion_closes.strftime("%d/%m/%Y"),
            }
        return f"{phase.name} — {phase.get_status_display()}"


class AdhesionForm(forms.Form):
    municipality = forms.TypedChoiceField(label=_("Município"), coerce=int)
    phase = PhaseChoiceField(label=_("Fase"), queryset=Phase.objects.none())
    mayor_declaration = forms.BooleanField(label=DECLARATION_TEXT, required=False)

    def __init__(self, *args, program, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.ibge: m for m in municipalities}
        self.fields["municipality"].choices = [(m.ibge, m.name) for m in municipalities]
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].ibge
            self.fields["municipality"].widget = forms.HiddenInput()
        self.fields["phase"].queryset = program.phases.exclude(status=PhaseStatus.CLOSED)
        self.fields["mayor_declaration"].help_text = _(
            "Marque para confirmar a declaração do(a) prefeito(a)."
        )

    def municipality_obj(self):
        return self.municipalities.get(self.cleaned_data.get("municipality"))


class FocalPointForm(forms.Form):
    name = forms.CharField(label=_("Nome"), max_length=150, required=False)
    role = forms.CharField(label=_("Cargo ou função"), max_length=150, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telefone"), max_length=40, required=False)

    def data_object(self) -> FocalPointData:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return FocalPointData(
            name=data.get("name", ""),
            role=data.get("role", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
        )


FocalPointFormSet = forms.formset_factory(
    FocalPointForm, extra=2, max_num=MAX_FOCAL_POINTS, validate_max=True
)


def put_errors(form, formset, message_dict: dict) -> None:
    """Service errors ("focal_points.0.email") onto the form and formset fields they name."""
    for path, messages in message_dict.items():
        parts = path.split(".")
        if parts[0] == "focal_points" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            filled = [f for f in formset.forms if any(f.data_object().__dict__.values())]
            target = filled[index] if index < len(filled) else None
            for message in messages:
                if target is not None:
                    target.add_error(parts[2], message)
                else:
                    form.add_error(None, message)
        elif path in form.fields:
            for message in messages:
                form.add_error(path, message)
        else:
            for message in messages:
                form.add_error(None, message)


@limit_long_texts
class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "goal", "description", "units", "managing_unit"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(state=self.instance.state_id).order_by("name")
        self.fields["units"].queryset = units
        self.fields["managing_unit"].queryset = units


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "status", "start", "end", "adhesion_opens", "adhesion_closes"]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("start", "end", "adhesion_opens", "adhesion_closes")
        }


@limit_long_texts
class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo da desistência"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RenewForm(forms.Form):
    phase = PhaseChoiceField(label=_("Fase seguinte"), queryset=Phase.objects.none())

    def __init__(self, *args, adhesion, **kwargs):
        super().__init__(*args, **kwargs)
        order = adhesion.phase.order if adhesion.phase_id else 0
        self.fields["phase"].queryset = adhesion.program.phases.filter(order__gt=order).exclude(
            status=PhaseStatus.CLOSED
        )


class AdhesionFilterForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), required=False)
    status = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Todas"))] + list(AdhesionStatus.choices),
    )
    municipality = forms.CharField(label=_("Município"), required=False, max_length=80)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Todas"))] + [
            (p.slug, p.name) for p in program.phases.all()
        ]
