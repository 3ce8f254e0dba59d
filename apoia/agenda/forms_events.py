"""Forms of the events pages: an event (date and times typed in the state's time zone), a
series (its recurrence from simple choices), moving an episode, cancelling, returning, and the
filters of the public agenda and of the staff list."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apoia.agenda.models import EventStatus, EventType, Modality
from apoia.agenda.services import events as services
from apoia.agenda.services import series as series_services
from apoia.protocol.limits import limit_long_texts


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _in_state(value: dt.datetime | None, state) -> dt.datetime | None:
    """A datetime the form read in the site's zone, re-read as typed in the state's zone."""
    if value is None:
        return None
    return timezone.make_naive(value).replace(tzinfo=ZoneInfo(state.timezone))


def _phase_label(phase) -> str:
    return f"{phase.program.name} — {phase.name}"


def _entry_label(entry) -> str:
    return f"{entry.plan.year} — {entry.title}"


class StateChoicesMixin:
    """Choices limited to the event's state: units, axes, plan entries, program phases."""

    def limit_to_state(self, state, user=None):
        self.state = state
        fields = self.fields
        fields["unit"].queryset = services.units_of_state(state)
        if "axis" in fields:
            fields["axis"].queryset = services.axes_of_state(state)
        if "plan_entry" in fields:
            fields["plan_entry"].queryset = services.plan_entries_of_state(state)
            fields["plan_entry"].label_from_instance = _entry_label
        fields["phase"].queryset = services.phases_of_state(state)
        fields["phase"].label_from_instance = _phase_label
        if "audience_municipalities" in fields:
            fields["audience_municipalities"].queryset = services.municipalities_of_state(state)
        if user is not None and not self.is_bound and not self.initial.get("unit"):
            mine = [
                m.org_unit
                for m in user.active_memberships
                if m.org_unit_id and m.org_unit.state_id == state.pk
            ]
            if mine:
                self.initial["unit"] = mine[0].pk


