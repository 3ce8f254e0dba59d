"""Civil society's entries in the main menu, by what the person may do (apoia.society.queries)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import Organization
from apoia.society import queries

register = template.Library()


def _link(name: str, label: str, icon: str, names: tuple[str, ...] = (), **kwargs):
    try:
        url = reverse(f"society:{name}", kwargs=kwargs or None)
    except NoReverseMatch:  # a page not built yet is not offered
        return None
    return {"url": url, "label": label, "icon": icon, "names": names or (name,)}


@register.simple_tag
def society_links(user) -> list[dict]:
    links = [
        _link(
            "registry",
            _("Organizações da sociedade civil"),
            "fa-users",
            ("registry", "organization"),
        ),
        _link(
            "partnerships",
            _("Parcerias (MROSC)"),
            "fa-file-signature",
            ("partnerships", "partnership"),
        ),
        _link(
            "councils", _("Conselhos"), "fa-landmark", ("councils", "council", "council_meeting")
        ),
    ]
    # Pages rendered without a request (error pages, e-mails) have no user.
    if not getattr(user, "is_authenticated", False):
        return [link for link in links if link]
    # A representative goes straight to the record they keep (one link per organization).
    represented = queries.represented_organization_ids(user)
    for organization in Organization.objects.filter(pk__in=represented) if represented else ():
        links.append(
            _link(
                "organization_edit",
                _("Cadastro de %(name)s") % {"name": organization.name},
                "fa-id-card",
                ("organization_edit",),
                pk=organization.pk,
            )
        )
    if represented:
        links.append(_link("partnerships_mine", _("Parcerias da organização"), "fa-handshake"))
    if queries.is_society_staff(user):
        links += [
            _link(
                "registry_changes",
                _("Alterações de cadastro"),
                "fa-user-edit",
                ("registry_changes", "registry_change"),
            ),
            _link(
                "registry_import",
                _("Importar organizações"),
                "fa-file-import",
                ("registry_import", "registry_import_batch"),
            ),
            _link("checklists", _("Regularização de OSC"), "fa-tasks", ("checklists", "checklist")),
        ]
    return [link for link in links if link]
