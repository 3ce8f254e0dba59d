"""Forms of the staff side: the queue's filters and one form per action on a request.

They parse what a form can check on its own; the rules stay in `services`, whose
`ValidationError` keys are these forms' field names so the views can put each message back.
"""

import datetime as dt

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import OrgUnit, User
from apoia.catalog.models import Service
from apoia.lib.collation import portuguese
from apoia.protocol import limits, queries, rules
from apoia.protocol.files import ALLOWED_LABEL
from apoia.protocol.limits import char_limit
from apoia.protocol.models import (
    ContactChannel,
    DeadlineState,
    RefusalReason,
    ServiceRequest,
    Status,
)
from apoia.protocol.numbering import normalize_protocol
from apoia.protocol.public_forms import MultipleFileField
from apoia.territory.models import Municipality

OPEN = "abertos"
MINE = "meus"
UNASSIGNED = "nenhum"
NO_UNIT = queries.NO_UNIT

# `?ordem=` value → (label, order_by). The pk keeps pages stable when the first key ties.
ORDERINGS = {
    "prazo": (_("Prazo (mais próximo primeiro)"), ["due_date", "pk"]),
    "-prazo": (_("Prazo (mais distante primeiro)"), ["-due_date", "-pk"]),
    "-recebido": (_("Recebimento (mais recente primeiro)"), ["-received_at", "-pk"]),
    "recebido": (_("Recebimento (mais antigo primeiro)"), ["received_at", "pk"]),
    "protocolo": (_("Protocolo"), ["protocol"]),
    "situacao": (_("Situação"), ["status_order", "due_date", "pk"]),
}
DEFAULT_ORDERING = "prazo"


