"""How the apps above followup name and link the sources of their tasks, without followup
importing them: `register_source(Model, label=…, url=…)` in the app's `followup_hooks`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SourceKind:
    label: Callable  # source → str
    url: Callable | None = None  # source → str | None


_kinds: dict[str, SourceKind] = {}


def _key(model) -> str:
    return model._meta.label_lower


def register_source(model, *, label: Callable, url: Callable | None = None) -> None:
    _kinds[_key(model)] = SourceKind(label, url)


def describe(task) -> dict:
    """{"label", "url"} of what the task came from; an unregistered source gets a plain name."""
    if not task.source_type_id:
        return {"label": "", "url": None}
    source = task.source
    if source is None:
        return {"label": _("(origem removida)"), "url": None}
    kind = _kinds.get(_key(type(source)))
    if kind is None:
        return {"label": str(source), "url": None}
    return {"label": kind.label(source), "url": kind.url(source) if kind.url else None}
