import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.society import services_partnerships as sp
from apoia.society.models.partnerships import (
    AccountabilityReport,
    Opinion,
    PartnershipStatus,
    ReportKind,
    SelectionMode,
    TermKind,
)

D = datetime.date


@pytest.fixture
def mt_technician(state_mt):
    from apoia.accounts.models import Role
    from apoia.accounts.reference import ensure_unit
    from conftest import _person

    return _person("mt@apoia.test", "Maria MT", Role.TECHNICIAN, org_unit=ensure_unit("mt-cpsb"))


def _call(technician, community_unit):
    return sp.create_partnership(
        by=technician,
        unit=community_unit,
        title="Hortas comunitárias",
        object="Implantar hortas em bairros.",
        selection_mode=SelectionMode.PUBLIC_CALL,
        term_kind=TermKind.FOMENTO,
        call_number="01/2026",
        call_published_on=D(2026, 1, 5),
        proposals_until=D(2026, 2, 5),
    )


def _selected(technician, community_unit, organization):
    p = _call(technician, community_unit)
    return sp.register_selection(
        by=technician, partnership=p, organization=organization, result_published_on=D(2026, 2, 20)
    )


def _signed(technician, community_unit, organization):
    p = _selected(technician, community_unit, organization)
    return sp.sign_term(
        by=technician,
        partnership=p,
        term_number="TF 3/2026",
        signed_on=D(2026, 3, 1),
        value=Decimal("100000.00"),
        starts_on=D(2026, 3, 1),
        ends_on=D(2026, 12, 31),
        goals=["Implantar 10 hortas", "", "Formar 50 pessoas"],
    )


def test_public_call_starts_in_call_status(technician, community_unit):
    assert _call(technician, community_unit).status == PartnershipStatus.CALL


def test_exemption_needs_justification(technician, community_unit):
    with pytest.raises(ValidationError) as exc:
        sp.create_partnership(
            by=technician,
            unit=community_unit,
            title="Acolhimento",
            object="Acolher.",
            selection_mode=SelectionMode.EXEMPTION,
            term_kind=TermKind.COLABORACAO,
        )
    assert "exemption_justification" in exc.value.message_dict


def test_exemption_with_justification_goes_to_selection(technician, community_unit):
    p = sp.create_partnership(
        by=technician,
        unit=community_unit,
        title="Acolhimento",
        object="Acolher.",
        selection_mode=SelectionMode.EXEMPTION,
        term_kind=TermKind.COLABORACAO,
        exemption_justification="Calamidade pública (art. 30, I).",
    )
    assert p.status == PartnershipStatus.SELECTION


def test_public_call_needs_its_dates(technician, community_unit):
    with pytest.raises(ValidationError) as exc:
        sp.create_partnership(
            by=technician,
            unit=community_unit,
            title="X",
            object="Y",
            selection_mode=SelectionMode.PUBLIC_CALL,
            term_kind=TermKind.FOMENTO,
        )
    assert {"call_number", "call_published_on", "proposals_until"} <= set(exc.value.message_dict)


def test_staff_of_another_state_cannot_create(mt_technician, community_unit):
    with pytest.raises(PermissionDenied):
        _call(mt_technician, community_unit)


def test_cannot_sign_before_selection(technician, community_unit):
    p = _call(technician, community_unit)
    with pytest.raises(ValidationError):
        sp.sign_term(
            by=technician,
            partnership=p,
            term_number="TF 1",
            signed_on=D(2026, 3, 1),
            value=Decimal("1"),
            starts_on=D(2026, 3, 1),
            ends_on=D(2026, 4, 1),
            goals=["Meta"],
        )


def test_selection_sets_organization(technician, community_unit, organization):
    p = _selected(technician, community_unit, organization)
    assert (p.status, p.organization) == (PartnershipStatus.SELECTION, organization)