def identity_visible_q(user) -> Q:
    """The rows whose requester `user` may see: `queries.can_see_requester` as a filter."""
    return queries.requester_visible_q(user)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    """The queue's search box, filters and sorting (GET parameters, in Portuguese)."""

    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Protocolo, descrição ou demandante")}
        ),
    )
    situacao = forms.ChoiceField(label=_("Situação"), required=False)
    prazo = forms.ChoiceField(label=_("Prazo"), required=False)
    servico = forms.ChoiceField(label=_("Serviço"), required=False)
    municipio = forms.ChoiceField(label=_("Município"), required=False)
    unidade = forms.ChoiceField(label=_("Unidade"), required=False)
    responsavel = forms.ChoiceField(label=_("Técnico responsável"), required=False)
    recebido_de = forms.DateField(
        label=_("Recebidos a partir de"), required=False, widget=_date_input()
    )
    concluido_de = forms.DateField(
        label=_("Concluídos a partir de"), required=False, widget=_date_input()
    )
    ordem = forms.ChoiceField(label=_("Ordenar por"), required=False)

    def __init__(self, data=None, *, rows: QuerySet[ServiceRequest]):
        super().__init__(data)
        every = [("", _("Todos"))]
        statuses = [("", _("Todas")), (OPEN, _("Em aberto (todas)"))]
        self.fields["situacao"].choices = statuses + list(Status.choices)
        self.fields["prazo"].choices = every + list(DeadlineState.choices)
        self.fields["servico"].choices = every + [
            (s.slug, s.name) for s in Service.objects.filter(pk__in=rows.values("service_id"))
        ]
        self.fields["municipio"].choices = every + [
            (str(m.ibge), f"{m.name} ({m.state.uf})")
            for m in Municipality.objects.filter(pk__in=rows.values("municipality_id"))
            .select_related("state")
            .order_by(portuguese("name"))
        ]
        self.fields["unidade"].choices = (
            [("", _("Todas"))]
            + [(u.slug, u.name) for u in OrgUnit.objects.filter(pk__in=rows.values("unit_id"))]
            + [(NO_UNIT, _("Sem unidade"))]
        )
        self.fields["responsavel"].choices = every + [
            (MINE, _("Atribuídos a mim")),
            (UNASSIGNED, _("Sem técnico")),
        ]
        self.fields["ordem"].choices = [(key, label) for key, (label, _o) in ORDERINGS.items()]

    @property
    def ordering(self) -> str:
        return (getattr(self, "cleaned_data", {}) or {}).get("ordem") or DEFAULT_ORDERING

    def apply(self, rows, *, user, today: dt.date, limit: dt.date) -> QuerySet[ServiceRequest]:
        """`rows` narrowed by the valid filters and sorted; an invalid filter is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        rows = queries.filter_requests(
            rows,
            today=today,
            limit=limit,
            status="open" if data.get("situacao") == OPEN else data.get("situacao"),
            deadline_state=data.get("prazo"),
            service=data.get("servico"),
            municipality=int(data["municipio"]) if data.get("municipio") else None,
            unit=data.get("unidade"),
        )
        if data.get("responsavel") == MINE:
            rows = rows.filter(assignee=user)
        elif data.get("responsavel") == UNASSIGNED:
            rows = rows.filter(assignee__isnull=True)
        if data.get("recebido_de"):
            rows = rows.filter(received_at__date__gte=data["recebido_de"])
        if data.get("concluido_de"):
            rows = rows.filter(concluded_at__date__gte=data["concluido_de"])
        if data.get("q"):
            rows = rows.filter(self._search(data["q"], user))
        rows = rows.annotate(
            status_order=Case(
                *(When(status=value, then=Value(i)) for i, value in enumerate(Status.values)),
                output_field=IntegerField(),
            )
        )
        return rows.order_by(*ORDERINGS[self.ordering][1])

    @staticmethod
    def _search(text: str, user) -> Q:
        text = text.strip()
        number = normalize_protocol(text)
        if number is not None:
            return Q(protocol=number)
        found = (
            Q(protocol__icontains=text)
            | Q(subject__icontains=text)
            | Q(description__icontains=text)
        )
        # An ombudsman requester's name must not even be findable by who may not see it.
        identity = (
            Q(requester_name__icontains=text)
            | Q(organization__name__icontains=text)
            | Q(organization_name__icontains=text)
        )
        return found | (identity & identity_visible_q(user))


class MineFilterForm(forms.Form):
    """Meus pedidos' filters: what a requester asks of their own list (open or closed, a
    number); none of the queue's staff filters (unit, technician)."""

    OPEN, CLOSED = "abertos", "encerrados"

    q = forms.CharField(
        label=_("Número do protocolo"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ex.: 50002.000001/2026")}
        ),
    )
    situacao = forms.ChoiceField(
        label=_("Situação"),
        required=False,
        choices=[("", _("Todos")), (OPEN, _("Em andamento")), (CLOSED, _("Encerrados"))],
    )

    def apply(self, rows) -> QuerySet[ServiceRequest]:
        """`rows` narrowed by the valid filters, newest first; an invalid filter is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("situacao") == self.OPEN:
            rows = rows.open()
        elif data.get("situacao") == self.CLOSED:
            rows = rows.closed()
        if text := (data.get("q") or "").strip():
            number = normalize_protocol(text)
            # A whole number finds its request; a part of one (the sequence, "000001/2026")
            # finds the numbers holding those digits in a row, whatever the punctuation.
            digits = [ch for ch in text if ch in "0123456789"]
            if number is not None:
                rows = rows.filter(protocol=number)
            elif digits:
                rows = rows.filter(protocol__regex="[^0-9]?".join(digits))
            else:
                rows = rows.none()
        return rows.order_by("-received_at", "-pk")


# --- actions on one request ------------------------------------------------------------------


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class ActionForm(forms.Form):
    """A form acting on one request; subclasses narrow their choices to it."""

    def __init__(self, *args, req: ServiceRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.req = req


class RerouteForm(ActionForm):
    unit = forms.ModelChoiceField(label=_("Nova unidade"), queryset=OrgUnit.objects.none())
    reason = char_limit(
        forms.CharField(
            label=_("Motivo do redirecionamento"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        limits.TEXT,
    )

    def __init__(self, *args, req: ServiceRequest, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.fields["unit"].queryset = rules.reroute_targets(req)


class DecisionForm(ActionForm):
    ACCEPT, REFUSE = "accept", "refuse"

    decision = forms.ChoiceField(
        label=_("Decisão"),
        choices=[(ACCEPT, _("Aceitar o pedido")), (REFUSE, _("Recusar o pedido"))],
        widget=forms.RadioSelect,
    )
    justification = char_limit(
        forms.CharField(
            label=_("Justificativa"),
            required=False,
            help_text=_("Obrigatória na recusa; o demandante recebe este texto."),
            widget=forms.Textarea(attrs={"rows": 4}),
        ),
        limits.TEXT,
    )
    reason = forms.ChoiceField(
        label=_("Motivo da recusa"),
        required=False,
        choices=[("", "—")] + list(RefusalReason.choices),
    )
    redirect_unit = forms.ModelChoiceField(
        label=_("Indicar outra unidade ao demandante"),
        required=False,
        queryset=OrgUnit.objects.none(),
    )
    redirect_service = forms.ModelChoiceField(
        label=_("Indicar outro serviço ao demandante"),
        required=False,
        queryset=Service.objects.none(),
    )
    assignee = UserChoiceField(
        label=_("Técnico responsável (no aceite)"),
        required=False,
        queryset=User.objects.none(),
    )

    def __init__(self, *args, req: ServiceRequest, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        if req.is_manifestation:
            self.fields["decision"].choices = [
                (self.ACCEPT, _("Acolher a manifestação")),
                (self.REFUSE, _("Não acolher a manifestação")),
            ]
            self.fields["assignee"].label = _("Ouvidor(a) responsável (no acolhimento)")
        self.fields["redirect_unit"].queryset = rules.redirect_units(req)
        self.fields["redirect_service"].queryset = rules.redirect_services(req)
        self.fields["assignee"].queryset = rules.assignable_users(req)

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class AssignForm(ActionForm):
    assignee = UserChoiceField(label=_("Técnico responsável"), queryset=User.objects.none())

    def __init__(self, *args, req: ServiceRequest, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        if req.is_manifestation:
            self.fields["assignee"].label = _("Ouvidor(a) responsável")
        self.fields["assignee"].queryset = rules.assignable_users(req).exclude(pk=req.assignee_id)


class ContactForm(ActionForm):
    channel = forms.ChoiceField(
        label=_("Como foi o contato"),
        required=False,
        choices=[("", "—")] + list(ContactChannel.choices),
    )
    summary = char_limit(
        forms.CharField(
            label=_("Resumo do contato"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        ),
        limits.TEXT,
    )
    internal = forms.BooleanField(label=_("Registro interno (o demandante não vê)"), required=False)


class MessageForm(ActionForm):
    text = char_limit(
        forms.CharField(
            label=_("Mensagem"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        ),
        limits.TEXT,
    )
    internal = forms.BooleanField(
        label=_("Nota interna (o demandante não vê nem recebe por e-mail)"), required=False
    )
    attachments = MultipleFileField(label=_("Anexos"))

    def __init__(self, *args, req: ServiceRequest, **kwargs):
        super().__init__(*args, req=req, **kwargs)
        self.fields["attachments"].help_text = gettext(
            "%(types)s; até %(count)s arquivos, 10 MB cada e 25 MB ao todo."
        ) % {"types": ALLOWED_LABEL, "count": limits.FILES}


class WaitForm(ActionForm):
    message = char_limit(
        forms.CharField(
            label=_("O que o demandante precisa enviar ou responder"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        limits.TEXT,
    )


class ResumeForm(ActionForm):
    """No fields: the button is the whole form."""


class ExtendForm(ActionForm):
    justification = char_limit(
        forms.CharField(
            label=_("Justificativa da prorrogação"),
            required=False,
            help_text=_("O demandante é informado do novo prazo e desta justificativa."),
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        limits.TEXT,
    )


class ConcludeForm(ActionForm):
    outcome = char_limit(
        forms.CharField(
            label=_("Resultado do atendimento"),
            required=False,
            help_text=_("O demandante recebe este resumo."),
            widget=forms.Textarea(attrs={"rows": 4}),
        ),
        limits.TEXT,
    )
