from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.catalog.queries import audiences_in, themes_in


class ServiceFilterForm(forms.Form):
    """The search box and filters of the service list (GET parameters)."""

    q = forms.CharField(
        label=_("Buscar serviço"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ex.: associação, adesão, capacitação")}
        ),
    )
    audience = forms.ChoiceField(label=_("Público-alvo"), required=False)
    theme = forms.ChoiceField(label=_("Tema"), required=False)

    def __init__(self, data=None, *, services):
        super().__init__(data)
        everyone = [("", _("Todos os públicos"))]
        every_theme = [("", _("Todos os temas"))]
        self.fields["audience"].choices = everyone + [
            (a.slug, a.name) for a in audiences_in(services)
        ]
        self.fields["theme"].choices = every_theme + [(t.slug, t.name) for t in themes_in(services)]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (an unknown slug) is left out and shown as an error."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in ("q", "audience", "theme")}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar por nome, sigla ou assunto"), max_length=100, required=False
    )
    tema = forms.CharField(label=_("Tema"), max_length=100, required=False)
    uf = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos")), ("MS", "Mato Grosso do Sul"), ("MT", "Mato Grosso")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Ex.: cadastro único, ouvidoria")
        self.fields["tema"].widget.attrs["placeholder"] = _("Ex.: regularização de OSC")
