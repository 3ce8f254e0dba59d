# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""The bills demo: five MS bills at different stages, idempotent."""

import pytest

from apoia.accounts.models import Role
from apoia.legislative import demo_bills
from apoia.legislative.models import Bill, OpinionRequest
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    at,
    desk,
    person,
    segem,
    three_units,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(desk, three_units, campo_grande, community_unit):
    admin = person("admin@apoia.demo", None, Role.ADMIN, "Adriana Alves")
    staff = person("coordenador@apoia.demo", community_unit, Role.COORDINATOR, "Carlos Correia")
    return admin, staff


def test_the_demo_files_five_bills_at_different_stages_once(demo_world):
    with at():
        first = demo_bills.load()
        second = demo_bills.load()
    assert first == ["legislative bills: 5 proposições de demonstração (ms-segem-sal)"]
    assert second == ["legislative bills: 0 proposições de demonstração (ms-segem-sal)"]
    assert sorted(Bill.objects.values_list("house", "status")) == [
        ("municipal_chamber", "archived"),
        ("municipal_chamber", "ready_for_vote"),
        ("state_assembly", "filed"),
        ("state_assembly", "in_committee"),
        ("state_assembly", "sanctioned"),
    ]


def test_the_bill_in_committee_has_one_answer_one_open_and_one_late(demo_world):
    admin, staff = demo_world
    with at():
        demo_bills.load()
        bill = Bill.objects.get(status="in_committee")
        today = bill.created_at.date()
        rows = {
            r.unit.slug: (bool(r.answered_at), r.due_on < today)
            for r in OpinionRequest.objects.filter(bill=bill).select_related("unit")
        }
    assert rows == {
        "ms-sec-spp-comunitarios": (True, True),
        "ms-segem": (False, True),
        "ms-ouvidoria": (False, False),
    }
    assert bill.opinion_requests.get(unit__slug="ms-sec-spp-comunitarios").answered_by == staff


def test_the_consolidated_chamber_bill_is_of_campo_grande(demo_world):
    with at():
        demo_bills.load()
    bill = Bill.objects.get(status="ready_for_vote")
    assert (bill.municipality_id, bill.consolidated_position) == (
        5002704,
        "favourable_with_changes",
    )


def test_without_the_desk_the_demo_does_nothing(db):
    assert demo_bills.load() == [
        "legislative bills: sem a mesa e as unidades de MS, nada a demonstrar"
    ]


def test_the_admin_lists_and_shows_bills_read_only(demo_world, admin_client):
    with at():
        demo_bills.load()
    bill = Bill.objects.get(status="in_committee")
    listing = admin_client.get("/admin/legislative/bill/")
    page = admin_client.get(f"/admin/legislative/bill/{bill.pk}/change/")
    requests = admin_client.get("/admin/legislative/opinionrequest/")
    assert (listing.status_code, page.status_code, requests.status_code) == (200, 200, 200)
    assert "Dispõe sobre o apoio técnico" in page.content.decode()
