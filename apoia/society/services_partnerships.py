"""The lifecycle of a MROSC partnership (Lei 13.019/2014) as service functions.

call (or documented exemption) → selection → term signed → amendments → accountability
reports (receipt, technical opinion) → closure (final reports with opinions) or cancellation.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from apoia.society.models.partnerships import (
    AccountabilityReport,
    Amendment,
    Opinion,
    Partnership,
    PartnershipStatus,
    ReportKind,
    SelectionMode,
    TermKind,
    WorkPlanGoal,
)
from apoia.society.queries import is_society_staff
from apoia.society.queries_partnerships import may_manage_partnership

S = PartnershipStatus
OPEN = (S.CALL, S.SELECTION, S.IN_EXECUTION, S.ACCOUNTABILITY)
EXECUTING = (S.IN_EXECUTION, S.ACCOUNTABILITY)

# The statuses that allow each action on a partnership (`allowed_actions`) or on one of its
# reports (`report_actions`): the one place the lifecycle's transitions are written.
ACTION_STATUSES = {
    "selection": (S.CALL, S.SELECTION),
    "term": (S.SELECTION,),
    "amendment": (S.IN_EXECUTION,),
    "report": EXECUTING,
    "closure": EXECUTING,
    "cancellation": OPEN,
}
REPORT_ACTION_STATUSES = {"receipt": EXECUTING, "opinion": EXECUTING}


class TransitionNotAllowed(ValidationError):
    """The partnership's (or report's) current state does not allow the action: the web shows
    it as the form's error, the API answers 409 with the same message."""


def _check_staff(by, partnership=None, unit=None):
    state_id = partnership.unit.state_id if partnership else unit.state_id
    if not is_society_staff(by, state_id):
        raise PermissionDenied("Você não gerencia parcerias deste estado.")


def _require_status(partnership, *allowed, action):
    if partnership.status not in allowed:
        raise TransitionNotAllowed(
            f"Não é possível {action}: a parceria está em “{partnership.get_status_display()}”."
        )


def allowed_actions(partnership) -> list[str]:
    """The actions the partnership's status allows now, in lifecycle order."""
    found = [a for a, statuses in ACTION_STATUSES.items() if partnership.status in statuses]
    if "selection" in found and partnership.signed_on:
        found.remove("selection")
    if "term" in found and partnership.organization_id is None:
        found.remove("term")
    return found


def report_actions(report) -> list[str]:
    """ "receipt" until the report arrives, then "opinion" until it has one."""
    if report.partnership.status not in REPORT_ACTION_STATUSES["receipt"]:
        return []
    if not report.received_on:
        return ["receipt"]
    return [] if report.opinion else ["opinion"]


@transaction.atomic
def create_partnership(
    *,
    by,
    unit,
    title,
    object,
    selection_mode,
    term_kind,
    call_number="",
    call_published_on=None,
    proposals_until=None,
    exemption_justification="",
    process_number="",
) -> Partnership:
    _check_staff(by, unit=unit)
    errors = {}
    if not (title or "").strip():
        errors["title"] = ["Informe o título."]
    if not (object or "").strip():
        errors["object"] = ["Descreva o objeto da parceria."]
    if selection_mode not in SelectionMode.values:
        errors["selection_mode"] = ["Forma de seleção inválida."]
    if term_kind not in TermKind.values:
        errors["term_kind"] = ["Instrumento inválido."]
    if selection_mode == SelectionMode.PUBLIC_CALL:
        if not call_number:
            errors["call_number"] = ["Informe o número do edital."]
        if not call_published_on:
            errors["call_published_on"] = ["Informe a data de publicação do edital."]
        if not proposals_until:
            errors["proposals_until"] = ["Informe até quando se recebem propostas."]
        elif call_published_on and proposals_until < call_published_on:
            errors["proposals_until"] = ["O prazo das propostas é anterior à publicação."]
    elif selection_mode in SelectionMode.values and not (exemption_justification or "").strip():
        errors["exemption_justification"] = [
            "A dispensa ou inexigibilidade precisa de justificativa."
        ]
    if errors:
        raise ValidationError(errors)
    is_call = selection_mode == SelectionMode.PUBLIC_CALL
    return Partnership.objects.create(
        unit=unit,
        title=title.strip(),
        object=object.strip(),
        selection_mode=selection_mode,
        term_kind=term_kind,
        call_number=call_number if is_call else "",
        call_published_on=call_published_on if is_call else None,
        proposals_until=proposals_until if is_call else None,
        exemption_justification="" if is_call else exemption_justification.strip(),
        process_number=process_number,
        status=S.CALL if is_call else S.SELECTION,
    )


