"""Forms of the one-to-one support appointments: publishing slots, booking, cancelling and
rescheduling. The rules are the service's (services.appointments); these only parse."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models import Modality
from apoia.agenda.services.appointments import DURATIONS
from apoia.protocol.limits import limit_long_texts

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def slot_label(slot) -> str:
    zone = ZoneInfo(slot.unit.state.timezone)
    start = timezone.localtime(slot.start, zone)
    end = timezone.localtime(slot.end, zone)
    when = f"{start:%d/%m/%Y} {start:%H:%M}–{end:%H:%M}"
    return f"{when} — {slot.theme.name} ({slot.get_modality_display()})"


class SlotForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unidade"))
    theme = forms.ChoiceField(
        label=_("Tema"), help_text=_("Os temas da unidade (as coordenadorias respondem por eles).")
    )
    day = forms.DateField(
        label=_("Data"), input_formats=DATE_FORMATS, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(label=_("Das"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Às"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.TypedChoiceField(
        label=_("Duração de cada atendimento"),
        coerce=int,
        choices=[(d, _("%(count)d minutos") % {"count": d}) for d in DURATIONS],
        initial=60,
        help_text=_("Um intervalo maior que a duração publica vários horários seguidos."),
    )
    modality = forms.ChoiceField(
        label=_("Modalidade"),
        choices=Modality.choices,
        help_text=_("Híbrido: o município escolhe, ao agendar, presencial ou online."),
    )
    place = forms.CharField(
        label=_("Local (presencial)"),
        max_length=300,
        required=False,
        initial="Sede da SAAS/SETASC, Cuiabá",
    )
    url = forms.CharField(label=_("Link (online)"), max_length=500, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.themes = {}
        choices = []
        for unit in units:
            group = []
            for theme in unit.themes.all():
                self.themes[str(theme.pk)] = theme
                group.append((theme.pk, theme.name))
            if group:
                choices.append((unit.name, group))
        self.fields["theme"].choices = choices
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units[0].pk

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]

    def clean_theme(self):
        return self.themes[self.cleaned_data["theme"]]


@limit_long_texts
class BookForm(forms.Form):
    question = forms.CharField(
        label=_("Sua dúvida ou assunto"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("O que o município quer tratar no atendimento (pelo menos 10 caracteres)."),
    )
    modality = forms.ChoiceField(
        label=_("Como prefere ser atendido"),
        choices=[
            (Modality.IN_PERSON, _("Presencial, na sede")),
            (Modality.ONLINE, _("Online")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    municipality = forms.ChoiceField(label=_("Município"), required=False)

    def __init__(self, *args, slot=None, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in municipalities}
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        if len(municipalities) <= 1:
            del self.fields["municipality"]
        if slot is None or slot.modality != Modality.HYBRID:
            del self.fields["modality"]
        else:
            self.fields["modality"].required = True

    def clean_municipality(self):
        return self.municipalities.get(self.cleaned_data.get("municipality") or "")


@limit_long_texts
class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo do cancelamento"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RescheduleForm(forms.Form):
    slot = forms.ChoiceField(label=_("Novo horário"))
    modality = forms.ChoiceField(
        label=_("Modalidade, se o novo horário for híbrido"),
        choices=[
            ("", _("Manter a escolhida")),
            (Modality.IN_PERSON, _("Presencial, na sede")),
            (Modality.ONLINE, _("Online")),
        ],
        required=False,
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {str(s.pk): s for s in slots}
        self.fields["slot"].choices = [(s.pk, slot_label(s)) for s in slots]

    def clean_slot(self):
        return self.slots[self.cleaned_data["slot"]]