def test_signing_creates_goals_in_order(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    assert p.status == PartnershipStatus.IN_EXECUTION
    assert [g.description for g in p.goals.all()] == ["Implantar 10 hortas", "Formar 50 pessoas"]


def test_signing_needs_a_goal(technician, community_unit, organization):
    p = _selected(technician, community_unit, organization)
    with pytest.raises(ValidationError) as exc:
        sp.sign_term(
            by=technician,
            partnership=p,
            term_number="TF 1",
            signed_on=D(2026, 3, 1),
            value=Decimal("1"),
            starts_on=D(2026, 3, 1),
            ends_on=D(2026, 4, 1),
            goals=[],
        )
    assert "goals" in exc.value.message_dict


def test_amendments_are_numbered_and_change_end_and_value(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    first = sp.add_amendment(
        by=technician,
        partnership=p,
        signed_on=D(2026, 6, 1),
        description="Prorroga",
        new_ends_on=D(2027, 3, 31),
    )
    second = sp.add_amendment(
        by=technician,
        partnership=p,
        signed_on=D(2026, 7, 1),
        description="Reajusta",
        new_value=Decimal("120000.00"),
    )
    p.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert (p.ends_on, p.value) == (D(2027, 3, 31), Decimal("120000.00"))


def test_opinion_needs_receipt_and_justification(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    report = sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.EXECUTION,
        period_label="Final",
        due_on=D(2027, 1, 31),
        is_final=True,
    )
    with pytest.raises(ValidationError):
        sp.give_opinion(
            by=technician,
            report=report,
            opinion=Opinion.APPROVED,
            opinion_text="Ok",
            opinion_on=D(2027, 2, 1),
        )
    sp.register_receipt(by=technician, report=report, received_on=D(2027, 1, 20))
    with pytest.raises(ValidationError) as exc:
        sp.give_opinion(
            by=technician,
            report=report,
            opinion=Opinion.REJECTED,
            opinion_text="",
            opinion_on=D(2027, 2, 1),
        )
    assert "opinion_text" in exc.value.message_dict


def test_cannot_close_with_final_report_without_opinion(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.FINANCIAL,
        period_label="Final",
        due_on=D(2027, 1, 31),
        is_final=True,
    )
    with pytest.raises(ValidationError):
        sp.close_partnership(by=technician, partnership=p, closed_on=D(2027, 3, 1))


def test_closes_when_final_reports_have_opinions(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    report = sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.FINANCIAL,
        period_label="Final",
        due_on=D(2027, 1, 31),
        is_final=True,
    )
    sp.register_receipt(by=technician, report=report, received_on=D(2027, 1, 20))
    sp.give_opinion(
        by=technician,
        report=report,
        opinion=Opinion.APPROVED_WITH_RESERVATIONS,
        opinion_text="Despesas sem nota fiscal.",
        opinion_on=D(2027, 2, 10),
    )
    p = sp.close_partnership(by=technician, partnership=p, closed_on=D(2027, 3, 1))
    assert (p.status, p.closed_on) == (PartnershipStatus.CLOSED, D(2027, 3, 1))


def test_cancellation_needs_a_reason(technician, community_unit):
    p = _call(technician, community_unit)
    with pytest.raises(ValidationError) as exc:
        sp.cancel_partnership(by=technician, partnership=p, closed_on=D(2026, 2, 1), reason="")
    assert "reason" in exc.value.message_dict


def test_late_report_is_not_received_past_due(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.EXECUTION,
        period_label="1º semestre",
        due_on=D(2026, 7, 31),
    )
    assert AccountabilityReport.objects.late(D(2026, 8, 1)).count() == 1
    assert AccountabilityReport.objects.late(D(2026, 7, 31)).count() == 0


def test_allowed_actions_of_an_open_call(technician, community_unit):
    assert sp.allowed_actions(_call(technician, community_unit)) == ["selection", "cancellation"]


def test_allowed_actions_after_selection(technician, community_unit, organization):
    p = _selected(technician, community_unit, organization)
    assert sp.allowed_actions(p) == ["selection", "term", "cancellation"]


def test_allowed_actions_in_execution(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    assert sp.allowed_actions(p) == ["amendment", "report", "closure", "cancellation"]


def test_closed_partnership_allows_nothing(technician, community_unit):
    p = _call(technician, community_unit)
    p = sp.cancel_partnership(by=technician, partnership=p, closed_on=D(2026, 2, 1), reason="X")
    assert sp.allowed_actions(p) == []


def test_report_actions_follow_receipt_and_opinion(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    report = sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.EXECUTION,
        period_label="1º",
        due_on=D(2026, 6, 1),
    )
    before = sp.report_actions(report)
    report = sp.register_receipt(by=technician, report=report, received_on=D(2026, 5, 30))
    assert (before, sp.report_actions(report)) == (["receipt"], ["opinion"])


def test_amending_an_open_call_is_a_refused_transition(technician, community_unit):
    p = _call(technician, community_unit)
    with pytest.raises(sp.TransitionNotAllowed) as exc:
        sp.add_amendment(by=technician, partnership=p, signed_on=D(2026, 3, 1), description="X")
    assert exc.value.messages == ["Não é possível aditar: a parceria está em “Chamamento público”."]


def test_receiving_a_report_twice_is_a_refused_transition(technician, community_unit, organization):
    p = _signed(technician, community_unit, organization)
    report = sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.FINANCIAL,
        period_label="1º",
        due_on=D(2026, 6, 1),
    )
    sp.register_receipt(by=technician, report=report, received_on=D(2026, 5, 30))
    with pytest.raises(sp.TransitionNotAllowed):
        sp.register_receipt(by=technician, report=report, received_on=D(2026, 5, 31))
