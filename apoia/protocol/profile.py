"""The protocol section of a municipality's profile: its requests to the state."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from apoia.protocol import queries
from apoia.protocol.models import OPEN_STATUSES, ServiceRequest, Status
from apoia.territory.profile import ProfileSection


def requests_section(municipality, user) -> ProfileSection:
    # Counts are public (how much the town asks the state and how it is answered); the rows
    # are only those the person may open.
    totals = ServiceRequest.objects.filter(municipality=municipality).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        concluded=Count("pk", filter=Q(status=Status.CONCLUDED)),
        refused=Count("pk", filter=Q(status=Status.REFUSED)),
    )
    visible = queries.visible_to(user).filter(municipality=municipality).order_by("-received_at")
    return ProfileSection(
        title=_("Pedidos ao Estado"),
        template="protocol/profile_section.html",
        context={"totals": totals, "recent": list(visible[:5]), "municipality": municipality},
    )
