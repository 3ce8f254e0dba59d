"""The follow-up tasks block of the plan page (programs/plan/_tasks.html)."""

from django import template
from django.utils import timezone

from apoia.followup import queries as followup_queries
from apoia.followup.registry import describe
from apoia.programs import queries_meetings

register = template.Library()


@register.inclusion_tag("programs/meetings/_plan_tasks.html", takes_context=True)
def plan_tasks(context, plan):
    """The tasks of the meeting decisions about `plan`; each links to its page when the reader
    may open it (whoever sees the plan sees the list)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    tasks = list(queries_meetings.plan_tasks(plan))
    visible = (
        set(
            followup_queries.tasks_visible_to(user)
            .filter(pk__in=[t.pk for t in tasks])
            .values_list("pk", flat=True)
        )
        if user is not None
        else set()
    )
    return {
        "is_municipal": bool(
            user is not None and user.is_authenticated and user.has_role("municipal")
        ),
        "rows": [
            {"task": t, "late": t.is_late(today), "source": describe(t), "visible": t.pk in visible}
            for t in tasks
        ],
    }
