"""The legislative desk's entries in the main menu, by what the person may do
(apoia.legislative.queries)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from apoia.legislative import queries, queries_demands

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
    # Each entry asks the rule its page asks (queries, queries_demands), so the menu never
    # offers a page that answers 404. Filing a bill or a demand starts from the bill list and
    # the catalog's service page.
    if queries.staff_state_ids(user) != set():
        links.append(_link("dashboard", _("Painel legislativo"), "fa-clipboard-list"))
    if queries_demands.is_desk_staff(user):
        links.append(_link("demands", _("Demandas parlamentares"), "fa-landmark"))
    return [link for link in links if link]
