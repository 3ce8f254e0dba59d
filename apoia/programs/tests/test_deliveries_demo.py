"""The demo's deliveries: every status on the approved demo plans, dated from the day the demo
is loaded, with evidence files whose bytes match their SHA-256, loaded once."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from apoia.programs import queries_deliveries
from apoia.programs.demo_deliveries import load_demo_deliveries
from apoia.programs.models import (
    Clarification,
    DeliveryReview,
    Evidence,
    PlanDelivery,
)

# Monday 2 March 2026, 09:00 in Campo Grande: the day the demo is loaded.
LOADED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("America/Campo_Grande"))
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo(ms_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.programs.demo import ensure_program

    with time_machine.travel(LOADED, tick=False):
        ensure_program()
        call_command("load_demo", verbosity=0)
        yield


def test_the_demo_deliveries_are_in_every_status(demo):
    statuses = set(PlanDelivery.objects.filter(frozen=True).values_list("status", flat=True))
    assert statuses == {"pending", "submitted", "returned", "validated"}


def test_some_demo_deliveries_are_late_and_one_is_covered_by_an_open_request(demo):
    late = PlanDelivery.objects.late(TODAY).count()
    covered = PlanDelivery.objects.filter(due__lt=TODAY, clarifications__status="open").count()
    assert (late > 0, covered > 0) == (True, True)


def test_validated_demo_deliveries_carry_evidence_and_a_validating_review(demo):
    validated = PlanDelivery.objects.filter(status="validated")
    without_evidence = validated.exclude(evidence__isnull=False).count()
    without_review = validated.exclude(reviews__decision="validate").count()
    assert (validated.exists(), without_evidence, without_review) == (True, 0, 0)


def test_returned_demo_deliveries_have_a_reason_and_their_new_due_date(demo):
    for delivery in PlanDelivery.objects.filter(status="returned"):
        review = delivery.reviews.get()
        assert (review.decision, review.reason != "", review.new_due) == (
            "return",
            True,
            delivery.due,
        )


def test_some_demo_deliveries_wait_for_validation_more_than_5_business_days(demo):
    ages = [
        queries_deliveries.waiting_age(d, TODAY)
        for d in queries_deliveries._base().filter(status="submitted")
    ]
    assert any(age > 5 for age in ages) and any(age <= 5 for age in ages)


def test_the_demo_evidence_files_hash_to_their_stored_sha256(demo):
    files = Evidence.objects.exclude(file="")
    assert files.exists()
    for row in files[:10]:
        with row.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == row.sha256


def test_the_demo_process_numbers_have_the_sei_format(demo):
    from apoia.programs.services.deliveries import SEI_PATTERN

    values = Evidence.objects.filter(kind="process_number").values_list("value", flat=True)
    assert values and all(SEI_PATTERN.match(v) for v in values)


def test_loading_the_demo_again_adds_nothing(demo):
    counts = (Evidence.objects.count(), DeliveryReview.objects.count())
    with time_machine.travel(LOADED, tick=False):
        message = load_demo_deliveries()
    assert message == "programs: entregas ok"
    assert (Evidence.objects.count(), DeliveryReview.objects.count()) == counts
    assert Clarification.objects.filter(status="open").count() >= 1


def test_the_admin_opens_a_demo_delivery_of_each_status_and_the_queue(demo, client):
    from django.urls import reverse

    from apoia.accounts.models import User

    client.force_login(User.objects.get(email="admin@apoia.demo"))
    samples = [
        PlanDelivery.objects.filter(status=status).order_by("pk").first()
        for status in ("pending", "submitted", "returned", "validated")
    ]
    samples.append(PlanDelivery.objects.filter(clarifications__status="open").first())
    with time_machine.travel(LOADED, tick=False):
        answers = [client.get(d.get_absolute_url()).status_code for d in samples]
        queue = client.get(reverse("programs:delivery_queue"))
    assert answers == [200] * 5
    assert (queue.status_code, len(queue.context["rows"])) == (200, 25)


def test_the_demo_technician_has_deliveries_to_validate_and_signs_reviews(demo):
    from apoia.accounts.models import User

    teresa = User.objects.get(email="tecnico@apoia.demo")

    waiting = queries_deliveries.review_queue(teresa).filter(status="submitted")
    assert waiting.exists()
    assert set(waiting.values_list("item__action__title", flat=True)) == {
        "Busca ativa para o Cadastro Único"
    }
    assert DeliveryReview.objects.filter(
        by__email__in=["tecnico@apoia.demo", "coordenador@apoia.demo"]
    ).exists()
