"""What apps above protocol add to its pipeline for a kind of service, without protocol
importing them (the dependency order points one way).

- A *submission page* replaces the generic form for a kind (e.g. programs' adhesion form,
  which asks for the phase and the focal points): `url_builder(service)` returns its URL, or
  None to keep the generic form; `api_builder(service)`, its API endpoint. A service with such
  a page may only be filed through it: the generic submission would miss what the page asks,
  so `submit_request` refuses it (`generic_submission_refusal`) unless its own page files it.
- An *acceptance handler* runs inside the decision's transaction when a request of that kind is
  accepted; whatever it raises undoes the decision, so the request stays undecided.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

_submission_pages: dict[str, tuple[Callable, Callable | None]] = {}
_acceptance_handlers: dict[str, list[Callable]] = {}


def register_submission_page(
    kind: str, url_builder: Callable, api_builder: Callable | None = None
) -> None:
    _submission_pages[kind] = (url_builder, api_builder)


def submission_page_for(service) -> str | None:
    builder, _api = _submission_pages.get(service.kind, (None, None))
    return builder(service) if builder is not None else None


def generic_submission_refusal(service) -> str | None:
    """Why the generic submission (web form, API, Open311) may not file `service`, or None."""
    builder, api_builder = _submission_pages.get(service.kind, (None, None))
    page = builder(service) if builder is not None else None
    if page is None:
        return None
    api = api_builder(service) if api_builder is not None else None
    if api is None:
        return _("Este serviço tem formulário próprio: faça o pedido em %(page)s.") % {"page": page}
    return _(
        "Este serviço tem formulário próprio: faça o pedido em %(page)s ou, pela API, com "
        "POST %(api)s."
    ) % {"page": page, "api": api}


def register_acceptance_handler(kind: str, handler: Callable) -> None:
    """`handler(req, *, by)`; registering the same function twice keeps one."""
    handlers = _acceptance_handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def run_acceptance_handlers(req, *, by) -> None:
    for handler in _acceptance_handlers.get(req.service.kind, ()):
        handler(req, by=by)
