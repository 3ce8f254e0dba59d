"""Who may do what to a request, and when: the one rules table of the pipeline.

Every verb of the pipeline has one row in `RULES`: the statuses it is allowed from, the parties
who may take it, and any further condition (a deadline extended only once, a rating given only
once...). `can(user, req, verb)` answers from the table; the service functions call `require`
first, so the web, the API and Open311 cannot disagree: they only ask `can` to decide what to
offer, and report the error the service raises.

The parties:
- `DECIDER`: answers for the request's unit: an administrator; a coordinator whose scope (a unit
  and its sub-units) holds the request's unit; for ombudsman and LAI requests, also an ombudsman
  whose scope holds it. Decides, reroutes, assigns, extends.
- `HANDLER`: a decider, or the technician assigned to the request. Handles it day to day.
- `REQUESTER`: whoever proves to be the requester: the account that filed it, anyone holding
  the number and its access code (the tracking page's session, the API's access code), and,
  for a request an institution filed, its colleagues (`is_colleague`).

Colleagues. An ofício or an ordinary request filed by an organization's representative, or by
a municipality's focal point, is the institution's: the institution answers through any of its
people, so another representative of the same organization (the request is linked to it) or
another focal point of the same prefeitura (the filer is its focal point) is the requester
party too: they see it, reply, add documents, rate, appeal and reopen. Ombudsman manifestations
and LAI requests (`OMBUDSMAN_KINDS`) are personal (Lei 13.460/2017, art. 10, § 7; Lei
12.527/2011, art. 31): only their filer, or whoever holds the access code, acts on them, and
colleagues do not even see them (`queries.visible_to`).

Whom an action may choose (the assignee, the unit a request is rerouted to, the unit or service
a refusal points to) is also decided here: `assignable_users`, `reroute_targets`,
`redirect_units`, `redirect_services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.accounts.models import OrgUnit, Role, User
from apoia.catalog.models import Service
from apoia.protocol.models import OPEN_STATUSES, ServiceRequest, Status
from apoia.protocol.wording import OMBUDSMAN_KINDS

REOPEN_WINDOW_DAYS = 10


class Verb(TextChoices):
    DECIDE = "decide", gettext_lazy("decidir")
    REROUTE = "reroute", gettext_lazy("redirecionar")
    ASSIGN = "assign", gettext_lazy("designar o técnico")
    CONTACT = "contact", gettext_lazy("registrar contato")
    MESSAGE = "message", gettext_lazy("escrever ao demandante")
    NOTE = "note", gettext_lazy("registrar nota interna")
    WAIT = "wait", gettext_lazy("aguardar o demandante")
    RESUME = "resume", gettext_lazy("retomar o atendimento")
    EXTEND = "extend", gettext_lazy("prorrogar o prazo")
    CONCLUDE = "conclude", gettext_lazy("concluir")
    REPLY = "reply", gettext_lazy("responder")
    RATE = "rate", gettext_lazy("avaliar")
    REOPEN = "reopen", gettext_lazy("reabrir")
    APPEAL = "appeal", gettext_lazy("recorrer")


DECIDER, HANDLER, REQUESTER = "decider", "handler", "requester"
STAFF_VERBS = frozenset(
    {
        Verb.DECIDE,
        Verb.REROUTE,
        Verb.ASSIGN,
        Verb.CONTACT,
        Verb.MESSAGE,
        Verb.NOTE,
        Verb.WAIT,
        Verb.RESUME,
        Verb.EXTEND,
        Verb.CONCLUDE,
    }
)
REQUESTER_VERBS = frozenset({Verb.REPLY, Verb.RATE, Verb.REOPEN, Verb.APPEAL})
EVERY_STATUS = frozenset(Status.values)
HANDLING = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.WAITING_REQUESTER})


class TransitionError(ValidationError):
    """A transition that is not allowed now (status or condition); carries a Portuguese message."""


class NotPermitted(PermissionDenied):
    """The user may see the request but may not take this action (API: 403)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- conditions beyond the status: each returns why not, or "" -------------------------------


def _extension_available(req: ServiceRequest) -> str:
    if not req.service.extension_amount:
        return _("O prazo deste serviço não pode ser prorrogado.")
    if req.extended:
        return _("O prazo já foi prorrogado uma vez.")
    return ""


def _not_rated(req: ServiceRequest) -> str:
    return _("Este atendimento já foi avaliado.") if req.rating is not None else ""


