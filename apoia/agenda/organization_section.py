"""The agenda's section of an organization's page (accounts.organization_page registry): the
hearings, forums and other public events it took part in."""

from django.utils.translation import gettext as _

from apoia.accounts.organization_page import OrganizationSection, register_section

SHOWN = 20


def events_section(organization, user) -> OrganizationSection | None:
    from apoia.agenda import queries_participation

    events = list(queries_participation.events_of_organization(organization)[: SHOWN + 1])
    if not events:
        return None
    return OrganizationSection(
        title=_("Eventos e audiências de que participou"),
        template="agenda/organization_section.html",
        context={"events": events[:SHOWN], "more": len(events) > SHOWN},
        order=40,
    )


def register() -> None:
    register_section(events_section)
