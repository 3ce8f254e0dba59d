"""Two reviewers acting on the same delivery at once: one wins, the other is told who analysed
it (on SQLite and on PostgreSQL), and evidence sent at once gets distinct versions."""

import datetime as dt

import pytest

from apoia.programs.models import DeliveryReview, DeliveryStatus, Evidence
from apoia.programs.services import deliveries as services
from apoia.programs.tests.concurrency import at_once, needs_file_db
from apoia.programs.tests.delivery_helpers import SEI, delivery_world, fill_and_submit
from apoia.programs.tests.plan_helpers import at

pytestmark = needs_file_db


def run_at_once(workers) -> list[BaseException]:
    # Frozen once for every thread: time-machine patches the clock process-wide.
    with at(dt.date(2024, 8, 14)):
        _outcomes, errors = at_once(lambda work: work(), workers)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_technicians_reviewing_at_once_one_wins_and_the_other_is_told_by_whom(
    patient_writers, state_ms, community_unit, coordinator, technician, municipal_user
):
    dw = delivery_world(state_ms, community_unit, coordinator, municipal_user)
    delivery = fill_and_submit(dw.delivery, municipal_user)
    outcomes: list[str] = []

    def review(by, decision):
        def work():
            try:
                extra = (
                    {"reason": "illegible", "new_due": dt.date(2024, 8, 30)}
                    if decision == "return"
                    else {}
                )
                services.review_delivery(delivery, decision=decision, by=by, **extra)
                outcomes.append(f"won:{by.full_name}")
            except services.DeliveryTransitionError as exc:
                outcomes.append(exc.message.split(" em ")[0])

        return work

    errors = run_at_once([review(technician, "validate"), review(coordinator, "return")])

    assert errors == []
    review_row = DeliveryReview.objects.select_related("by").get()
    winner = review_row.by.full_name
    assert winner in ("Tiago Teixeira", "Carla Coelho")
    assert sorted(outcomes) == sorted(
        [f"won:{winner}", f"Esta entrega já foi analisada por {winner}"]
    )
    delivery.refresh_from_db()
    assert delivery.status == (
        DeliveryStatus.VALIDATED if review_row.decision == "validate" else DeliveryStatus.RETURNED
    )


@pytest.mark.django_db(transaction=True)
def test_evidence_sent_at_once_gets_versions_one_and_two(
    patient_writers, state_ms, community_unit, coordinator, municipal_user
):
    dw = delivery_world(state_ms, community_unit, coordinator, municipal_user)

    def send():
        services.send_evidence(dw.delivery, kind="process_number", value=SEI, by=municipal_user)

    errors = run_at_once([send, send])

    assert errors == []
    assert sorted(Evidence.objects.values_list("version", flat=True)) == [1, 2]
