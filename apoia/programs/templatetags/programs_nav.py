"""What the site menu asks of the programs app (base.html lives above every app)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.accounts.models import Role
from apoia.programs.queries import is_program_staff

register = template.Library()


@register.simple_tag
def manages_programs(user) -> bool:
    # The error pages render with no context at all: no user, and no database to ask.
    if not getattr(user, "is_authenticated", False):
        return False
    return is_program_staff(user)


@register.simple_tag
def program_work_links(user, managing: bool) -> list[dict]:
    """The menu entries of the work programs give a person, beyond managing them: deliveries
    to validate, the dashboards of the programs whose actions a unit offers, a focal point's
    monitoring meetings and everyone's follow-up tasks. Each: label, url, icon, url names."""
    if not getattr(user, "is_authenticated", False):
        return []
    from apoia.followup.queries import has_task_list
    from apoia.programs.queries_deliveries import works_on_deliveries
    from apoia.programs.queries_monitoring import monitored_programs
    from apoia.programs.queries_projects import may_see_projects

    links = []
    if may_see_projects(user):
        links.append(
            {
                "label": _("Projetos estratégicos"),
                "url": reverse("programs:projects"),
                "icon": "fa-bullseye",
                "names": ("projects", "project"),
            }
        )
    if works_on_deliveries(user):
        links.append(
            {
                "label": _("Entregas para validar"),
                "url": reverse("programs:delivery_queue"),
                "icon": "fa-clipboard-check",
                "names": ("delivery_queue",),
            }
        )
    if not managing:
        # A manager reaches every dashboard from "Gestão de programas".
        for program in monitored_programs(user)[:3]:
            links.append(
                {
                    "label": _("Monitoramento: %(program)s") % {"program": program.name},
                    "url": reverse("programs:monitoring", args=[program.slug]),
                    "icon": "fa-chart-line",
                    "names": (),
                }
            )
    if user.has_role(Role.MUNICIPAL):
        links.append(
            {
                "label": _("Reuniões de monitoramento"),
                "url": reverse("programs:my_meetings"),
                "icon": "fa-users",
                "names": ("my_meetings",),
            }
        )
    if has_task_list(user):
        links.append(
            {
                "label": _("Minhas tarefas"),
                "url": reverse("followup:tasks"),
                "icon": "fa-check-square",
                "names": ("tasks",),
            }
        )
    return links
