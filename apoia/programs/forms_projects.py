"""The strategic project page's forms: approving the phase's plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.programs.services.plans import REASON_MAX
from apoia.protocol.limits import limit_long_texts


@limit_long_texts
class ApproveProjectPlanForm(forms.Form):
    """The managing unit approves the phase's plan; a new version needs the reason."""

    reason = forms.CharField(
        label=_("Motivo da alteração"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obrigatório a partir da segunda versão (metas ou entregas novas)."),
    )

    def __init__(self, *args, revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not revision:
            del self.fields["reason"]
