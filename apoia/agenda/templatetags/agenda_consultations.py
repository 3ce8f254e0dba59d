from django import template

from apoia.agenda import queries
from apoia.agenda.models import ConsultationStatus

register = template.Library()


@register.simple_tag
def series_consultations(series, user) -> dict:
    consultations = list(series.consultations.order_by("-created_at"))
    has_open = any(c.status == ConsultationStatus.OPEN for c in consultations)
    return {
        "consultations": consultations,
        "may_open": not has_open and queries.may_manage_consultations(user, series),
    }
