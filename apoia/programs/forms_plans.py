"""Forms of the plan pages: parse only; eligibility, places and completeness are the
services' (apoia/programs/services/plans.py)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apoia.programs.models import Action, PlanStatus
from apoia.programs.queries_plans import latest_values, linked_indicators
from apoia.programs.services.menu import delivery_due_date
from apoia.programs.services.plans import COMMENT_MAX, REASON_MAX, ItemData
from apoia.protocol.limits import limit_long_texts

INCLUDE = re.compile(r"^a(\d+)-include$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(forms.Form):
    """One block of fields per offered action: include it, who answers for it, the target of
    each linked indicator and the due date of each delivery (prefilled with the computed one).

    An action posted that the page did not offer (an ineligible one) is still handed to the
    service, which refuses it naming the action, instead of being dropped in silence.
    """

    def __init__(self, *args, adhesion, suggestions, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.adhesion, self.plan, self.today = adhesion, plan, today
        items = {i.action_id: i for i in (plan.items.all() if plan else [])}
        self.blocks = []
        offered = set()
        # The baseline a new or draft target will take (the latest value of the indicator for
        # the municipality), shown before the first save; a frozen one stays as approved.
        self.latest = latest_values(
            {i.pk for s in suggestions for i in linked_indicators(s.action)},
            adhesion.municipality_id,
        )
        for suggestion in suggestions:
            action = suggestion.action
            offered.add(action.pk)
            self.blocks.append(self._block(action, suggestion, items.get(action.pk)))
        self.unoffered = []
        for key in self.data if self.is_bound else ():
            found = INCLUDE.match(key)
            if found and int(found[1]) not in offered:
                self.unoffered.append(int(found[1]))
        if plan is not None and plan.version >= 1:
            self.fields["reason"] = forms.CharField(
                label=_("Motivo da alteração"),
                max_length=REASON_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("O plano já foi aprovado: a alteração será uma nova versão."),
                initial=plan.revision_reason,
            )

    def _block(self, action, suggestion, item) -> dict:
        prefix = f"a{action.pk}"
        self.fields[f"{prefix}-include"] = forms.BooleanField(
            label=_("Incluir “%(title)s” no plano") % {"title": action.title},
            required=False,
            initial=item is not None,
        )
        labels = {
            "name": _("Responsável (nome)"),
            "role": _("Cargo ou função"),
            "contact": _("Contato (e-mail ou telefone)"),
        }
        limits = {"name": 150, "role": 150, "contact": 200}
        for key, label in labels.items():
            self.fields[f"{prefix}-{key}"] = forms.CharField(
                label=label,
                max_length=limits[key],
                required=False,
                initial=getattr(item, f"responsible_{key}", ""),
            )
        targets = {t.indicator_id: t for t in (item.targets.all() if item else [])}
        indicators = []
        for indicator in linked_indicators(action):
            name = f"{prefix}-target-{indicator.code}"
            current = targets.get(indicator.pk)
            self.fields[name] = forms.FloatField(
                label=_("Meta: %(indicator)s") % {"indicator": indicator.name},
                required=False,
                localize=True,
                initial=current.target if current else None,
            )
            if current is not None and current.frozen:
                baseline = (current.baseline_value, current.baseline_period, True)
            else:
                baseline = (*self.latest.get(indicator.pk, (None, None)), False)
            indicators.append(
                {
                    "indicator": indicator,
                    "target": current,
                    "field": name,
                    "baseline": dict(zip(("value", "period", "frozen"), baseline, strict=True)),
                }
            )
        dues = {d.delivery_id: d for d in (item.deliveries.all() if item else [])}
        deliveries = []
        for delivery in action.deliveries.all():
            name = f"{prefix}-due-{delivery.pk}"
            current = dues.get(delivery.pk)
            self.fields[name] = forms.DateField(
                label=_("Prazo: %(title)s") % {"title": delivery.title},
                required=False,
                widget=DateInput(),
                initial=current.due
                if current
                else delivery_due_date(delivery, self.today, self.adhesion.municipality),
            )
            deliveries.append({"delivery": delivery, "field": name})
        return {
            "action": action,
            "suggestion": suggestion,
            "item": item,
            "include": f"{prefix}-include",
            "responsible": [f"{prefix}-{key}" for key in labels],
            "targets": indicators,
            "deliveries": deliveries,
        }

    def bound_blocks(self) -> list[dict]:
        """The blocks with bound fields, for the template."""
        return [
            {
                **block,
                "include": self[block["include"]],
                "responsible": [self[name] for name in block["responsible"]],
                "targets": [{**t, "field": self[t["field"]]} for t in block["targets"]],
                "deliveries": [{**d, "field": self[d["field"]]} for d in block["deliveries"]],
            }
            for block in self.blocks
        ]

    def items(self) -> list[ItemData]:
        """The chosen actions as the service takes them, in the page's order."""
        data = self.cleaned_data
        chosen = []
        self.field_of_index = []
        for block in self.blocks:
            if not data.get(block["include"]):
                continue
            action = block["action"]
            prefix = f"a{action.pk}"
            computed = {
                d["delivery"].pk: delivery_due_date(
                    d["delivery"], self.today, self.adhesion.municipality
                )
                for d in block["deliveries"]
            }
            dues = {}
            for d in block["deliveries"]:
                given = data.get(d["field"])
                # The prefilled computed date is no adjustment: approval recomputes it.
                if given is not None and given != computed[d["delivery"].pk]:
                    dues[d["delivery"].pk] = given
            chosen.append(
                ItemData(
                    action=action,
                    responsible={
                        key: data.get(f"{prefix}-{key}", "") for key in ("name", "role", "contact")
                    },
                    targets={t["indicator"].code: data.get(t["field"]) for t in block["targets"]},
                    dues=dues,
                )
            )
            self.field_of_index.append(prefix)
        extra = Action.objects.filter(
            pk__in=self.unoffered, phase__program=self.adhesion.program_id
        ).prefetch_related("deliveries", "challenges__indicators")
        for action in extra:
            chosen.append(ItemData(action=action))
            self.field_of_index.append(None)
        if len(extra) < len(self.unoffered):
            self.add_error(None, _("Uma das ações escolhidas não existe neste programa."))
        return chosen

    def put_errors(self, message_dict: dict) -> None:
        """Service errors ("items.0.targets.idhm_e") onto the fields they name."""
        for path, messages in message_dict.items():
            parts = path.split(".")
            name = None
            if parts[0] == "reason" and "reason" in self.fields:
                name = "reason"
            elif parts[0] == "items" and len(parts) >= 3 and parts[1].isdigit():
                index = int(parts[1])
                prefix = self.field_of_index[index] if index < len(self.field_of_index) else None
                if prefix:
                    name = {
                        "action": f"{prefix}-include",
                        "responsible": f"{prefix}-name",
                        "targets": f"{prefix}-target-{parts[-1]}",
                        "deliveries": f"{prefix}-due-{parts[-1]}",
                    }.get(parts[2])
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    @property
    def locked(self) -> bool:
        return self.plan is not None and self.plan.status == PlanStatus.SUBMITTED


@limit_long_texts
class DecisionForm(forms.Form):
    """The managing unit's analysis: a general comment and one per item."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Aprovar")), ("return", _("Devolver para ajustes"))]
    )
    comment = forms.CharField(
        label=_("Comentário geral"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item in items:
            name = f"c{item.pk}"
            self.fields[name] = forms.CharField(
                label=_("Comentário sobre “%(title)s”") % {"title": item.action.title},
                max_length=COMMENT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.item_fields.append((item, name))

    def item_bound_fields(self) -> list:
        return [self[name] for _item, name in self.item_fields]

    def item_comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(name, "") for item, name in self.item_fields}


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Todas"))] + list(PlanStatus.choices),
    )
    municipality = forms.CharField(label=_("Município (nome ou IBGE)"), required=False)