def reopen_until(req: ServiceRequest) -> dt.datetime | None:
    """The last moment the requester may ask to reopen a concluded request."""
    if req.status != Status.CONCLUDED or req.concluded_at is None:
        return None
    return req.concluded_at + dt.timedelta(days=REOPEN_WINDOW_DAYS)


def _within_reopen_window(req: ServiceRequest) -> str:
    until = reopen_until(req)
    if until is None or timezone.now() > until:
        return _("O prazo de 10 dias para pedir a reabertura terminou.")
    return ""


def _not_appealed(req: ServiceRequest) -> str:
    return _("O recurso já foi apresentado uma vez.") if req.appealed_at is not None else ""


@dataclass(frozen=True)
class Rule:
    """One verb: from which statuses, by whom, and on what further condition."""

    statuses: frozenset[str]
    party: str
    condition: Callable[[ServiceRequest], str] | None = None
    # What the requester reads when the status forbids the verb (staff get the generic one).
    status_message: str = ""


RULES: dict[str, Rule] = {
    Verb.DECIDE: Rule(frozenset({Status.RECEIVED, Status.APPEALED}), DECIDER),
    Verb.REROUTE: Rule(frozenset({Status.RECEIVED, Status.ACCEPTED, Status.APPEALED}), DECIDER),
    Verb.ASSIGN: Rule(HANDLING, DECIDER),
    Verb.CONTACT: Rule(HANDLING, HANDLER),
    Verb.MESSAGE: Rule(EVERY_STATUS, HANDLER),
    Verb.NOTE: Rule(EVERY_STATUS, HANDLER),
    Verb.WAIT: Rule(frozenset({Status.ACCEPTED, Status.IN_PROGRESS}), HANDLER),
    Verb.RESUME: Rule(frozenset({Status.WAITING_REQUESTER}), HANDLER),
    # Extending is the authority's decision (Lei 12.527/2011 art. 11 § 2; Lei 13.460 art. 16).
    Verb.EXTEND: Rule(frozenset(OPEN_STATUSES), DECIDER, _extension_available),
    Verb.CONCLUDE: Rule(HANDLING, HANDLER),
    Verb.REPLY: Rule(
        frozenset(OPEN_STATUSES),
        REQUESTER,
        status_message=gettext_lazy("Este pedido já foi encerrado e não recebe mais mensagens."),
    ),
    Verb.RATE: Rule(
        frozenset({Status.CONCLUDED}),
        REQUESTER,
        _not_rated,
        gettext_lazy("Só é possível avaliar um pedido concluído."),
    ),
    Verb.REOPEN: Rule(
        frozenset({Status.CONCLUDED}),
        REQUESTER,
        _within_reopen_window,
        gettext_lazy("Só é possível reabrir um pedido concluído."),
    ),
    Verb.APPEAL: Rule(
        frozenset({Status.REFUSED}),
        REQUESTER,
        _not_appealed,
        gettext_lazy("Só é possível recorrer de um pedido recusado."),
    ),
}


# --- parties ---------------------------------------------------------------------------------


def unit_scope(user, role: str) -> set[int]:
    """The units `user` answers for in `role`: each unit of its memberships and its sub-units."""
    ids: set[int] = set()
    for unit in OrgUnit.objects.filter(pk__in=user.scope_ids(role, "org_unit")):
        ids |= unit.descendant_ids()
    return ids


def is_decider(user, req: ServiceRequest) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if req.unit_id is None:
        return False
    if user.has_role(Role.COORDINATOR) and req.unit_id in unit_scope(user, Role.COORDINATOR):
        return True
    return (
        req.service.kind in OMBUDSMAN_KINDS
        and user.has_role(Role.OMBUDSMAN)
        and req.unit_id in unit_scope(user, Role.OMBUDSMAN)
    )


def is_handler(user, req: ServiceRequest) -> bool:
    if not user.is_authenticated:
        return False
    return (req.assignee_id is not None and req.assignee_id == user.pk) or is_decider(user, req)


def works_the_queue(user) -> bool:
    """Holds a state staff role: gets the unit queue and the deadline dashboard. Everyone else
    signed in (representatives, focal points, citizens with an account) gets "Meus pedidos"."""
    return bool(user is not None and user.is_authenticated and user.is_staff_member)


def is_colleague(user, req: ServiceRequest) -> bool:
    """Another person of the institution that filed `req` (see the module's docstring); the
    same scope as `queries.institution_q`, which lists these requests."""
    if user is None or not user.is_authenticated or req.service.kind in OMBUDSMAN_KINDS:
        return False
    if req.organization_id is not None and req.organization_id in user.scope_ids(
        Role.ORGANIZATION, "organization"
    ):
        return True
    municipalities = user.scope_ids(Role.MUNICIPAL, "municipality")
    if req.requester_id is None or req.municipality_id not in municipalities:
        return False
    return req.requester.memberships.filter(
        role=Role.MUNICIPAL, municipality_id__in=municipalities
    ).exists()


