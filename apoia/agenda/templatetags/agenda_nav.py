"""The agenda's entries in the main menu, by what the person may do (apoia.agenda.queries)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from apoia.agenda import queries

register = template.Library()


def _link(name: str, label: str, icon: str, names: tuple[str, ...] = ()):
    try:
        url = reverse(f"agenda:{name}")
    except NoReverseMatch:  # a page not built yet is not offered
        return None
    return {"url": url, "label": label, "icon": icon, "names": names or (name,)}


@register.simple_tag
def agenda_links(user) -> list[dict]:
    links = [_link("index", _("Agenda de apoio técnico"), "fa-calendar-check", ("index", "event"))]
    # Pages rendered without a request (error pages, e-mails) have no user.
    if getattr(user, "is_authenticated", False):
        if queries.focal_point_municipalities(user):
            links.append(_link("my_registrations", _("Minhas inscrições"), "fa-ticket-alt"))
            links.append(_link("slots", _("Apoio técnico individualizado"), "fa-user-clock"))
        if queries.is_agenda_staff(user):
            links.append(_link("staff_home", _("Gestão da agenda"), "fa-calendar-alt"))
        if queries.is_neep(user):
            links.append(_link("validation_queue", _("Validação de temas (NEEP)"), "fa-stamp"))
    return [link for link in links if link]
