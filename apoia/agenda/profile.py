"""The agenda's section of the municipality profile (territory.profile registry): the events
its people attended, its appointments and its technical visits."""

from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.territory.profile import ProfileSection, register_section


def agenda_section(municipality, user) -> ProfileSection | None:
    from apoia.agenda import queries_reach

    now = timezone.now()
    events = queries_reach.attended_events(municipality)
    counts = queries_reach.appointment_counts(municipality)
    visits = queries_reach.municipality_visits(user, municipality, now)
    if not events and not counts["total"] and not visits:
        return None
    return ProfileSection(
        title=_("Apoio técnico"),
        template="agenda/profile_section.html",
        context={
            "municipality": municipality,
            "events": events,
            "appointment_counts": counts,
            "appointments": queries_reach.profile_appointments(user, municipality)
            if counts["total"]
            else [],
            "visits": visits,
        },
    )


def register() -> None:
    register_section(agenda_section)
