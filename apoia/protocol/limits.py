"""How much a person may type or send into the request pipeline.

The numbers live here and nowhere else: the models' column sizes, the forms' `maxlength` and
counters, the API's OpenAPI `maxLength` and Django's upload settings read them, and the services
enforce them (`enforce` / `length_errors`), so the web, the API and Open311 answer the same
message for the same text. Kept free of Django imports: `apoia/settings.py` reads it.
"""

MB = 1024 * 1024

# What the requester types when filing.
SUBJECT = 200
DESCRIPTION = 10_000
SUGGESTED_DATES = 300
SUGGESTED_AGENDA = 5_000
NAME = 150
EMAIL = 254
# A CPF or CNPJ as typed, punctuation included ("12.345.678/0001-95" has 18 characters).
DOCUMENT = 20
PHONE = 40
ORGANIZATION_NAME = 200
ADDRESS = 250

# Everything written during handling: justifications, reasons, summaries, messages, outcomes,
# appeals. Long enough for a reasoned administrative decision, short of a whole document
# (which goes as an attachment).
TEXT = 10_000
# The requester's comment on the rating.
COMMENT = 2_000

# Files: each one, all of one submission or message together, and how many at once.
FILE_BYTES = 10 * MB
ATTACHMENTS_BYTES = 25 * MB
FILES = 10


def text_length(text: str) -> int:
    """Characters as the person typing sees them: browsers send a line break as "\\r\\n" but
    count it (and `maxlength` stops it) as one."""
    return len(text.replace("\r\n", "\n"))


def char_limit(field, limit: int, *, counter: bool = True):
    """Shows `limit` on a form field: the browser's `maxlength` and, for free text, a live
    counter (includes/field.html, apoia/static/apoia/counter.js). Only shows: the service
    enforces it, with the same message on every surface."""
    field.widget.attrs["maxlength"] = str(limit)
    field.char_limit = limit if counter else None
    return field


def limit_long_texts(form_class=None, *, limit: int = TEXT):
    """Class decorator: every Textarea field of the form without a limit gets `limit` (the
    browser's maxlength, the counter and a validator), so free text is bounded even in forms
    whose model column is an unbounded TextField."""
    from django.core.validators import MaxLengthValidator
    from django.forms import Textarea

    def apply(cls):
        for field in cls.base_fields.values():
            if isinstance(field.widget, Textarea) and not getattr(field, "char_limit", None):
                bound = getattr(field, "max_length", None) or limit
                field.max_length = bound
                field.validators.append(MaxLengthValidator(bound))
                char_limit(field, bound)
        return cls

    return apply(form_class) if form_class is not None else apply


def length_errors(fields: dict[str, tuple[str | None, int]]) -> dict[str, list[str]]:
    """{field path: [message]} for each text over its limit; `fields` maps a path to
    (text, limit)."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    errors = {}
    for path, (text, limit) in fields.items():
        count = text_length(text or "")
        if count > limit:
            errors[path] = [
                _("Use no máximo %(limit)s caracteres (o texto tem %(count)s).")
                % {
                    "limit": number_format(limit, force_grouping=True),
                    "count": number_format(count, force_grouping=True),
                }
            ]
    return errors


def enforce(fields: dict[str, tuple[str | None, int]]) -> None:
    """Raises the ValidationError of `length_errors`, keyed by field, when there is one."""
    errors = length_errors(fields)
    if errors:
        from django.core.exceptions import ValidationError

        raise ValidationError(errors)