def is_requester(user, req: ServiceRequest, *, holds_code: bool = False) -> bool:
    if holds_code:
        return True
    if user is None or not user.is_authenticated:
        return False
    return req.requester_id == user.pk or is_colleague(user, req)


def _is_party(user, req: ServiceRequest, party: str, holds_code: bool) -> bool:
    if party == DECIDER:
        return is_decider(user, req)
    if party == HANDLER:
        return is_handler(user, req)
    return is_requester(user, req, holds_code=holds_code)


# --- the questions every surface asks --------------------------------------------------------


def why_not(user, req: ServiceRequest, verb: str, *, holds_code: bool = False) -> str:
    """Why `user` may not take `verb` on `req` now, or "" when they may."""
    if verb not in RULES:
        raise ValueError(f"unknown verb {verb!r}")
    rule = RULES[verb]
    if not _is_party(user, req, rule.party, holds_code):
        return _not_permitted_message(rule.party)
    if req.status not in rule.statuses:
        return _status_message(req, rule)
    return rule.condition(req) if rule.condition else ""


def can(user, req: ServiceRequest, verb: str, *, holds_code: bool = False) -> bool:
    """May `user` take `verb` on `req` now? `holds_code`: the caller proved the access code."""
    return not why_not(user, req, verb, holds_code=holds_code)


def allowed_verbs(user, req: ServiceRequest, *, holds_code: bool = False) -> set[str]:
    """Every verb `user` may take on `req` now: what a page offers."""
    return {verb for verb in RULES if can(user, req, verb, holds_code=holds_code)}


def is_party_to(user, req: ServiceRequest, verb: str, *, holds_code: bool = False) -> bool:
    """Is `user` among those who may ever take `verb` on `req` (whatever its status)? The
    surfaces ask this before reading a body, to answer "not yours" (403) before "invalid"."""
    return _is_party(user, req, RULES[verb].party, holds_code)


def require(user, req: ServiceRequest, verb: str, *, holds_code: bool = False) -> None:
    """Raise when `user` may not take `verb` now: NotPermitted for the wrong party,
    TransitionError for the wrong status or an unmet condition. Services call this first."""
    rule = RULES[verb]
    if not _is_party(user, req, rule.party, holds_code):
        raise NotPermitted(_not_permitted_message(rule.party))
    if req.status not in rule.statuses:
        raise TransitionError(_status_message(req, rule))
    problem = rule.condition(req) if rule.condition else ""
    if problem:
        raise TransitionError(problem)


def is_staff_for(user, req: ServiceRequest) -> bool:
    """Acts on the request as the state (sees its internal notes and files)."""
    return is_handler(user, req)


def _not_permitted_message(party: str) -> str:
    if party == DECIDER:
        return _("Só a coordenação da unidade responsável pode fazer isso.")
    if party == HANDLER:
        return _("Só a equipe que atende o pedido pode fazer isso.")
    return _("Só o demandante pode fazer isso.")


def _status_message(req: ServiceRequest, rule: Rule) -> str:
    if rule.status_message:
        return str(rule.status_message)
    return _("Não é possível fazer isso com um pedido na situação “%(status)s”.") % {
        "status": req.get_status_display()
    }


# --- whom an action may choose ---------------------------------------------------------------


def assignable_users(req: ServiceRequest) -> QuerySet[User]:
    """Who may be made responsible: active technicians and coordinators of the request's unit
    or of its sub-units."""
    if req.unit_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=[Role.TECHNICIAN, Role.COORDINATOR],
            memberships__org_unit_id__in=req.unit.descendant_ids(),
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def reroute_targets(req: ServiceRequest) -> QuerySet[OrgUnit]:
    """Units a request may be sent to: those of its own state, other than the current one."""
    return OrgUnit.objects.filter(state_id=req.state_id).exclude(pk=req.unit_id)


def redirect_units(req: ServiceRequest) -> QuerySet[OrgUnit]:
    """Units a refusal may point the requester to: those of the request's state."""
    return OrgUnit.objects.filter(state_id=req.state_id)


def redirect_services(req: ServiceRequest) -> QuerySet[Service]:
    """Services a refusal may point the requester to: published ones of the same state."""
    return Service.objects.published().filter(state_id=req.state_id).exclude(pk=req.service_id)
