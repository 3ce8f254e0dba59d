# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""The legislative dashboard: per unit, opinions late and due this week (to Sunday)."""

import datetime as dt

import pytest

from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    at,
    bill,
    desk,
    desk_user,
    new_bill,
    route,
    segem,
    three_units,
)
from apoia.legislative.views_dashboard import dashboard_rows, week_end

pytestmark = pytest.mark.django_db

# Wednesday 25/11/2026: requests due in 5 business days (24/11) are late; those due in
# 10 (01/12) are next week; a request due 27/11 is due this week.
WEDNESDAY = "2026-11-25 09:00 -04:00"


def test_the_week_ends_on_sunday():
    assert week_end(dt.date(2026, 11, 25)) == dt.date(2026, 11, 29)
    assert week_end(dt.date(2026, 11, 29)) == dt.date(2026, 11, 29)


def _scenario(desk_user, bill, community, ombudsman, segem):
    route(desk_user, bill, [community], days=5)  # due 24/11: late on the 25th
    route(desk_user, bill, [segem], days=10)  # due 01/12: next week
    other = new_bill(desk_user, bill.desk, number=9)
    route(desk_user, other, [ombudsman], days=8)  # due 27/11: this week


def test_rows_per_unit_with_late_and_this_week(desk_user, bill, three_units, coordinator):
    community, ombudsman, segem = three_units
    _scenario(desk_user, bill, community, ombudsman, segem)
    rows = dashboard_rows(coordinator, dt.date(2026, 11, 25))
    summary = [
        (r.unit.slug, r.own, [x.due_on for x in r.late], [x.due_on for x in r.this_week])
        for r in rows
    ]
    assert summary == [
        ("ms-sec-spp-comunitarios", True, [dt.date(2026, 11, 24)], []),
        ("ms-ouvidoria", False, [], [dt.date(2026, 11, 27)]),
    ]


def test_the_users_own_unit_comes_first(desk_user, bill, three_units, segem):
    from apoia.legislative.tests.test_bills_helpers import person

    community, ombudsman, _ = three_units
    _scenario(desk_user, bill, community, ombudsman, segem)
    rows = dashboard_rows(person("o@apoia.test", ombudsman), dt.date(2026, 11, 25))
    assert [r.unit.slug for r in rows] == ["ms-ouvidoria", "ms-sec-spp-comunitarios"]


def test_answered_requests_leave_the_dashboard(desk_user, bill, community_unit, coordinator):
    from apoia.legislative import services_opinions

    (req,) = route(desk_user, bill, [community_unit], days=5)
    with at():
        services_opinions.answer_opinion(
            by=coordinator, opinion_request=req, position="favourable", opinion="Ok."
        )
    assert dashboard_rows(coordinator, dt.date(2026, 11, 25)) == []


def test_the_page_lists_counts_and_filters_by_unit(
    sign_in, desk_user, bill, three_units, technician
):
    community, ombudsman, segem = three_units
    _scenario(desk_user, bill, community, ombudsman, segem)
    client = sign_in(technician)
    with at(WEDNESDAY):
        page = client.get("/legislativo/").content.decode()
        filtered = client.get("/legislativo/?unit=ms-ouvidoria").content.decode()
    assert "Painel legislativo" in page
    assert "1 atrasado" in page and "sua unidade" in page
    assert "Projeto de Lei 9/2026" in page and "27/11/2026" in page
    assert f'id="unit-{community.pk}"' in page
    assert f'id="unit-{community.pk}"' not in filtered
    assert f'id="unit-{ombudsman.pk}"' in filtered


def test_the_page_says_when_nothing_is_due(sign_in, technician):
    with at(WEDNESDAY):
        page = sign_in(technician).get("/legislativo/").content.decode()
    assert "Nenhum parecer atrasado nem vencendo nesta semana." in page


def test_the_page_is_404_outside_the_staff(sign_in, organization_user):
    with at(WEDNESDAY):
        assert sign_in(organization_user).get("/legislativo/").status_code == 404


def test_the_page_asks_anonymous_people_to_sign_in(client, db):
    assert client.get("/legislativo/").status_code == 302
