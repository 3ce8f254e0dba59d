"""Requests for more time: asked by the municipality, they keep a past-due delivery out of
"late" while open; the reviewer grants a new due date or refuses with an answer."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apoia.accounts.tests.factories import bearer
from apoia.programs.models import Clarification, ClarificationStatus, PlanDelivery
from apoia.programs.services import deliveries as services
from apoia.programs.tests.delivery_helpers import DUE, delivery_world
from apoia.programs.tests.plan_helpers import at

pytestmark = pytest.mark.django_db
AFTER_DUE = dt.date(2024, 8, 21)  # two days past the due date, 19 August


@pytest.fixture
def dw(state_ms, community_unit, coordinator, municipal_user):
    return delivery_world(state_ms, community_unit, coordinator, municipal_user)


def ask(dw, mario, **extra):
    with at(AFTER_DUE):
        return services.ask_clarification(
            dw.delivery,
            justification="A oficina foi adiada pela chuva.",
            by=mario,
            **extra,
        )


def test_a_past_due_delivery_is_late(dw):
    assert list(PlanDelivery.objects.late(AFTER_DUE).filter(item__plan=dw.plan)) == [dw.delivery]
    assert dw.delivery.is_late_on(AFTER_DUE) is True
    assert dw.delivery.is_late_on(DUE) is False


def test_an_open_request_for_more_time_keeps_a_past_due_delivery_out_of_late(dw, municipal_user):
    ask(dw, municipal_user, proposed_due=dt.date(2024, 9, 6))
    assert list(PlanDelivery.objects.late(AFTER_DUE).filter(item__plan=dw.plan)) == []
    assert dw.delivery.is_late_on(AFTER_DUE) is False


def test_a_refused_request_makes_the_delivery_late_again(dw, municipal_user, technician):
    clarification = ask(dw, municipal_user)
    with at(AFTER_DUE):
        services.answer_clarification(
            clarification, granted=False, answer="O prazo já foi prorrogado.", by=technician
        )
    assert dw.delivery.is_late_on(AFTER_DUE) is True


def test_granting_sets_the_new_due_date(dw, municipal_user, technician):
    clarification = ask(dw, municipal_user, proposed_due=dt.date(2024, 9, 6))
    with at(AFTER_DUE):
        services.answer_clarification(
            clarification, granted=True, new_due=dt.date(2024, 9, 6), by=technician
        )
    dw.delivery.refresh_from_db()
    clarification.refresh_from_db()
    assert (dw.delivery.due, clarification.status, clarification.granted_due) == (
        dt.date(2024, 9, 6),
        ClarificationStatus.GRANTED,
        dt.date(2024, 9, 6),
    )
    assert dw.delivery.is_late_on(AFTER_DUE) is False


def test_refusing_needs_an_answer(dw, municipal_user, technician):
    clarification = ask(dw, municipal_user)
    with at(AFTER_DUE), pytest.raises(ValidationError) as exc:
        services.answer_clarification(clarification, granted=False, by=technician)
    assert exc.value.message_dict == {
        "answer": ["Explique ao município por que o pedido foi negado."]
    }


def test_only_one_request_may_be_open_at_a_time(dw, municipal_user):
    ask(dw, municipal_user)
    with pytest.raises(services.DeliveryTransitionError) as exc:
        ask(dw, municipal_user)
    assert exc.value.message == "Já há um pedido de prorrogação em análise."


def test_a_request_needs_a_justification(dw, municipal_user):
    with at(AFTER_DUE), pytest.raises(ValidationError) as exc:
        services.ask_clarification(dw.delivery, justification="  ", by=municipal_user)
    assert exc.value.message_dict == {
        "justification": ["Explique por que a entrega precisa de mais prazo."]
    }


def test_the_municipality_does_not_answer_its_own_request(dw, municipal_user):
    clarification = ask(dw, municipal_user)
    with at(AFTER_DUE), pytest.raises(PermissionDenied):
        services.answer_clarification(
            clarification, granted=True, new_due=dt.date(2024, 9, 6), by=municipal_user
        )


def test_the_focal_point_asks_from_the_page_and_the_technician_grants_from_it(
    client, sign_in, dw, municipal_user, technician
):
    with at(AFTER_DUE):
        asked = sign_in(municipal_user).post(
            reverse("programs:delivery_clarification", args=[dw.delivery.pk]),
            {"justification": "A oficina foi adiada.", "proposed_due": "2024-09-06"},
        )
        clarification = Clarification.objects.get()
        client.logout()
        answered = sign_in(technician).post(
            reverse(
                "programs:delivery_clarification_answer", args=[dw.delivery.pk, clarification.pk]
            ),
            {"decision": "grant", "new_due": "2024-09-06"},
        )
    dw.delivery.refresh_from_db()
    assert (asked.status_code, answered.status_code, dw.delivery.due) == (
        302,
        302,
        dt.date(2024, 9, 6),
    )


def test_the_api_asks_for_more_time_and_answers_the_request(client, dw, municipal_user, technician):
    with at(AFTER_DUE):
        asked = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/clarifications",
            {"justification": "A oficina foi adiada.", "proposed_due": "2024-09-06"},
            content_type="application/json",
            **bearer(municipal_user),
        )
        number = asked.json()["id"]
        answered = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/clarifications/{number}/answer",
            {"decision": "refuse", "answer": "Sem justificativa suficiente."},
            content_type="application/json",
            **bearer(technician),
        )
    assert (asked.status_code, asked.json()["status"]) == (201, "open")
    assert (answered.status_code, answered.json()["status"], answered.json()["answer"]) == (
        200,
        "refused",
        "Sem justificativa suficiente.",
    )
