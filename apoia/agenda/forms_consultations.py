from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.agenda.services.consultations import local_date
from apoia.protocol.limits import limit_long_texts


@limit_long_texts
class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    question = forms.CharField(
        label=_("Pergunta aos municípios"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ex.: Que temas a websérie deve tratar nos próximos episódios?"),
    )
    closes_on = forms.DateField(
        label=_("Recebe temas até"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@limit_long_texts
class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Tema"), max_length=200)
    description = forms.CharField(
        label=_("Por que este tema"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    municipality = forms.ChoiceField(label=_("Município"), required=False)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        if len(municipalities) <= 1:
            self.fields["municipality"].widget = forms.HiddenInput()


class PickForm(forms.Form):
    episode = forms.ChoiceField(label=_("Episódio"))

    def __init__(self, *args, episodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["episode"].choices = [(e.pk, f"{local_date(e)} — {e.title}") for e in episodes]