@limit_long_texts
class EventForm(StateChoicesMixin, forms.Form):
    title = forms.CharField(label=_("Título"), max_length=250)
    type = forms.ChoiceField(label=_("Tipo"), choices=EventType.choices)
    modality = forms.ChoiceField(
        label=_("Modalidade"),
        choices=Modality.choices,
        help_text=_("Presencial pede o local; online, o link; híbrido, os dois."),
    )
    theme = forms.CharField(
        label=_("Tema"),
        max_length=300,
        required=False,
        help_text=_("Validado pelo NEEP nos eventos para grupos de municípios."),
    )
    programme = forms.CharField(
        label=_("Programação"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=_("Descrição"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date = forms.DateField(label=_("Data"), widget=DateInput())
    start_time = forms.TimeField(label=_("Início"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Término"), widget=TimeInput())
    workload_hours = forms.DecimalField(
        label=_("Carga horária (h)"), max_digits=5, decimal_places=1, min_value=0
    )
    place = forms.CharField(label=_("Local (endereço)"), max_length=300, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    audience_municipalities = forms.ModelMultipleChoiceField(
        label=_("Municípios convidados"),
        queryset=None,
        required=False,
        help_text=_("Em branco: todos os municípios do estado."),
    )
    audience_roles = forms.CharField(
        label=_("Público"),
        max_length=300,
        required=False,
        help_text=_("Ex.: gestores, técnicos e conselheiros da assistência social."),
    )
    axis = forms.ModelChoiceField(label=_("Eixo"), queryset=None, required=False)
    plan_entry = forms.ModelChoiceField(
        label=_("Ação do plano de apoio técnico"), queryset=None, required=False
    )
    phase = forms.ModelChoiceField(label=_("Fase de programa"), queryset=None, required=False)
    capacity = forms.IntegerField(
        label=_("Vagas"), min_value=1, required=False, help_text=_("Em branco: sem limite.")
    )
    registration_closes = forms.DateTimeField(
        label=_("Inscrições até"), required=False, widget=DateTimeInput()
    )
    unit = forms.ModelChoiceField(label=_("Unidade responsável"), queryset=None)

    def __init__(self, *args, state, user=None, event=None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(event)
        super().__init__(*args, **kwargs)
        self.limit_to_state(state, user)

    def event_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, start, end = data.pop("date"), data.pop("start_time"), data.pop("end_time")
        data["start"] = services.local_datetime(self.state, day, start)
        data["end"] = services.local_datetime(self.state, day, end)
        data["registration_closes"] = _in_state(data.get("registration_closes"), self.state)
        data["audience_municipalities"] = list(data["audience_municipalities"])
        return data


def initial_for(event) -> dict:
    start, end = services.local(event), services.local(event, event.end)
    closes = services.local(event, event.registration_closes) if event.registration_closes else None
    return {
        **{
            f: getattr(event, f)
            for f in (
                "title",
                "type",
                "modality",
                "theme",
                "programme",
                "description",
                "workload_hours",
                "place",
                "url",
                "audience_roles",
                "capacity",
            )
        },
        "date": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "registration_closes": closes.replace(tzinfo=None) if closes else None,
        "audience_municipalities": list(event.audience_municipalities.values_list("pk", flat=True)),
        "axis": event.axis_id,
        "plan_entry": event.plan_entry_id,
        "phase": event.phase_id,
        "unit": event.unit_id,
    }


WEEKDAY_CHOICES = [
    ("MO", _("segunda-feira")),
    ("TU", _("terça-feira")),
    ("WE", _("quarta-feira")),
    ("TH", _("quinta-feira")),
    ("FR", _("sexta-feira")),
    ("SA", _("sábado")),
    ("SU", _("domingo")),
]
ORDINAL_CHOICES = [
    ("1", _("1ª")),
    ("2", _("2ª")),
    ("3", _("3ª")),
    ("4", _("4ª")),
    ("-1", _("última")),
]


@limit_long_texts
class SeriesForm(StateChoicesMixin, forms.Form):
    title = forms.CharField(label=_("Título da série"), max_length=200)
    description = forms.CharField(
        label=_("Descrição"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    type = forms.ChoiceField(
        label=_("Tipo dos episódios"), choices=EventType.choices, initial=EventType.WEBSERIE_EPISODE
    )
    theme = forms.CharField(
        label=_("Tema comum"),
        max_length=300,
        required=False,
        help_text=_(
            "Pode ficar em branco e ser definido por episódio (por exemplo, por uma escuta)."
        ),
    )
    frequency = forms.ChoiceField(
        label=_("Repetição"),
        widget=forms.RadioSelect,
        choices=[
            (series_services.WEEKLY, _("Semanal, no dia da semana escolhido")),
            (
                series_services.MONTHLY_WEEKDAY,
                _("Mensal, na semana e dia da semana escolhidos (ex.: 2ª quarta-feira)"),
            ),
            (series_services.MONTHLY_DAY, _("Mensal, no dia do mês escolhido")),
        ],
        initial=series_services.MONTHLY_WEEKDAY,
    )
    interval = forms.IntegerField(
        label=_("A cada"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("1 = toda semana ou todo mês; 2 = uma sim, outra não…"),
    )
    weekday = forms.ChoiceField(label=_("Dia da semana"), choices=WEEKDAY_CHOICES, required=False)
    ordinal = forms.ChoiceField(label=_("Semana do mês"), choices=ORDINAL_CHOICES, required=False)
    monthday = forms.IntegerField(label=_("Dia do mês"), min_value=1, max_value=31, required=False)
    first_date = forms.DateField(
        label=_("Primeira data"),
        widget=DateInput(),
        help_text=_("As datas da regra a partir desta; ela mesma entra se seguir a regra."),
    )
    until = forms.DateField(label=_("Até (data final)"), widget=DateInput(), required=False)
    count = forms.IntegerField(
        label=_("Ou número de episódios"),
        min_value=1,
        max_value=series_services.MAX_EPISODES,
        required=False,
    )
    start_time = forms.TimeField(label=_("Início"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Término"), widget=TimeInput())
    modality = forms.ChoiceField(
        label=_("Modalidade"), choices=Modality.choices, initial=Modality.ONLINE
    )
    workload_hours = forms.DecimalField(
        label=_("Carga horária de cada episódio (h)"), max_digits=5, decimal_places=1, min_value=0
    )
    place = forms.CharField(label=_("Local (endereço)"), max_length=300, required=False)
    url = forms.URLField(
        label=_("Link da transmissão"), max_length=500, required=False, assume_scheme="https"
    )
    axis = forms.ModelChoiceField(label=_("Eixo"), queryset=None, required=False)
    phase = forms.ModelChoiceField(label=_("Fase de programa"), queryset=None, required=False)
    capacity = forms.IntegerField(label=_("Vagas por episódio"), min_value=1, required=False)
    unit = forms.ModelChoiceField(label=_("Unidade responsável"), queryset=None)

    def __init__(self, *args, state, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_state(state, user)

    def series_data(self) -> dict:
        """The service's arguments; the rule is built here (its errors name these fields)."""
        data = dict(self.cleaned_data)
        ordinal = data.pop("ordinal")
        data["rrule"] = series_services.build_rrule(
            frequency=data.pop("frequency"),
            interval=data.pop("interval") or 1,
            weekday=data.pop("weekday") or "",
            ordinal=int(ordinal) if ordinal else None,
            monthday=data.pop("monthday"),
            until=data.pop("until"),
            count=data.pop("count"),
        )
        return data


class MoveForm(forms.Form):
    date = forms.DateField(label=_("Nova data"), widget=DateInput())
    start_time = forms.TimeField(label=_("Início"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Término"), widget=TimeInput())

    def moments(self, state) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["date"]
        return (
            services.local_datetime(state, day, self.cleaned_data["start_time"]),
            services.local_datetime(state, day, self.cleaned_data["end_time"]),
        )


@limit_long_texts
class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo do cancelamento"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vai no e-mail aos inscritos e fica na página do evento."),
    )


@limit_long_texts
class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("O que precisa mudar"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaFilterForm(forms.Form):
    """Filters of the public agenda (GET). Unknown values are ignored, never an error page."""

    uf = forms.ChoiceField(label=_("Estado"), required=False)
    type = forms.ChoiceField(label=_("Tipo"), required=False)
    modality = forms.ChoiceField(label=_("Modalidade"), required=False)
    axis = forms.ChoiceField(label=_("Eixo"), required=False)
    month = forms.CharField(
        label=_("Mês"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("AAAA-MM"),
    )
    program = forms.ChoiceField(label=_("Programa"), required=False)

    def __init__(self, *args, states, axes, programs, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Todos"))]
        self.fields["uf"].choices = every + [(s.uf.lower(), s.name) for s in states]
        self.fields["type"].choices = every + list(EventType.choices)
        self.fields["modality"].choices = every + list(Modality.choices)
        self.fields["axis"].choices = every + [
            (a.pk, f"{a.name} ({a.state.uf})" if len(states) > 1 else a.name) for a in axes
        ]
        self.fields["program"].choices = every + [(p.slug, p.name) for p in programs]

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Use o formato AAAA-MM.")) from None


STATUS_TABS = [
    ("", _("Todos")),
    (EventStatus.DRAFT, _("Rascunhos")),
    (EventStatus.IN_VALIDATION, _("No NEEP")),
    (EventStatus.RETURNED, _("Devolvidos")),
    (EventStatus.PUBLISHED, _("Publicados")),
    (EventStatus.CANCELLED, _("Cancelados")),
]


@limit_long_texts
class ParticipationForm(forms.Form):
    minutes = forms.CharField(
        label=_("Ata"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("O que foi tratado, as manifestações e os encaminhamentos."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizações que participaram"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organizações do cadastro da sociedade civil do estado do evento."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
