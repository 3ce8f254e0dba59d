"""Input no page or endpoint should have to think about: NUL characters, JSON nested past any
real document, bodies over the upload limits, unreadable multipart.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"), so a
NUL reaching any query or insert is a 500 with nothing useful to tell the caller; no real
text contains one. Django's parsers raise their own English errors for oversized bodies. Here
each becomes a `RejectedInput` naming the field, with the status to answer; `apoia.bad_requests`
turns it into the JSON, Open311 or HTML answer of the surface asked. This module knows no app.
"""

import json

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NUL = "\x00"
# The deepest document the API reads has three levels; 32 leaves room for any honest client
# and keeps json.loads far from Python's recursion limit, which it would otherwise hit (a
# RecursionError, a 500) on a body of 100 000 "[".
MAX_JSON_DEPTH = 32


class RejectedInput(BadRequest):
    """A request refused before any view reads it; `field` is the path the caller wrote."""

    def __init__(self, field: str, message: str, *, status: int = 400, detail: str = ""):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status
        self.detail = detail or _("Dados inválidos.")


def shown(name: str) -> str:
    """A field name fit to print: the NUL it may contain, written as \\0."""
    return name.replace(NUL, "\\0")


def nul_rejected(field: str) -> RejectedInput:
    return RejectedInput(
        shown(field),
        _("O campo “%(field)s” contém um caractere nulo (U+0000), que não é aceito.")
        % {"field": shown(field)},
    )


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1 if size % (1024 * 1024) else 0)


def rejected_from(exc: Exception) -> RejectedInput | None:
    """Django's own refusals of a body (too big, too many parts, unreadable) as RejectedInput."""
    if isinstance(exc, RejectedInput):
        return exc
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return RejectedInput(
            "body",
            _(
                "A requisição passa do limite de %(size)s MB de dados (sem contar os arquivos "
                "anexados)."
            )
            % {"size": _megabytes(limit)},
            status=413,
            detail=_("Requisição grande demais."),
        )
    if isinstance(exc, TooManyFilesSent):
        return RejectedInput(
            "attachments",
            _("Envie no máximo %(count)s arquivos de cada vez.")
            % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
            status=422,
            detail=_("Arquivos demais."),
        )
    if isinstance(exc, TooManyFieldsSent):
        return RejectedInput(
            "body",
            _("A requisição tem mais de %(count)s campos.")
            % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
            status=422,
            detail=_("Campos demais."),
        )
    if isinstance(exc, MultiPartParserError | UnreadablePostError):
        return RejectedInput("body", _("O corpo da requisição não pôde ser lido."))
    return None


def _first_nul(data) -> str | None:
    """The first key of a QueryDict/MultiValueDict whose name or any value holds a NUL."""
    for key, values in data.lists():
        if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
            return key
    return None


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def check_request(request) -> None:
    """Raises RejectedInput for a NUL in the path, a cookie, the query string or a form field,
    or for a body Django refuses to parse (over the limits, malformed).

    Reading the body here, before any view, means Django's refusals surface in one place and
    never half-way through a view (or as ninja's "Cannot parse request body").
    """
    if NUL in request.path_info:
        raise RejectedInput(
            "path", _("O endereço contém um caractere nulo (U+0000), que não é aceito.")
        )
    # A session key with a NUL would reach the session table's query.
    for name, value in request.COOKIES.items():
        if NUL in name or NUL in value:
            raise nul_rejected(name)
    try:
        field = _first_nul(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            field = field or _first_nul(request.POST)
            field = field or next((key for key in request.FILES if NUL in key), None)
        elif request.method in ("POST", "PUT", "PATCH", "DELETE"):
            request.body  # noqa: B018 (reading it applies DATA_UPLOAD_MAX_MEMORY_SIZE)
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
        request._mark_post_parse_error()
        raise rejected_from(exc) from exc
    except (MultiPartParserError, UnreadablePostError) as exc:
        raise rejected_from(exc) from exc
    if field is not None:
        raise nul_rejected(field)


# --- JSON ------------------------------------------------------------------------------------


def _too_deep(source: str) -> RejectedInput:
    return RejectedInput(
        source,
        _("O JSON passa de %(depth)s níveis de listas e objetos um dentro do outro.")
        % {"depth": MAX_JSON_DEPTH},
    )


def _check_tree(data, source: str) -> None:
    """Depth and NUL of a parsed document, walked without recursion."""
    pending = [(data, (), 0)]
    while pending:
        node, path, depth = pending.pop()
        if isinstance(node, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _too_deep(source)
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if isinstance(key, str) and NUL in key:
                    raise nul_rejected(".".join((*path, key)))
                pending.append((value, (*path, str(key)), depth + 1))
        elif isinstance(node, str) and NUL in node:
            raise nul_rejected(".".join(path) or source)


def load_json(raw: bytes | str, *, source: str = "body"):
    """The parsed document; RejectedInput (400) when it is nested deeper than MAX_JSON_DEPTH or
    holds a NUL (named by its path, e.g. "requester.name"), ValueError when it is no JSON.
    `source` names the whole body: "body", or the multipart field "payload"."""
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise _too_deep(source) from exc
    _check_tree(data, source)
    return data
