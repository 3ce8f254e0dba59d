"""The agenda's pages under /agenda/ and the public certificate check under /certificados/.

Each concept keeps its own url module; fixed words ("gestao", "ical"…) come before the
patterns that take an id."""

from apoia.agenda import (
    urls_appointments,
    urls_consultations,
    urls_events,
    urls_plan,
    urls_reach,
    urls_registrations,
    urls_visits,
)

app_name = "agenda"
urlpatterns = [
    *urls_plan.urlpatterns,
    *urls_reach.urlpatterns,
    *urls_consultations.urlpatterns,
    *urls_appointments.urlpatterns,
    *urls_visits.urlpatterns,
    *urls_registrations.urlpatterns,
    *urls_events.urlpatterns,
]
