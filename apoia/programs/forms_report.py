"""The management report's GET form: the dashboard's filters plus the period (parse only; the
page and the API both read it, so a bad date gets the same Portuguese message in both)."""

import datetime as dt

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apoia.programs import queries_monitoring
from apoia.programs.forms_monitoring import MonitoringFilterForm
from apoia.programs.forms_plans import DateInput
from apoia.programs.report import MAX_YEARS, Period

# The API's parameter names for the form's fields (errors name the API's field).
API_FIELDS = {
    "phase": "fase",
    "start": "inicio",
    "end": "fim",
    "challenge": "desafio",
    "action": "acao",
    "unit": "unidade",
    "municipality": "municipio",
}
FORMATS = ("pdf", "xlsx")
# The presets by name (the API's `period`): the month, quarter or year of today.
PRESETS = {"month": Period.month_of, "quarter": Period.quarter_of, "year": Period.year_of}


class ReportForm(MonitoringFilterForm):
    inicio = forms.DateField(
        label=_("Início do período"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    fim = forms.DateField(
        label=_("Fim do período"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["ordem"]
        self.today = today
        month = Period.month_of(today)
        self.fields["inicio"].initial = month.start
        self.fields["fim"].initial = month.end

    def clean(self):
        data = super().clean()
        start, end = data.get("inicio"), data.get("fim")
        if "inicio" in self.errors or "fim" in self.errors:
            return data
        if start is None and end is None:
            month = Period.month_of(self.today)
            start, end = month.start, month.end
        elif start is None:
            self.add_error("inicio", _("Informe também o início do período."))
            return data
        elif end is None:
            self.add_error("fim", _("Informe também o fim do período."))
            return data
        period = Period(start, end)
        if end < start:
            self.add_error("fim", _("O fim do período não pode ser anterior ao início."))
        elif period.too_long():
            self.add_error(
                "fim",
                _("O período pode ter no máximo %(years)d anos.") % {"years": MAX_YEARS},
            )
        else:
            data["period"] = period
        return data

    def period(self) -> Period:
        return self.cleaned_data["period"]


def bound_data(query, phase, today: dt.date) -> dict:
    """The form's data from a query string: the phase shown and, when no date was given, the
    current month filled in (so the page shows the period it reports on)."""
    data = {key: query.get(key, "") for key in (*API_FIELDS.values(),)}
    data["fase"] = data["fase"] or phase.slug
    if not data["inicio"] and not data["fim"]:
        month = Period.month_of(today)
        data["inicio"], data["fim"] = month.start.isoformat(), month.end.isoformat()
    return data


def report_form(scope, query, today):
    """(phase, form) for a query string: an unknown phase is the form's error, shown against
    the current phase's choices."""
    program = scope.program
    phase = queries_monitoring.phase_or_current(program, query.get("fase", ""))
    if phase is None:
        phase = queries_monitoring.phase_or_current(program)
    if phase is None:
        raise Http404  # a program without phases has nothing to report yet
    form = ReportForm(
        bound_data(query, phase, today),
        phases=list(program.phases.all()),
        phase=phase,
        choices=queries_monitoring.filter_choices(scope, phase),
        today=today,
    )
    return phase, form
