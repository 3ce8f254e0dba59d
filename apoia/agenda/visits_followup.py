"""Visit recommendations as follow-up task sources (apoia.followup.registry): a task made from
a recommendation is named after its visit and links to the visit's report page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def _label(recommendation) -> str:
    event = recommendation.report.event
    return _("%(title)s de %(date)s") % {
        "title": event.title,
        "date": timezone.localtime(event.start).strftime("%d/%m/%Y"),
    }


def _url(recommendation) -> str:
    return reverse("agenda:visit_report", args=[recommendation.report.event_id])


def register() -> None:
    from apoia.agenda.models import VisitRecommendation
    from apoia.followup.registry import register_source

    register_source(VisitRecommendation, label=_label, url=_url)
