"""Sections that apps above `indicators` add to a municipality's profile page.

The profile lives in `indicators`, which may depend on `territory` only; protocol, programs
and the agenda register a section here instead, and the page renders whatever is registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ProfileSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)


SectionBuilder = Callable[..., ProfileSection | None]
_builders: list[SectionBuilder] = []


def register_section(builder: SectionBuilder) -> SectionBuilder:
    """`builder(municipality, user)` returns a ProfileSection, or None to show nothing."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def sections_for(municipality, user) -> list[ProfileSection]:
    found = (builder(municipality, user) for builder in _builders)
    return [section for section in found if section is not None]
