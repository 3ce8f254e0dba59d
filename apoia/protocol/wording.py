"""The words the protocol pages use for a request, which depend on what it is and to whom it goes.

- Ombudsman manifestations and access-to-information requests (`OMBUDSMAN_KINDS`) have their
  own vocabulary (Lei 13.460/2017): a "manifestação" (feminine: "recebida", "acolhida"), handled
  by the ouvidoria's "ouvidor(a)", which "acolhe" it; never "o pedido", "o técnico" or "aceitar".
- Portuguese contracts the preposition with the article of a unit's name: "à Subsecretaria",
  "ao Núcleo", "da Coordenadoria", "do Departamento". The article follows the grammatical gender
  of the name's first word (`unit_gender`).

Kept free of model imports (models ask it for labels), so it takes kinds and names, not rows.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

OMBUDSMAN_KINDS = ("ombudsman", "information_request")

# Nouns that name units and do not follow the ending rule below. Compared without accents.
_MASCULINE_EXCEPTIONS = frozenset({"programa", "sistema", "comite", "conselho"})
_FEMININE_EXCEPTIONS = frozenset({"comissao"})
_FEMININE_ENDINGS = ("a", "cao", "sao", "dade", "gem", "encia", "ancia")
_ACCENTS = str.maketrans("áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇ", "aaaaeeiooouucAAAAEEIOOOUUC")


def is_manifestation(kind: str) -> bool:
    """An ombudsman manifestation or an LAI request: its own vocabulary on every page."""
    return kind in OMBUDSMAN_KINDS


def unit_gender(name: str) -> str:
    """ "f" or "m": the gender of a unit's name, from its first word ("Secretaria-Executiva de…"
    is a Secretaria). Nouns in -a, -ção, -são, -dade, -gem, -ência are feminine (Secretaria,
    Subsecretaria, Coordenadoria, Ouvidoria, Superintendência, Comissão); the others are
    masculine (Núcleo, Departamento, Centro, Gabinete), with the few exceptions listed."""
    words = re.split(r"[\s\-–]+", name.strip(), maxsplit=1)
    first = words[0].translate(_ACCENTS).lower() if words and words[0] else ""
    if first in _MASCULINE_EXCEPTIONS:
        return "m"
    if first in _FEMININE_EXCEPTIONS or first.endswith(_FEMININE_ENDINGS):
        return "f"
    return "m"


def forwarded_to(unit_name: str) -> str:
    """The timeline's "Encaminhado à Subsecretaria …" / "Encaminhado ao Núcleo …": a msgid,
    translated by the caller in the site's language (timeline texts are records)."""
    if unit_gender(unit_name) == "f":
        return gettext_noop("Encaminhado à %(unit)s.")
    return gettext_noop("Encaminhado ao %(unit)s.")


def rerouted_between(old_name: str, new_name: str) -> str:
    """The timeline's "Redirecionado da … para a …" (a msgid): the four contractions."""
    key = unit_gender(old_name) + unit_gender(new_name)
    return {
        "ff": gettext_noop("Redirecionado da %(old)s para a %(new)s. Motivo: %(reason)s"),
        "fm": gettext_noop("Redirecionado da %(old)s para o %(new)s. Motivo: %(reason)s"),
        "mf": gettext_noop("Redirecionado do %(old)s para a %(new)s. Motivo: %(reason)s"),
        "mm": gettext_noop("Redirecionado do %(old)s para o %(new)s. Motivo: %(reason)s"),
    }[key]


# Status labels of a manifestation, where they differ from a request's (feminine, "acolhida",
# "ouvidor(a)" instead of "técnico").
MANIFESTATION_STATUS = {
    "received": pgettext_lazy("manifestação", "Recebida"),
    "accepted": _("Acolhida, aguardando ouvidor(a)"),
    "refused": pgettext_lazy("manifestação", "Não acolhida"),
    "concluded": pgettext_lazy("manifestação", "Concluída"),
}

# Timeline labels of a manifestation, where they differ from a request's.
MANIFESTATION_EVENTS = {
    "submitted": _("Manifestação recebida"),
    "routed": _("Encaminhada à unidade"),
    "rerouted": pgettext_lazy("manifestação", "Redirecionada"),
    "accepted": pgettext_lazy("manifestação", "Acolhida"),
    "refused": pgettext_lazy("manifestação", "Não acolhida"),
    "assigned": _("Ouvidor(a) designado(a)"),
    "concluded": pgettext_lazy("manifestação", "Concluída"),
    "reopened": pgettext_lazy("manifestação", "Reaberta"),
}


def status_label(kind: str, status: str, default: str) -> str:
    if is_manifestation(kind) and status in MANIFESTATION_STATUS:
        return str(MANIFESTATION_STATUS[status])
    return default


def event_label(kind: str, event_kind: str, default: str) -> str:
    if is_manifestation(kind) and event_kind in MANIFESTATION_EVENTS:
        return str(MANIFESTATION_EVENTS[event_kind])
    return default


def noun(kind: str) -> str:
    """ "Pedido" or "Manifestação", capitalized, for titles ("Manifestação 50002.…")."""
    return str(_("Manifestação") if is_manifestation(kind) else _("Pedido"))
