"""Forms of registrations, attendance, satisfaction and certificates. The rules are the
services' (services.registrations, services.certificates); these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.protocol.limits import limit_long_texts

TEAM_ROWS = 5


class RegistrationForm(forms.Form):
    """One municipality, and up to TEAM_ROWS people (the first required, blank rows left out)."""

    municipality = forms.ChoiceField(label=_("Município"))

    def __init__(self, *args, municipalities=(), rows: int = TEAM_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in municipalities}
        field = self.fields["municipality"]
        field.choices = [(m.pk, m.name) for m in municipalities]
        if len(self.municipalities) == 1:
            field.initial = next(iter(self.municipalities))
        self.rows = rows
        for n in range(rows):
            number = n + 1
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Nome (pessoa %(n)d)") % {"n": number}, max_length=150, required=n == 0
            )
            self.fields[f"email_{n}"] = forms.EmailField(
                label=_("E-mail (pessoa %(n)d)") % {"n": number}, max_length=254, required=n == 0
            )
            self.fields[f"role_{n}"] = forms.CharField(
                label=_("Cargo ou função (pessoa %(n)d)") % {"n": number},
                max_length=150,
                required=False,
            )

    def clean_municipality(self):
        value = self.cleaned_data["municipality"]
        if value not in self.municipalities:
            raise forms.ValidationError(_("Escolha um dos municípios da lista."))
        return self.municipalities[value]

    def people(self) -> list[dict]:
        people = []
        for n in range(self.rows):
            name = self.cleaned_data.get(f"name_{n}", "")
            email = self.cleaned_data.get(f"email_{n}", "")
            role = self.cleaned_data.get(f"role_{n}", "")
            if n == 0 or name or email or role:
                people.append({"name": name, "email": email, "role": role, "row": n})
        return people

    def field_for(self, path: str, people: list[dict]) -> str | None:
        """The form field of a service error path ("email", "people.1.email")."""
        if path == "municipality":
            return "municipality"
        if path.startswith("people.") and path.count(".") == 2:
            _people, index, name = path.split(".")
            try:
                row = people[int(index)]["row"]
            except (ValueError, IndexError):
                return None
            return f"{name}_{row}"
        if path in ("name", "email", "role"):
            return f"{path}_0"
        return None


class CheckinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código da inscrição"),
        max_length=40,
        help_text=_(
            "Digite ou cole o código; a câmera do celular, ao ler o código QR, abre esta "
            "página com ele preenchido."
        ),
    )


class AttendanceCodeForm(forms.Form):
    attendance_code = forms.CharField(
        label=_("Código de presença"),
        max_length=40,
        required=False,
        help_text=_("Em branco: um código novo é sorteado. Anuncie-o durante a sessão."),
    )


class OnlineCheckinForm(forms.Form):
    code = forms.CharField(label=_("Código da sua inscrição"), max_length=40)
    attendance_code = forms.CharField(label=_("Código anunciado na sessão"), max_length=40)


@limit_long_texts
class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Avaliação"),
        coerce=int,
        choices=[
            (5, _("5 — Excelente")),
            (4, _("4 — Bom")),
            (3, _("3 — Regular")),
            (2, _("2 — Ruim")),
            (1, _("1 — Péssimo")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentário (opcional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@limit_long_texts
class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo da revogação"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Aparece na página pública de verificação do certificado."),
    )


class CertificateLookupForm(forms.Form):
    codigo = forms.CharField(label=_("Código de verificação"), max_length=40)
