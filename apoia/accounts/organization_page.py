"""Sections that apps add to an organization's page in the registry (society), without
importing one another: `society` renders the page, the agenda adds the events the
organization took part in, and so on. Mirrors `apoia.territory.profile`."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class OrganizationSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


SectionBuilder = Callable[..., OrganizationSection | None]
_builders: list[SectionBuilder] = []


def register_section(builder: SectionBuilder) -> SectionBuilder:
    """`builder(organization, user)` returns an OrganizationSection, or None to show nothing."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def sections_for(organization, user) -> list[OrganizationSection]:
    found = [builder(organization, user) for builder in _builders]
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
