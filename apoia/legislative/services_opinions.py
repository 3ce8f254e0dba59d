"""Opinions on a bill: the desk routes it to several units at once (each with a deadline in
business days of the territory calendar), the units answer, and the desk consolidates."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.legislative import queries
from apoia.legislative.models import CLOSED_BILL_STATUSES, Bill, OpinionRequest, Position
from apoia.territory.calendar import CalendarError, compute_deadline
from apoia.territory.models import DeadlineUnit

MAX_BUSINESS_DAYS = 120
MAX_TEXT = 10000


def _check_desk(by, bill) -> None:
    if not queries.is_desk_for(by, bill):
        raise PermissionDenied(_("Só a unidade que acompanha a proposição pode fazer isto."))


def _valid_days(n) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_BUSINESS_DAYS


def _unit_names(units) -> str:
    return ", ".join(u.acronym or u.name for u in units)


def deadline_for(bill: Bill, requested_on: dt.date, business_days: int) -> dt.date:
    """The due day of an opinion on `bill`: `business_days` business days of the bill's state
    (and, for a câmara municipal, of its municipality) after `requested_on`."""
    return compute_deadline(
        requested_on,
        business_days,
        DeadlineUnit.BUSINESS_DAYS,
        uf=bill.state.uf,
        municipality=bill.municipality_id,
    ).due


@transaction.atomic
def route_bill(
    *,
    by,
    bill: Bill,
    units,
    business_days: int,
    question: str = "",
    requested_on: dt.date | None = None,
    business_days_by_unit: dict | None = None,
) -> list[OpinionRequest]:
    """Ask each of `units` for an opinion, all at once; one request per unit, due
    `business_days` business days after `requested_on` (today by default), or the days
    `business_days_by_unit` gives a unit ({unit: days})."""
    bill = Bill.objects.select_for_update().select_related("state").get(pk=bill.pk)
    _check_desk(by, bill)
    today = timezone.localdate()
    requested_on = requested_on or today
    units = list(dict.fromkeys(units))  # once each, in the order given
    errors: dict[str, list[str]] = {}
    if bill.status in CLOSED_BILL_STATUSES:
        errors["__all__"] = [
            _("A proposição está “%(status)s”: não se pedem mais pareceres.")
            % {"status": bill.get_status_display()}
        ]
    if not units:
        errors["units"] = [_("Escolha ao menos uma unidade.")]
    elif others := [u for u in units if u.state_id != bill.state_id]:
        errors["units"] = [
            _("Estas unidades não são do estado da proposição: %(units)s.")
            % {"units": _unit_names(others)}
        ]
    else:
        consulted = set(
            bill.opinion_requests.filter(cancelled_at__isnull=True).values_list(
                "unit_id", flat=True
            )
        )
        if again := [u for u in units if u.pk in consulted]:
            errors["units"] = [
                ngettext(
                    "Esta unidade já foi consultada: %(units)s.",
                    "Estas unidades já foram consultadas: %(units)s.",
                    len(again),
                )
                % {"units": _unit_names(again)}
            ]
    days = {unit: (business_days_by_unit or {}).get(unit, business_days) for unit in units}
    if not all(_valid_days(n) for n in [business_days, *days.values()]):
        errors["business_days"] = [
            _("Informe um prazo entre 1 e %(max)s dias úteis.") % {"max": MAX_BUSINESS_DAYS}
        ]
    if requested_on > today:
        errors["requested_on"] = [_("A data do pedido não pode estar no futuro.")]
    if len(question or "") > MAX_TEXT:
        errors["question"] = [_("Use no máximo %(count)s caracteres.") % {"count": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    try:
        due = {n: deadline_for(bill, requested_on, n) for n in set(days.values())}
    except CalendarError as error:
        raise ValidationError({"business_days": [error.message]}) from None
    return [
        OpinionRequest.objects.create(
            bill=bill,
            unit=unit,
            question=(question or "").strip(),
            requested_on=requested_on,
            business_days=n,
            due_on=due[n],
            requested_by=by,
        )
        for unit, n in days.items()
    ]


def _locked_request(opinion_request) -> OpinionRequest:
    return (
        OpinionRequest.objects.select_for_update()
        .select_related("bill", "unit")
        .get(pk=opinion_request.pk)
    )


@transaction.atomic
def answer_opinion(*, by, opinion_request, position: str, opinion: str) -> OpinionRequest:
    """The consulted unit's (or the desk's) opinion, once."""
    req = _locked_request(opinion_request)
    if not queries.may_answer(by, req):
        raise PermissionDenied(_("Só a unidade consultada pode responder a este pedido."))
    if req.cancelled_at:
        raise ValidationError(_("Este pedido de parecer foi cancelado."))
    if req.answered_at:
        raise ValidationError(_("Este pedido de parecer já foi respondido."))
    errors = {}
    if position not in Position.values:
        errors["position"] = [_("Escolha a posição da unidade.")]
    if not (opinion or "").strip():
        errors["opinion"] = [_("Escreva o parecer.")]
    elif len(opinion) > MAX_TEXT:
        errors["opinion"] = [_("Use no máximo %(count)s caracteres.") % {"count": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    req.position, req.opinion = position, opinion.strip()
    req.answered_at, req.answered_by = timezone.now(), by
    req.save(update_fields=["position", "opinion", "answered_at", "answered_by"])
    return req


@transaction.atomic
def cancel_opinion_request(*, by, opinion_request) -> OpinionRequest:
    """The desk withdraws an open request (the unit may then be consulted again)."""
    req = _locked_request(opinion_request)
    _check_desk(by, req.bill)
    if req.answered_at or req.cancelled_at:
        raise ValidationError(_("Só um pedido em aberto pode ser cancelado."))
    req.cancelled_at = timezone.now()
    req.save(update_fields=["cancelled_at"])
    return req


@transaction.atomic
def consolidate(*, by, bill: Bill, position: str, text: str, cancel_open: bool = False) -> Bill:
    """The desk's consolidated position. Refused while requests are open, unless
    `cancel_open` says to cancel them."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    _check_desk(by, bill)
    errors = {}
    if position not in Position.values:
        errors["position"] = [_("Escolha a posição consolidada.")]
    if not (text or "").strip():
        errors["text"] = [_("Escreva a manifestação consolidada.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Use no máximo %(count)s caracteres.") % {"count": MAX_TEXT}]
    still_open = list(bill.opinion_requests.open().select_related("unit").order_by("unit__name"))
    if still_open and not cancel_open:
        errors["cancel_open"] = [
            ngettext(
                "Há %(count)s pedido de parecer em aberto (%(units)s): aguarde a resposta "
                "ou cancele-o.",
                "Há %(count)s pedidos de parecer em aberto (%(units)s): aguarde as respostas "
                "ou cancele-os.",
                len(still_open),
            )
            % {"count": len(still_open), "units": _unit_names(r.unit for r in still_open)}
        ]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if still_open:
        bill.opinion_requests.open().update(cancelled_at=now)
    bill.consolidated_position, bill.consolidated_text = position, text.strip()
    bill.consolidated_at, bill.consolidated_by = now, by
    bill.save(
        update_fields=[
            "consolidated_position",
            "consolidated_text",
            "consolidated_at",
            "consolidated_by",
        ]
    )
    return bill