@transaction.atomic
def register_selection(*, by, partnership, organization, result_published_on) -> Partnership:
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    _require_status(partnership, *ACTION_STATUSES["selection"], action="registrar a seleção")
    if partnership.signed_on:
        raise TransitionNotAllowed("O termo já foi assinado.")
    errors = {}
    if organization is None:
        errors["organization"] = ["Escolha a organização selecionada."]
    if not result_published_on:
        errors["result_published_on"] = ["Informe a data do resultado."]
    elif partnership.proposals_until and result_published_on < partnership.proposals_until:
        errors["result_published_on"] = ["O resultado não pode sair antes do fim das propostas."]
    if errors:
        raise ValidationError(errors)
    partnership.organization = organization
    partnership.result_published_on = result_published_on
    partnership.status = S.SELECTION
    partnership.save()
    return partnership


@transaction.atomic
def sign_term(
    *, by, partnership, term_number, signed_on, value, starts_on, ends_on, goals=()
) -> Partnership:
    """`goals`: descriptions (one per work-plan goal), at least one."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    if "term" not in allowed_actions(partnership):
        raise TransitionNotAllowed("O termo só é assinado depois da seleção da organização.")
    goals = [g.strip() for g in goals if g and g.strip()]
    errors = {}
    if not (term_number or "").strip():
        errors["term_number"] = ["Informe o número do termo."]
    if not signed_on:
        errors["signed_on"] = ["Informe a data da assinatura."]
    if value is None:
        errors["value"] = ["Informe o valor global."]
    elif Decimal(value) < 0:
        errors["value"] = ["O valor não pode ser negativo."]
    if not starts_on:
        errors["starts_on"] = ["Informe o início da vigência."]
    if not ends_on:
        errors["ends_on"] = ["Informe o fim da vigência."]
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = ["A vigência não pode terminar antes de começar."]
    if not goals:
        errors["goals"] = ["Informe ao menos uma meta do plano de trabalho."]
    elif any(len(g) > 300 for g in goals):
        errors["goals"] = ["Cada meta tem no máximo 300 caracteres."]
    if errors:
        raise ValidationError(errors)
    partnership.term_number = term_number.strip()
    partnership.signed_on = signed_on
    partnership.value = value
    partnership.starts_on = starts_on
    partnership.ends_on = ends_on
    partnership.status = S.IN_EXECUTION
    partnership.save()
    WorkPlanGoal.objects.bulk_create(
        WorkPlanGoal(partnership=partnership, description=g, order=i)
        for i, g in enumerate(goals, start=1)
    )
    return partnership


@transaction.atomic
def add_amendment(
    *, by, partnership, signed_on, description, new_ends_on=None, new_value=None
) -> Amendment:
    """Numbered in order (1, 2, ...); a new end date or value applies to the partnership."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    _require_status(partnership, *ACTION_STATUSES["amendment"], action="aditar")
    errors = {}
    if not signed_on:
        errors["signed_on"] = ["Informe a data da assinatura."]
    if not (description or "").strip():
        errors["description"] = ["Descreva o que o aditivo altera."]
    if new_ends_on and partnership.starts_on and new_ends_on < partnership.starts_on:
        errors["new_ends_on"] = ["A vigência não pode terminar antes de começar."]
    if new_value is not None and Decimal(new_value) < 0:
        errors["new_value"] = ["O valor não pode ser negativo."]
    if errors:
        raise ValidationError(errors)
    last = partnership.amendments.aggregate(n=Max("number"))["n"] or 0
    amendment = Amendment.objects.create(
        partnership=partnership,
        number=last + 1,
        signed_on=signed_on,
        description=description.strip(),
        new_ends_on=new_ends_on,
        new_value=new_value,
    )
    if new_ends_on:
        partnership.ends_on = new_ends_on
    if new_value is not None:
        partnership.value = new_value
    partnership.save()
    return amendment


