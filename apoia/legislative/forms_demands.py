"""The form of a parliamentary demand. It parses what a form can check on its own; the rules
(the town of a câmara municipal, the bill of the same house, the request's own checks) are
`services_demands.file_demand`'s, whose messages come back on these fields."""

from django import forms
from django.utils.translation import gettext_lazy

from apoia.legislative.models import House
from apoia.legislative.queries_demands import bills_to_relate
from apoia.legislative.services_demands import LEGISLATOR_MAX, PARTY_MAX, validate_demand
from apoia.protocol import limits
from apoia.protocol.limits import char_limit
from apoia.protocol.public_forms import attachments_field
from apoia.territory.models import Municipality


def _bill_label(bill) -> str:
    where = bill.get_house_display()
    if bill.municipality_id:
        where = f"{where} de {bill.municipality.name}"
    summary = bill.summary if len(bill.summary) <= 80 else bill.summary[:79] + "…"
    return f"{bill} ({where}) — {summary}"


@limits.limit_long_texts
class DemandForm(forms.Form):
    legislator = forms.CharField(
        label=gettext_lazy("Parlamentar"),
        help_text=gettext_lazy("Nome parlamentar, como na casa legislativa."),
    )
    party = forms.CharField(label=gettext_lazy("Partido"), required=False)
    house = forms.ChoiceField(
        label=gettext_lazy("Casa legislativa"),
        choices=House.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Escolha a casa legislativa.")},
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Município da câmara"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=gettext_lazy("Só para demandas de vereadores(as)."),
    )
    bill = forms.ModelChoiceField(
        label=gettext_lazy("Proposição relacionada"),
        queryset=None,
        required=False,
        help_text=gettext_lazy(
            "Opcional: a proposição acompanhada pelo Estado de que a demanda trata."
        ),
    )
    subject = forms.CharField(label=gettext_lazy("Assunto"))
    description = forms.CharField(
        label=gettext_lazy("O que o(a) parlamentar pede"),
        max_length=limits.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, service, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.service, self.user = service, user
        self.fields["municipality"].queryset = Municipality.objects.filter(
            state_id=service.state_id
        ).order_by("name")
        self.fields["bill"].queryset = bills_to_relate(service.state_id)
        self.fields["bill"].label_from_instance = _bill_label
        char_limit(self.fields["legislator"], LEGISLATOR_MAX, counter=False)
        char_limit(self.fields["party"], PARTY_MAX, counter=False)
        char_limit(self.fields["subject"], limits.SUBJECT, counter=False)
        self.fields["attachments"] = attachments_field()

    def clean(self):
        cleaned = super().clean()
        # The town belongs to a câmara's demand only: one picked before switching to the
        # Assembleia Legislativa is dropped, not held against the person.
        if cleaned.get("house") == House.STATE_ASSEMBLY:
            cleaned["municipality"] = None
        # The service's rules run here too, so the form shows every problem at once; a field
        # the form already flagged keeps only its own message. Files were checked above.
        self.add_service_errors(
            validate_demand(
                service=self.service,
                by=self.user,
                legislator=cleaned.get("legislator") or "",
                party=cleaned.get("party") or "",
                house=cleaned.get("house") or "",
                municipality=cleaned.get("municipality"),
                bill=cleaned.get("bill"),
                subject=cleaned.get("subject") or "",
                description=cleaned.get("description") or "",
            )
        )
        return cleaned

    def filing_kwargs(self) -> dict:
        """Keyword arguments of `services_demands.file_demand`."""
        data = self.cleaned_data
        return {
            "legislator": data["legislator"],
            "party": data.get("party") or "",
            "house": data["house"],
            "municipality": data.get("municipality"),
            "bill": data.get("bill"),
            "subject": data["subject"],
            "description": data["description"],
            "attachments": data.get("attachments") or [],
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Each message of the service on its field; the rest above the form."""
        for key, messages in errors.items():
            field = key if key in self.fields else None
            if field is not None and field in self.errors:
                continue
            for message in messages:
                self.add_error(field, message)
