"""What the site menu asks of the programs app (base.html lives above every app)."""

from django import template

from apoia.programs.queries import is_program_staff

register = template.Library()


@register.simple_tag
def manages_programs(user) -> bool:
    # The error pages render with no context at all: no user, and no database to ask.
    if not getattr(user, "is_authenticated", False):
        return False
    return is_program_staff(user)
