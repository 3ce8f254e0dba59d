"""The programs section of a municipality's profile: the programs it joined."""

from django.utils.translation import gettext as _

from apoia.programs.models import Adhesion, AdhesionStatus
from apoia.territory.profile import ProfileSection


def programs_section(municipality, user) -> ProfileSection | None:
    # Adhesions are public facts (the program page lists the adhered municipalities); focal
    # points' names are not shown here.
    adhesions = list(
        Adhesion.objects.filter(municipality=municipality)
        .exclude(status=AdhesionStatus.WITHDRAWN)
        .select_related("program", "phase", "plan")
        .order_by("program__name", "-phase__order")
    )
    if not adhesions:
        return None
    return ProfileSection(
        title=_("Programas de cooperação"),
        template="programs/profile_section.html",
        context={"adhesions": adhesions, "municipality": municipality},
    )
