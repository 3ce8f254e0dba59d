"""Template helpers of the site shell (`{% load apoia_ui %}`): pagination and form rendering."""

from django import template
from django.core.paginator import Page

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
