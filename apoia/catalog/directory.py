"""The public directory ("Fale com a gente"): every org unit with its contacts, the themes it
answers for and the services it offers. The web page and the API both read `directory`."""

from dataclasses import dataclass

from django.db.models import Prefetch

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.catalog.search import fold


@dataclass(frozen=True)
class DirectoryEntry:
    unit: OrgUnit
    emails: tuple[str, ...]
    themes: tuple
    services: tuple


def _emails(unit: OrgUnit) -> tuple[str, ...]:
    others = [e.strip() for e in unit.other_emails.replace(";", ",").split(",") if e.strip()]
    return tuple(e for e in [unit.email, *others] if e)


def _matches_theme(unit: OrgUnit, theme: str) -> bool:
    """A theme is matched by its slug, or by a part of its name, accents and case ignored."""
    wanted = fold(theme).strip()
    return any(t.slug == theme.strip() or wanted in fold(t.name) for t in unit.themes.all())


def _matches_text(unit: OrgUnit, words: list[str]) -> bool:
    haystack = fold(
        " ".join([unit.name, unit.acronym, unit.description, *(t.name for t in unit.themes.all())])
    )
    return all(word in haystack for word in words)


def directory(*, theme: str = "", q: str = "", uf: str = "") -> list[DirectoryEntry]:
    """The units, in the order of the state and their name; `theme` keeps those answering for
    it, `q` those whose name, acronym, duties or themes hold every word."""
    units = OrgUnit.objects.select_related("state", "parent").prefetch_related(
        "themes",
        Prefetch(
            "services",
            queryset=Service.objects.published().order_by("name"),
            to_attr="public_services",
        ),
    )
    if uf:
        units = units.filter(state__uf=uf.upper())
    words = fold(q).split()
    found = []
    for unit in units:
        if theme and not _matches_theme(unit, theme):
            continue
        if words and not _matches_text(unit, words):
            continue
        found.append(
            DirectoryEntry(
                unit=unit,
                emails=_emails(unit),
                themes=tuple(unit.themes.all()),
                services=tuple(unit.public_services),
            )
        )
    return found
