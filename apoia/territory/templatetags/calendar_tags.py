"""Dates written as the calendar page writes them."""

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

register = template.Library()


@register.filter
def weekday(value, pattern: str = "l") -> str:
    """`value|date:pattern`, its weekday name in the case of the active language's prose:
    "quinta-feira" in Portuguese, where Django's own names are capitalized ("Quinta-feira")
    as if they began a sentence; "Thursday" in English."""
    if not value:
        return ""
    text = dateformat.format(value, pattern)
    if (get_language() or "").startswith("pt"):
        name = dateformat.format(value, "l")
        text = text.replace(name, name.lower())
    return text
