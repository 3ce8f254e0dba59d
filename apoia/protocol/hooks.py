"""What apps above protocol add to its pipeline for a kind of service, without protocol
importing them (the dependency order points one way).

- A *submission page* replaces the generic form for a kind (e.g. programs' adhesion form,
  which asks for the phase and the focal points): `url_builder(service)` returns its URL, or
  None to keep the generic form; `api_builder(service)`, its API endpoint. A service with such
  a page may only be filed through it: the generic submission would miss what the page asks,
  so `submit_request` refuses it (`generic_submission_refusal`) unless its own page files it.
- An *acceptance handler* runs inside the decision's transaction when a request of that kind is
  accepted; whatever it raises undoes the decision, so the request stays undecided.
- A *digest section* adds lines to the daily reminder e-mail (see the end of this module).
- A *linked panel* shows, on a request's page, what an app made of the request (the agenda's
  appointment a booking filed): `builder(req, user)` returns a `LinkedPanel` or None.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

logger = logging.getLogger("apoia.notifications")

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


# --- sections of the daily reminder e-mail -----------------------------------------------------
#
# `apoia remind` sends each person ONE e-mail a day. Apps above protocol add their lines to it:
# a section's `collect(today)` claims its items for today (so a second run sends nothing) and
# returns {person id: payload}, the payload JSON-able ids only (the e-mail task takes ids);
# `render(payload, today)`, called when the e-mail is built, returns its groups of lines,
# [(heading, [line, …])]. A section that fails is logged and left out: the requests' reminders,
# already claimed, still go.


@dataclass(frozen=True)
class DigestSection:
    key: str
    collect: Callable  # (today) -> {person id: payload}
    render: Callable  # (payload, today) -> [(heading, [line, …])]


_digest_sections: dict[str, DigestSection] = {}


def claim_alerts(rows, field: str, today):
    """The rows whose alert this run claims, in order: each row's date `field` is set to
    `today` only if it was still empty, so a row another run (or another process) claimed
    first is skipped and every alert goes once."""
    for row in rows:
        model = type(row)
        if model.objects.filter(pk=row.pk, **{f"{field}__isnull": True}).update(**{field: today}):
            yield row


def register_digest_section(section: DigestSection) -> None:
    """Registering the same key again replaces it (one section per key)."""
    _digest_sections[section.key] = section


def collect_digest_sections(today) -> dict[int, dict]:
    """{person id: {section key: payload}} of every registered section, for `today`."""
    found: dict[int, dict] = {}
    for key, section in sorted(_digest_sections.items()):
        try:
            per_person = section.collect(today)
        except Exception:  # noqa: BLE001 - one app's failure must not stop the others' lines
            logger.exception("Digest section %s failed to collect", key)
            continue
        for person, payload in per_person.items():
            if payload:
                found.setdefault(person, {})[key] = payload
    return found


def render_digest_sections(payloads: dict, today) -> list[tuple[str, list[str]]]:
    """The groups of lines of one person's sections, in the order of their keys."""
    groups: list[tuple[str, list[str]]] = []
    for key in sorted(payloads):
        section = _digest_sections.get(key)
        if section is not None:
            groups += [(h, lines) for h, lines in section.render(payloads[key], today) if lines]
    return groups


# --- what apps made of a request, on its page ----------------------------------------------


@dataclass(frozen=True)
class LinkedPanel:
    title: str
    # (label, value) rows; `url`, when given, is where the whole thing is managed.
    rows: tuple[tuple[str, str], ...]
    url: str = ""
    link_label: str = ""


_linked_panels: list[Callable] = []


def register_linked_panel(builder: Callable) -> None:
    if builder not in _linked_panels:
        _linked_panels.append(builder)


def linked_panels(req, user) -> list[LinkedPanel]:
    panels = []
    for builder in _linked_panels:
        try:
            panel = builder(req, user)
        except Exception:  # noqa: BLE001 - another app's failure must not break the request page
            logger.exception("Linked panel %s failed", getattr(builder, "__name__", builder))
            continue
        if panel is not None:
            panels.append(panel)
    return panels
