# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""Filing and editing bills and recording their status (services_bills)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.legislative import services_bills
from apoia.legislative.models import BillStatus, House
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    at,
    bill,
    desk,
    desk_user,
    mt_unit,
    new_bill,
    segem,
)

pytestmark = pytest.mark.django_db


def _edit(by, bill, **changes):
    data = {
        "house": bill.house,
        "municipality": bill.municipality,
        "kind": bill.kind,
        "number": bill.number,
        "year": bill.year,
        "author": bill.author,
        "summary": bill.summary,
        "link": bill.link,
    }
    data.update(changes)
    with at():
        return services_bills.edit_bill(by=by, bill=bill, **data)


def test_a_new_bill_is_filed_in_the_desks_state_with_its_first_history_row(bill, desk_user):
    rows = list(bill.status_changes.values_list("status", "happened_on", "recorded_by"))
    assert (bill.status, bill.state.uf, bill.desk.slug, str(bill)) == (
        "filed",
        "MS",
        "ms-segem-sal",
        "Projeto de Lei 123/2026",
    )
    assert rows == [("filed", dt.date(2026, 11, 10), desk_user.pk)]


def test_a_chamber_bill_needs_its_municipality(desk_user, desk):
    with pytest.raises(ValidationError) as error:
        new_bill(desk_user, desk, house=House.MUNICIPAL_CHAMBER)
    assert error.value.message_dict == {
        "municipality": ["Informe o município da câmara municipal."]
    }


def test_a_chamber_bill_keeps_its_municipality(desk_user, desk, campo_grande):
    found = new_bill(desk_user, desk, house=House.MUNICIPAL_CHAMBER, municipality=campo_grande)
    assert (found.house, found.municipality_id) == ("municipal_chamber", 5002704)


def test_the_same_bill_twice_is_refused_on_the_number(bill, desk_user, desk):
    with pytest.raises(ValidationError) as error:
        new_bill(desk_user, desk)
    assert error.value.message_dict == {"number": ["Esta proposição já está cadastrada."]}


def test_missing_facts_are_named_by_field(desk_user, desk):
    with pytest.raises(ValidationError) as error:
        new_bill(desk_user, desk, kind="x", number=0, year=1800, author=" ", summary="")
    assert sorted(error.value.message_dict) == ["author", "kind", "number", "summary", "year"]
    assert error.value.message_dict["year"] == ["Informe o ano, entre 1900 e 2027."]


def test_affected_units_of_another_state_are_refused(desk_user, desk, mt_unit):
    with pytest.raises(ValidationError) as error:
        new_bill(desk_user, desk, affected_units=[mt_unit])
    assert error.value.message_dict == {
        "affected_units": ["Escolha unidades do estado da proposição."]
    }


def test_someone_outside_the_desk_may_not_file_a_bill(technician, desk):
    with pytest.raises(PermissionDenied):
        new_bill(technician, desk)


def test_a_unit_that_is_no_legislative_desk_may_not_follow_a_bill(coordinator, community_unit):
    with pytest.raises(PermissionDenied):
        new_bill(coordinator, community_unit)


def test_an_admin_sets_up_another_desk_by_filing_its_first_bill(admin_user, segem, coordinator):
    from apoia.legislative import queries

    bill = new_bill(admin_user, segem)
    assert bill.desk == segem
    assert "ms-segem" in set(queries.legislative_desks().values_list("slug", flat=True))
    assert queries.may_follow_bills(coordinator) is False


def test_the_desk_corrects_a_bills_facts_and_affected_units(bill, desk_user, segem):
    _edit(desk_user, bill, summary="Nova ementa.", affected_units=[segem])
    bill.refresh_from_db()
    assert (bill.summary, list(bill.affected_units.values_list("slug", flat=True))) == (
        "Nova ementa.",
        ["ms-segem"],
    )


def test_someone_outside_the_desk_may_not_edit(bill, technician):
    with pytest.raises(PermissionDenied):
        _edit(technician, bill, summary="Outra.")


def test_a_recorded_status_becomes_the_bills_status_and_joins_the_history(bill, desk_user):
    with at():
        services_bills.record_status(
            by=desk_user,
            bill=bill,
            status=BillStatus.IN_COMMITTEE,
            happened_on=dt.date(2026, 11, 12),
            note="Enviada à Comissão de Constituição e Justiça.",
        )
    bill.refresh_from_db()
    assert bill.status == "in_committee"
    assert list(bill.status_changes.values_list("status", "happened_on", "note")) == [
        ("filed", dt.date(2026, 11, 10), ""),
        ("in_committee", dt.date(2026, 11, 12), "Enviada à Comissão de Constituição e Justiça."),
    ]


def test_an_older_status_row_joins_the_history_without_changing_the_status(bill, desk_user):
    with at():
        services_bills.record_status(
            by=desk_user,
            bill=bill,
            status=BillStatus.IN_COMMITTEE,
            happened_on=dt.date(2026, 11, 12),
        )
        services_bills.record_status(
            by=desk_user,
            bill=bill,
            status=BillStatus.READY_FOR_VOTE,
            happened_on=dt.date(2026, 11, 11),
        )
    bill.refresh_from_db()
    assert (bill.status, bill.status_changes.count()) == ("in_committee", 3)


def test_a_status_in_the_future_is_refused_on_its_date(bill, desk_user):
    with at(), pytest.raises(ValidationError) as error:
        services_bills.record_status(
            by=desk_user, bill=bill, status=BillStatus.APPROVED, happened_on=dt.date(2026, 11, 17)
        )
    assert error.value.message_dict == {"happened_on": ["A data não pode estar no futuro."]}


def test_an_unknown_status_is_refused(bill, desk_user):
    with at(), pytest.raises(ValidationError) as error:
        services_bills.record_status(
            by=desk_user, bill=bill, status="lost", happened_on=dt.date(2026, 11, 12)
        )
    assert error.value.message_dict == {"status": ["Escolha a situação."]}


def test_staff_of_another_unit_may_not_record_a_status(bill, coordinator):
    with at(), pytest.raises(PermissionDenied):
        services_bills.record_status(
            by=coordinator, bill=bill, status=BillStatus.APPROVED, happened_on=dt.date(2026, 11, 12)
        )


def test_staff_above_the_desk_may_record_a_status(bill, segem):
    from apoia.legislative.tests.test_bills_helpers import person

    boss = person("chefe@apoia.test", segem)
    with at():
        services_bills.record_status(
            by=boss, bill=bill, status=BillStatus.APPROVED, happened_on=dt.date(2026, 11, 13)
        )
    bill.refresh_from_db()
    assert bill.status == "approved"
