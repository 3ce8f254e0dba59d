"""The next step of a request, in the requester's plain words: what "Meus pedidos" and its API
show beside each request ("Aguardando sua resposta", "Em análise pela unidade"...).

Read from the status and from what the rules table lets the reader do now (`allowed`, the
verbs of `rules.allowed_verbs`): a rating is offered only while the request may be rated, and
"your answer" only to whoever may give it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apoia.protocol import rules
from apoia.protocol.models import ServiceRequest, Status
from apoia.protocol.rules import REQUESTER_VERBS, Verb
from apoia.protocol.services import deadline_state


@dataclass(frozen=True)
class Step:
    """`code` is stable (the API's `next_step.code`); `label` is for people."""

    code: str
    label: str
    # The requester is the one to act (the page points at it).
    yours: bool = False


def next_step(req: ServiceRequest, allowed: set[str]) -> Step:
    """What happens next with `req`, for a reader who may take the verbs in `allowed`."""
    manifestation = req.is_manifestation
    status = req.status
    if status == Status.WAITING_REQUESTER:
        if Verb.REPLY in allowed:
            return Step("your_reply", _("Aguardando sua resposta"), yours=True)
        return Step("requester_reply", _("Aguardando resposta do demandante"))
    if status == Status.RECEIVED:
        if req.unit_id is None:
            return Step("triage", _("Em triagem: a unidade responsável será definida"))
        if manifestation:
            return Step("unit_review", _("Em análise pela ouvidoria"))
        return Step("unit_review", _("Em análise pela unidade"))
    if status == Status.ACCEPTED:
        if manifestation:
            return Step("assignment", _("Acolhida: a ouvidoria vai designar quem a atende"))
        return Step("assignment", _("Aceito: a unidade vai designar quem o atende"))
    if status == Status.IN_PROGRESS:
        if manifestation:
            return Step("in_progress", _("Em atendimento pela ouvidoria"))
        return Step("in_progress", _("Em atendimento pela unidade"))
    if status == Status.APPEALED:
        return Step("appeal_review", _("Recurso em análise pela coordenação"))
    if status == Status.REFUSED:
        if Verb.APPEAL in allowed:
            if manifestation:
                return Step("appeal", _("Não acolhida — você pode recorrer"), yours=True)
            return Step("appeal", _("Recusado — você pode recorrer"), yours=True)
        return Step("closed", _("Encerrada") if manifestation else _("Encerrado"))
    if Verb.RATE in allowed:
        if manifestation:
            return Step("rate", _("Concluída — avalie o atendimento"), yours=True)
        return Step("rate", _("Concluído — avalie o atendimento"), yours=True)
    if Verb.REOPEN in allowed:
        if manifestation:
            return Step("reopen", _("Concluída — se não resolveu, peça a reabertura"), yours=True)
        return Step("reopen", _("Concluído — se não resolveu, peça a reabertura"), yours=True)
    return Step("closed", _("Encerrada") if manifestation else _("Encerrado"))


# Meus pedidos' page size, on the web and in the API.
MINE_PAGE_SIZE = 20


@dataclass(frozen=True)
class RequesterView:
    """One request as Meus pedidos lists it (page and API alike)."""

    req: ServiceRequest
    step: Step
    # The requester's verbs the reader may take now (rules.allowed_verbs), in a stable order.
    actions: tuple[str, ...]
    deadline_state: str


def for_requester(user, req: ServiceRequest, today, limit) -> RequesterView:
    allowed = rules.allowed_verbs(user, req)
    actions = tuple(verb for verb in Verb.values if verb in allowed and verb in REQUESTER_VERBS)
    return RequesterView(
        req=req,
        step=next_step(req, allowed),
        actions=actions,
        deadline_state=deadline_state(req, today, limit),
    )
