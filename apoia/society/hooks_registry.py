"""What the registry area registers: the "requests" section of an organization's page, shown
only to its representatives and the staff of its state (never requesters' personal data)."""

from django.utils.translation import gettext as _

from apoia.accounts.organization_page import OrganizationSection, register_section

SHOWN = 20


def requests_section(organization, user) -> OrganizationSection | None:
    from apoia.society import queries

    staff = queries.may_manage_organization(user, organization)
    if not (staff or queries.represents(user, organization)):
        return None
    found = list(organization.requests.select_related("service").order_by("-pk")[: SHOWN + 1])
    if not found:
        return None
    return OrganizationSection(
        title=_("Solicitações protocoladas"),
        template="society/registry/organization_requests.html",
        context={"requests": found[:SHOWN], "staff": staff, "more": len(found) > SHOWN},
        order=10,
    )


def register() -> None:
    register_section(requests_section)