@transaction.atomic
def add_report_due(*, by, partnership, kind, period_label, due_on, is_final=False):
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    _require_status(partnership, *ACTION_STATUSES["report"], action="pedir prestação de contas")
    errors = {}
    if kind not in ReportKind.values:
        errors["kind"] = ["Tipo de relatório inválido."]
    if not (period_label or "").strip():
        errors["period_label"] = ["Informe o período."]
    if not due_on:
        errors["due_on"] = ["Informe o prazo de entrega."]
    if errors:
        raise ValidationError(errors)
    report = AccountabilityReport.objects.create(
        partnership=partnership,
        kind=kind,
        period_label=period_label.strip(),
        due_on=due_on,
        is_final=is_final,
    )
    if is_final and partnership.status == S.IN_EXECUTION:
        partnership.status = S.ACCOUNTABILITY
        partnership.save()
    return report


def _locked_report(report):
    return (
        AccountabilityReport.objects.select_for_update()
        .select_related("partnership__unit")
        .get(pk=report.pk)
    )


@transaction.atomic
def register_receipt(*, by, report, received_on) -> AccountabilityReport:
    report = _locked_report(report)
    _check_staff(by, report.partnership)
    _require_status(
        report.partnership, *REPORT_ACTION_STATUSES["receipt"], action="registrar o recebimento"
    )
    if report.received_on:
        raise TransitionNotAllowed("Este relatório já foi recebido.")
    if not received_on:
        raise ValidationError({"received_on": ["Informe a data do recebimento."]})
    report.received_on = received_on
    report.save()
    return report


@transaction.atomic
def give_opinion(*, by, report, opinion, opinion_text, opinion_on) -> AccountabilityReport:
    report = _locked_report(report)
    _check_staff(by, report.partnership)
    _require_status(report.partnership, *REPORT_ACTION_STATUSES["opinion"], action="dar parecer")
    if not report.received_on:
        raise TransitionNotAllowed("Só há parecer sobre relatório recebido.")
    if report.opinion:
        raise TransitionNotAllowed("Este relatório já tem parecer.")
    errors = {}
    if opinion not in Opinion.values:
        errors["opinion"] = ["Parecer inválido."]
    if not (opinion_text or "").strip():
        errors["opinion_text"] = ["O parecer precisa de fundamentação."]
    if not opinion_on:
        errors["opinion_on"] = ["Informe a data do parecer."]
    elif opinion_on < report.received_on:
        errors["opinion_on"] = ["O parecer não pode ser anterior ao recebimento."]
    if errors:
        raise ValidationError(errors)
    report.opinion = opinion
    report.opinion_text = opinion_text.strip()
    report.opinion_on = opinion_on
    report.opinion_by = by
    report.save()
    return report


@transaction.atomic
def close_partnership(*, by, partnership, closed_on, closing_note="") -> Partnership:
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    _require_status(partnership, *ACTION_STATUSES["closure"], action="encerrar")
    finals = list(partnership.reports.filter(is_final=True))
    if not finals:
        raise TransitionNotAllowed("A parceria só é encerrada com a prestação de contas final.")
    if any(not r.opinion for r in finals):
        raise TransitionNotAllowed(
            "A parceria só é encerrada quando os relatórios finais têm parecer."
        )
    if not closed_on:
        raise ValidationError({"closed_on": ["Informe a data do encerramento."]})
    partnership.status = S.CLOSED
    partnership.closed_on = closed_on
    partnership.closing_note = (closing_note or "").strip()
    partnership.save()
    return partnership


@transaction.atomic
def cancel_partnership(*, by, partnership, closed_on, reason) -> Partnership:
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _check_staff(by, partnership)
    _require_status(partnership, *ACTION_STATUSES["cancellation"], action="cancelar")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Informe o motivo do cancelamento."]})
    if not closed_on:
        raise ValidationError({"closed_on": ["Informe a data do cancelamento."]})
    partnership.status = S.CANCELLED
    partnership.closed_on = closed_on
    partnership.closing_note = reason.strip()
    partnership.save()
    return partnership


def effective_end(partnership) -> datetime.date | None:
    """The end date after amendments (applied to `ends_on` by `add_amendment`)."""
    return partnership.ends_on


def reports_due(partnership, today):
    return partnership.reports.filter(received_on__isnull=True, due_on__gte=today)


def reports_late(partnership, today):
    return partnership.reports.late(today)


__all__ = ["may_manage_partnership"]
