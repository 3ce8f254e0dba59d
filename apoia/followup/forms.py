from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.followup.models import TaskStatus
from apoia.followup.services import TEXT_MAX
from apoia.protocol.limits import limit_long_texts


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Todas")), *TaskStatus.choices],
    )
    late = forms.BooleanField(label=_("Só as atrasadas"), required=False)


@limit_long_texts
class CompleteTaskForm(forms.Form):
    note = forms.CharField(
        label=_("Nota de conclusão"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@limit_long_texts
class CancelTaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo do cancelamento"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
