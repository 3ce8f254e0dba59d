"""What includes/field.html asks of a field beyond its BoundField (`{% load apoia_forms %}`)."""

from django import forms, template

register = template.Library()


@register.filter
def counter_limit(field) -> int | None:
    """The limit a field's live counter shows: the one `char_limit` set, or, for a long text
    built without it, its `maxlength` (a limit nobody sees until the typing stops is a trap)."""
    limit = getattr(field.field, "char_limit", None)
    if limit:
        return limit
    if field.widget_type == "textarea" and not hasattr(field.field, "char_limit"):
        maxlength = str(field.field.widget.attrs.get("maxlength", ""))
        if maxlength.isdigit() and maxlength.isascii():
            return int(maxlength)
    return None


@register.filter
def is_upload(field) -> bool:
    """A file field that gets the gov.br DS upload component: every file input, except a
    clearable one already holding a file (Django's "Atualmente… Limpar" widget is kept)."""
    widget = field.field.widget
    if not isinstance(widget, forms.FileInput):
        return False
    if not isinstance(widget, forms.ClearableFileInput):
        return True
    value = field.value()
    return not (value and getattr(value, "url", None))


@register.filter
def allows_many(field) -> bool:
    return bool(getattr(field.field.widget, "allow_multiple_selected", False))
