"""What the councils area registers (digest sections, linked panels, organization-page
sections, acceptance handlers)."""


def council_seats_section(organization, user):
    """ "Cadeiras em conselhos": public; the organization's seats with who holds them now."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from apoia.accounts.organization_page import OrganizationSection
    from apoia.society.models.councils import Council, Seat
    from apoia.society.services_councils import seat_holders

    seats = (
        Seat.objects.filter(organization=organization)
        .select_related("council")
        .prefetch_related("mandates")
        .order_by("council__name", "order", "pk")
    )
    holders = seat_holders(seats, timezone.localdate())
    # The organization may be a council's own record (its secretariat).
    council = Council.objects.filter(organization=organization).first()
    if not holders and council is None:
        return None
    return OrganizationSection(
        title=_("Cadeiras em conselhos"),
        template="society/councils/organization_section.html",
        context={"holders": holders, "own_council": council},
        order=40,
    )


def register() -> None:
    from apoia.accounts.organization_page import register_section
    from apoia.protocol.hooks import DigestSection, register_digest_section
    from apoia.society import digest_councils

    register_digest_section(
        DigestSection(
            key="society_councils",
            collect=digest_councils.collect,
            render=digest_councils.render,
        )
    )
    register_section(council_seats_section)
