import datetime as dt

import pytest
import time_machine

from apoia.society import demo_regularization
from apoia.society.models.regularization import Checklist, ChecklistItem
from apoia.society.services_regularization import effective_status

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def municipalities(campo_grande, state_ms):
    from apoia.territory.models import Municipality

    for ibge, name in ((5003702, "Dourados"), (5003207, "Corumbá")):
        Municipality.objects.get_or_create(ibge=ibge, defaults={"name": name, "state": state_ms})


def _snapshot():
    return list(
        ChecklistItem.objects.order_by("pk").values_list(
            "pk", "status", "expires_on", "reference", "updated_at"
        )
    )


@time_machine.travel("2026-12-01 12:00", tick=False)
def test_demo_opens_three_checklists_with_expiring_and_expired_documents(municipalities):
    lines = demo_regularization.load()
    assert len(lines) == 3 and Checklist.objects.count() == 3
    items = list(ChecklistItem.objects.select_related("requirement"))
    expired = [i for i in items if effective_status(i, TODAY) == "expired"]
    soon = [
        i for i in items if i.expires_on and TODAY <= i.expires_on <= TODAY + dt.timedelta(days=30)
    ]
    assert [i.requirement.slug for i in expired] == ["certidao-municipal"]
    assert len(soon) == 4


def test_a_second_run_changes_nothing(municipalities):
    with time_machine.travel("2026-12-01 12:00", tick=False):
        demo_regularization.load()
    before = _snapshot()
    with time_machine.travel("2026-12-02 12:00", tick=False):
        demo_regularization.load()
    assert _snapshot() == before
