"""The legislative desk's entries in the main menu, by what the person may do
(apoia.legislative.queries)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from apoia.legislative import queries

register = template.Library()


def _link(name: str, label: str, icon: str, names: tuple[str, ...] = ()):
    try:
        url = reverse(f"legislative:{name}")
    except NoReverseMatch:  # a page not built yet is not offered
        return None
    return {"url": url, "label": label, "icon": icon, "names": names or (name,)}


@register.simple_tag
def legislative_links(user) -> list[dict]:
    links = [_link("bills", _("Proposições legislativas"), "fa-gavel", ("bills", "bill"))]
    if not getattr(user, "is_authenticated", False):
        return [link for link in links if link]
    if queries.staff_unit_ids(user) != set():
        links += [
            _link("dashboard", _("Painel legislativo"), "fa-clipboard-list"),
            _link("demands", _("Demandas parlamentares"), "fa-landmark", ("demands",)),
        ]
    links.append(_link("demand_new", _("Registrar demanda parlamentar"), "fa-pen-nib"))
    return [link for link in links if link]
