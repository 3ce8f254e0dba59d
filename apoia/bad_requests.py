"""Requests the site refuses to read, answered in the language of the surface that was asked:
the JSON errors of /api/ (`{"detail", "errors": [{"field", "message"}]}`), Open311's error list
(JSON or XML) under /open311/, and a Portuguese page everywhere else.

The checks live in `apoia.lib.hostile_input`, which knows no app; the answers live here, at the
project's level, next to `urls.py`, because only this level knows every surface. Two ways in,
one answer: the middleware refuses what it finds before any view runs, and `bad_request`
(`handler400`) answers Django's own 400s (an oversized body a view read itself, a bad Host).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apoia.api.errors import rejected_body
from apoia.lib.hostile_input import RejectedInput, check_request, rejected_from


def rejected_response(request, rejected: RejectedInput):
    path = request.path_info
    if path.startswith("/api/"):
        return JsonResponse(rejected_body(rejected), status=rejected.status)
    if path.startswith("/open311/"):
        from apoia.api.open311 import _errors

        fmt = "xml" if path.endswith(".xml") else "json"
        return _errors(fmt, rejected.status, f"{rejected.field}: {rejected.message}")
    context = {"status": rejected.status, "title": rejected.detail, "message": rejected.message}
    return render(request, "400.html", context, status=rejected.status)


class HostileInputMiddleware:
    """Refuses NUL characters and unparseable or oversized bodies before any view runs (see
    `apoia.lib.hostile_input.check_request`). After LocaleMiddleware, so the answer speaks the
    caller's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except RejectedInput as rejected:
            return rejected_response(request, rejected)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: Django's refusals (body over the limits, malformed multipart, a Host not
    allowed...) in the surface's language instead of Django's English page."""
    rejected = rejected_from(exception) if exception is not None else None
    if rejected is None:
        rejected = RejectedInput(
            "request", _("A requisição não pôde ser entendida."), detail=_("Requisição inválida.")
        )
    return rejected_response(request, rejected)
