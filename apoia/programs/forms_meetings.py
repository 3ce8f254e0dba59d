"""Forms of the meeting pages: scheduling, attendance, minutes and a decision with its task."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit, User
from apoia.programs.models import Modality
from apoia.programs.services.meetings import (
    LINK_MAX,
    MINUTES_MAX,
    PLACE_MAX,
    REPRESENTED_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from apoia.protocol.limits import limit_long_texts


@limit_long_texts
class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=TITLE_MAX)
    date = forms.DateField(label=_("Data"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Hora"), widget=forms.TimeInput(attrs={"type": "time"}))
    modality = forms.ChoiceField(label=_("Modalidade"), choices=Modality.choices)
    place = forms.CharField(
        label=_("Local"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("Para reuniões presenciais e híbridas."),
    )
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=LINK_MAX,
        help_text=_("Para reuniões online e híbridas."),
    )
    all_adhered = forms.BooleanField(
        label=_("Convidar todos os municípios aderidos à fase"), required=False
    )
    invited = forms.MultipleChoiceField(
        label=_("Municípios convidados"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].choices = [(str(m.pk), m.name) for m in municipalities]

    def starts_at(self, tz) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=tz)


@limit_long_texts
class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Ata"),
        required=False,
        max_length=MINUTES_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@limit_long_texts
class AttendanceForm(forms.Form):
    """One "present" box and one "represented by" field per invited municipality."""

    def __init__(self, *args, invited=(), attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        attendance = attendance or {}
        self.rows = []
        for m in invited:
            row = attendance.get(m.pk)
            self.fields[f"present_{m.pk}"] = forms.BooleanField(
                label=_("%(name)s esteve presente") % {"name": m.name},
                required=False,
                initial=bool(row and row.present),
            )
            self.fields[f"by_{m.pk}"] = forms.CharField(
                label=_("Representado por (%(name)s)") % {"name": m.name},
                required=False,
                max_length=REPRESENTED_MAX,
                initial=row.represented_by if row else "",
            )
            self.rows.append((m, f"present_{m.pk}", f"by_{m.pk}"))

    def bound_rows(self):
        return [(m, self[present], self[by]) for m, present, by in self.rows]

    def attendance(self) -> dict:
        return {
            m.pk: (self.cleaned_data[present], self.cleaned_data[by])
            for m, present, by in self.rows
        }


@limit_long_texts
class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decisão"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    municipality = forms.ChoiceField(label=_("Município"), required=False)
    make_task = forms.BooleanField(
        label=_("Esta decisão vira uma tarefa de acompanhamento"), required=False
    )
    task_title = forms.CharField(label=_("Título da tarefa"), required=False, max_length=200)
    owner = forms.ChoiceField(label=_("Responsável pela tarefa"), required=False)
    due_days = forms.IntegerField(
        label=_("Prazo em dias úteis"), required=False, min_value=1, max_value=365
    )

    def __init__(self, *args, invited=(), people=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Nenhum (vale para todos)"))] + [
            (str(m.pk), m.name) for m in invited
        ]
        self.fields["owner"].choices = [
            ("", ""),
            (_("Unidades"), [(f"unit:{u.pk}", str(u)) for u in units]),
            (_("Pessoas"), [(f"user:{p.pk}", p.full_name) for p in people]),
        ]
        self._people = {p.pk: p for p in people}
        self._units = {u.pk: u for u in units}

    def clean(self):
        data = super().clean()
        if data.get("make_task"):
            if not data.get("task_title"):
                self.add_error("task_title", _("Informe o título da tarefa."))
            if not data.get("owner"):
                self.add_error("owner", _("Escolha o responsável pela tarefa."))
            if not data.get("due_days"):
                self.add_error("due_days", _("Informe o prazo em dias úteis."))
        return data

    def owner_objects(self) -> tuple[User | None, OrgUnit | None]:
        kind, _sep, pk = (self.cleaned_data.get("owner") or "").partition(":")
        if kind == "user":
            return self._people.get(int(pk)), None
        if kind == "unit":
            return None, self._units.get(int(pk))
        return None, None
