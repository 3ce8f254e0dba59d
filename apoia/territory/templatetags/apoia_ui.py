"""Template helpers of the site shell (`{% load apoia_ui %}`): pagination and form rendering."""

from django import template
from django.contrib import messages
from django.core.paginator import Page
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with `page` set to `number`, every other parameter kept."""
    request = context.get("request")
    if request is None:
        return f"?page={number}"
    params = request.GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


@register.simple_tag
def page_window(page_obj: Page, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current one, with `Paginator.ELLIPSIS` where pages are skipped."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.filter
def has_required_fields(form) -> bool:
    """True when a visible field of `form` is required (the form then explains the marker)."""
    return any(field.field.required for field in form.visible_fields())


_MESSAGE_STYLES = {
    messages.ERROR: ("danger", "fa-times-circle", "alert", _("Erro.")),
    messages.WARNING: ("warning", "fa-exclamation-triangle", "alert", _("Atenção.")),
    messages.SUCCESS: ("success", "fa-check-circle", "status", _("Sucesso.")),
    messages.INFO: ("info", "fa-info-circle", "status", _("Informação.")),
}


@register.filter
def message_style(message) -> dict:
    """gov.br DS class, icon, ARIA role and title of a `django.contrib.messages` message."""
    css, icon, role, title = _MESSAGE_STYLES.get(message.level, _MESSAGE_STYLES[messages.INFO])
    return {"css": css, "icon": icon, "role": role, "title": title}


@register.filter
def fields_with_errors(fields) -> list:
    """The bound fields among `fields` that have errors (for a form's error summary)."""
    return [field for field in fields if field.errors]
