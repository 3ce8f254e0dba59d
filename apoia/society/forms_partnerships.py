"""Forms of MROSC partnerships: the staff's lifecycle forms and the lists' filters.

The forms only read and convert what was typed; the rules (required dates, order of dates,
allowed transitions) are the services' (apoia.society.services_partnerships)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.protocol.limits import limit_long_texts
from apoia.society.models.partnerships import (
    Opinion,
    Partnership,
    PartnershipStatus,
    ReportKind,
    SelectionMode,
    TermKind,
)
from apoia.society.queries_partnerships import by_organization

# "180.000,00", "180000,00", "R$ 1.500", and "180000.00" (a single dot before 1–2 digits).
BRAZILIAN = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$")
PLAIN = re.compile(r"^\d+\.\d{1,2}$")


def parse_money(text: str) -> Decimal | None:
    """Reais typed the Brazilian way ("180.000,00"); None when empty; ValueError if unreadable."""
    text = (text or "").replace("R$", "").replace(" ", "").replace("\u00a0", "").strip()
    if not text:
        return None
    if PLAIN.match(text):
        return Decimal(text)
    if not BRAZILIAN.match(text):
        raise ValueError(text)
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise ValueError(text) from exc


class MoneyField(forms.Field):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Em reais, por exemplo 180.000,00."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 24})

    def to_python(self, value):
        try:
            return parse_money(str(value or "")[:40])
        except ValueError:
            raise forms.ValidationError(
                _("Valor inválido; use o formato 180.000,00."), code="invalid"
            ) from None


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        **kwargs,
    )


@limit_long_texts
class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    object = _text(_("Objeto"), 4000)
    unit = forms.ModelChoiceField(label=_("Unidade responsável"), queryset=None)
    term_kind = forms.ChoiceField(label=_("Instrumento"), choices=TermKind.choices)
    selection_mode = forms.ChoiceField(
        label=_("Forma de seleção"), choices=SelectionMode.choices, widget=forms.RadioSelect
    )
    call_number = forms.CharField(
        label=_("Número do edital"),
        max_length=60,
        required=False,
        help_text=_("Só no chamamento público."),
    )
    call_published_on = DateField(label=_("Publicação do edital"), required=False)
    proposals_until = DateField(label=_("Propostas até"), required=False)
    exemption_justification = _text(
        _("Justificativa da dispensa ou inexigibilidade"),
        4000,
        required=False,
        help_text=_("Obrigatória quando não há chamamento público."),
    )
    process_number = forms.CharField(
        label=_("Processo administrativo"), max_length=60, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk


class SelectionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organização selecionada"),
        queryset=None,
        help_text=_("Organizações do cadastro do estado da parceria."),
    )
    result_published_on = DateField(label=_("Resultado publicado em"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: (
            f"{o.name} — {o.municipality.name}/{o.municipality.state.uf}"
        )


@limit_long_texts
class TermForm(forms.Form):
    term_number = forms.CharField(label=_("Número do termo"), max_length=60)
    signed_on = DateField(label=_("Assinado em"))
    value = MoneyField(label=_("Valor global (R$)"))
    starts_on = DateField(label=_("Início da vigência"))
    ends_on = DateField(label=_("Fim da vigência"))
    goals = _text(
        _("Metas do plano de trabalho"),
        6000,
        help_text=_("Uma meta por linha (até 300 caracteres)."),
    )

    def clean_goals(self):
        return [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]


@limit_long_texts
class AmendmentForm(forms.Form):
    signed_on = DateField(label=_("Assinado em"))
    description = _text(_("O que o aditivo altera"), 4000)
    new_ends_on = DateField(
        label=_("Nova data de fim da vigência"), required=False, help_text=_("Se prorroga.")
    )
    new_value = MoneyField(label=_("Novo valor global (R$)"), required=False)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=ReportKind.choices)
    period_label = forms.CharField(
        label=_("Período"), max_length=100, help_text=_("Por exemplo: 1º semestre de 2026.")
    )
    due_on = DateField(label=_("Prazo de entrega"))
    is_final = forms.BooleanField(label=_("Prestação de contas final"), required=False)


class ReceiptForm(forms.Form):
    received_on = DateField(label=_("Recebido em"))


@limit_long_texts
class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Parecer técnico"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    opinion_text = _text(_("Fundamentação"), 8000)
    opinion_on = DateField(label=_("Data do parecer"))


@limit_long_texts
class ClosureForm(forms.Form):
    closed_on = DateField(label=_("Encerrada em"))
    closing_note = _text(_("Termo de encerramento"), 4000, required=False)


@limit_long_texts
class CancellationForm(forms.Form):
    closed_on = DateField(label=_("Cancelada em"))
    reason = _text(_("Motivo do cancelamento"), 4000)


UNKNOWN_STATUS = _("Situação desconhecida.")


class FilterForm(forms.Form):
    """The lists' filters: a value that is not one of the choices is an error on its field
    (the API answers 422 naming it), never silently dropped."""

    status = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Todas")), *PartnershipStatus.choices],
        error_messages={"invalid_choice": UNKNOWN_STATUS},
    )
    term_kind = forms.ChoiceField(
        label=_("Instrumento"),
        required=False,
        choices=[("", _("Todos")), *TermKind.choices],
        error_messages={"invalid_choice": _("Instrumento desconhecido.")},
    )


class PublicFilterForm(FilterForm):
    uf = forms.RegexField(
        label=_("UF"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        required=False,
        error_messages={"invalid": _("Informe a sigla do estado, por exemplo MS.")},
    )
    organization = forms.CharField(
        label=_("Organização (id ou CNPJ)"), max_length=20, required=False
    )

    def clean_organization(self):
        key = self.cleaned_data["organization"].strip()
        if key:
            try:
                by_organization(Partnership.objects.none(), key)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return key


class StaffFilterForm(FilterForm):
    q = forms.CharField(label=_("Título ou número do termo"), max_length=100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unidade"), queryset=None, required=False, empty_label=_("Minhas unidades")
    )
    late = forms.BooleanField(label=_("Só com relatórios atrasados"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _("Unidade desconhecida.")
