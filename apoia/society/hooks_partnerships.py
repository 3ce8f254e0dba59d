"""What the partnerships area registers (digest sections, linked panels, organization-page
sections, acceptance handlers)."""


def partnerships_section(organization, user):
    from django.utils.translation import gettext as _

    from apoia.accounts.organization_page import OrganizationSection
    from apoia.society.queries_partnerships import public_partnerships

    partnerships = list(public_partnerships().filter(organization=organization))
    if not partnerships:
        return None
    return OrganizationSection(
        title=_("Parcerias com o Estado (MROSC)"),
        template="society/partnerships/organization_section.html",
        context={"partnerships": partnerships},
        order=50,
    )


def register() -> None:
    from apoia.accounts.organization_page import register_section
    from apoia.protocol.hooks import DigestSection, register_digest_section
    from apoia.society import digest_partnerships

    register_digest_section(
        DigestSection(
            key="society_partnerships",
            collect=digest_partnerships.collect,
            render=digest_partnerships.render,
        )
    )
    register_section(partnerships_section)
