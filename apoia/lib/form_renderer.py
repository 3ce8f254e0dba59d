"""The project's form renderer (settings.FORM_RENDERER): Django's, with selects that say what to do.

Every <select> of the site is rendered through it, whether a template uses includes/field.html,
prints `{{ form.field }}` alone or is the Django admin, so the placeholder is decided here once
instead of in each form: Django's "---------" (and our older "—") becomes "Selecione…"; a label a
form chose itself ("Selecione o município", "Todos os temas") is kept.

A required select's placeholder is also disabled, so it reads as a prompt rather than a choice
(the CSS greys it while it shows). The browser never lands on the first real option instead: when
no option matches the value, the placeholder is the selected one.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Labels that only mean "nothing chosen yet": Django's dashes and the dash some forms used.
BLANK_LABELS = {"", "-", "—", "---------"}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and "widget" in context:
            with_placeholder(context["widget"])
        return super().render(template_name, context, request=request)


def with_placeholder(widget: dict) -> None:
    """Rewrite, in place, the empty option of a select's render context."""
    options = [option for _name, group, _index in widget.get("optgroups", []) for option in group]
    blanks = [option for option in options if str(option["value"]) == ""]
    if not blanks or widget["attrs"].get("multiple"):
        return
    placeholder = blanks[0]
    if str(placeholder["label"]).strip() in BLANK_LABELS:
        placeholder["label"] = gettext("Selecione…")
    if widget.get("required"):
        if not any(option["selected"] for option in options):
            placeholder["selected"] = True
            placeholder["attrs"]["selected"] = True
        placeholder["attrs"]["disabled"] = True
