import datetime as dt

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.accounts.documents import format_cnpj

register = template.Library()


@register.filter
def duration(value: dt.timedelta) -> str:
    """A waiting time in words: "15 minutos", "1 hora e 30 minutos"."""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hora", "%(n)d horas", hours) % {"n": hours})
    if minutes:
        parts.append(ngettext("%(n)d minuto", "%(n)d minutos", minutes) % {"n": minutes})
    return _(" e ").join(parts)


@register.filter
def cnpj(value: str) -> str:
    return format_cnpj(value)
