"""What apps above protocol add to its pipeline for a kind of service, without protocol
importing them (the dependency order points one way).

- A *submission page* replaces the generic form for a kind (e.g. programs' adhesion form,
  which asks for the phase and the focal points): `url_builder(service)` returns its URL, or
  None to keep the generic form.
- An *acceptance handler* runs inside the decision's transaction when a request of that kind is
  accepted; whatever it raises undoes the decision, so the request stays undecided.
"""

from collections.abc import Callable

_submission_pages: dict[str, Callable] = {}
_acceptance_handlers: dict[str, list[Callable]] = {}


def register_submission_page(kind: str, url_builder: Callable) -> None:
    _submission_pages[kind] = url_builder


def submission_page_for(service) -> str | None:
    builder = _submission_pages.get(service.kind)
    return builder(service) if builder is not None else None


def register_acceptance_handler(kind: str, handler: Callable) -> None:
    """`handler(req, *, by)`; registering the same function twice keeps one."""
    handlers = _acceptance_handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def run_acceptance_handlers(req, *, by) -> None:
    for handler in _acceptance_handlers.get(req.service.kind, ()):
        handler(req, by=by)
