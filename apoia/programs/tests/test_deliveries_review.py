"""Submitting a delivery and reviewing it: required evidence, who may review (web and API
alike), validating, returning with a reason and a new due date, the checklist."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apoia.accounts.models import OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import bearer
from apoia.programs import queries_deliveries
from apoia.programs.models import DeliveryReview, DeliveryStatus, Evidence, PlanDelivery
from apoia.programs.services import deliveries as services
from apoia.programs.tests.delivery_helpers import (
    SEI,
    delivery_world,
    fill_and_submit,
    png,
)
from apoia.programs.tests.plan_helpers import at

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2024, 8, 12)
WEDNESDAY = dt.date(2024, 8, 14)
PHOTO_QUESTIONS = [
    "A foto mostra a atividade da entrega?",
    "A foto é nítida e do período da entrega?",
]
SEI_QUESTIONS = ["O processo existe e é do município?", "O processo trata do objeto da entrega?"]


@pytest.fixture
def dw(state_ms, community_unit, coordinator, municipal_user):
    return delivery_world(state_ms, community_unit, coordinator, municipal_user)


@pytest.fixture
def submitted(dw, municipal_user):
    return fill_and_submit(dw.delivery, municipal_user)


def person(email, name, role, **scope):
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    ensure_membership(user, role, **scope)
    return user


# --- submission ----------------------------------------------------------------------------


def test_submitting_is_refused_while_a_required_type_has_no_version(dw, municipal_user):
    with at(MONDAY):
        services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
        with pytest.raises(ValidationError) as exc:
            services.submit_delivery(dw.delivery, by=municipal_user)
    assert exc.value.message_dict == {
        "evidence": ["Falta enviar a evidência: Número de processo (SEI ou outro)."]
    }
    dw.delivery.refresh_from_db()
    assert dw.delivery.status == DeliveryStatus.PENDING


def test_submitting_with_every_type_records_who_and_when(dw, municipal_user):
    delivery = fill_and_submit(dw.delivery, municipal_user)
    assert (delivery.status, delivery.submitted_by, delivery.submitted_at.isoformat()) == (
        DeliveryStatus.SUBMITTED,
        municipal_user,
        "2024-08-12T14:00:00+00:00",
    )


def test_the_page_names_what_is_missing_when_submitting(client, sign_in, dw, municipal_user):
    browser = sign_in(municipal_user)
    with at(MONDAY):
        response = browser.post(
            reverse("programs:delivery_submit", args=[dw.delivery.pk]), follow=True
        )
    assert "Falta enviar a evidência: Foto, Número de processo (SEI ou outro)." in (
        response.content.decode()
    )


def test_the_api_submit_answers_422_naming_evidence_when_a_type_is_missing(
    client, dw, municipal_user
):
    with at(MONDAY):
        response = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/submit", **bearer(municipal_user)
        )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "evidence",
            "message": "Falta enviar a evidência: Foto, Número de processo (SEI ou outro).",
        }
    ]


# --- who may review --------------------------------------------------------------------------


def test_a_municipal_user_cannot_review_even_its_own_delivery(submitted, municipal_user):
    with at(WEDNESDAY), pytest.raises(PermissionDenied):
        services.review_delivery(submitted, decision="validate", by=municipal_user)


def test_an_admin_who_is_also_the_municipalitys_focal_point_cannot_review_it(
    submitted, admin_user, campo_grande
):
    ensure_membership(admin_user, Role.MUNICIPAL, municipality=campo_grande)
    admin_user = User.objects.get(pk=admin_user.pk)
    assert queries_deliveries.may_review(admin_user, submitted) is False


def test_the_coordinator_of_a_unit_above_the_offering_unit_may_review(submitted):
    parent = OrgUnit.objects.get(slug="ms-sec")
    boss = person("sec@apoia.test", "Sérgio Secretário", Role.COORDINATOR, org_unit=parent)
    assert queries_deliveries.may_review(boss, submitted) is True


def test_a_technician_of_another_unit_may_not_review(submitted, ombudsman_unit):
    other = person("outro@apoia.test", "Otto Outro", Role.TECHNICIAN, org_unit=ombudsman_unit)
    assert queries_deliveries.may_review(other, submitted) is False


REVIEWERS = {
    "technician": True,
    "coordinator": True,
    "admin_user": True,
    "municipal_user": False,
}


@pytest.mark.parametrize("persona", list(REVIEWERS))
def test_the_web_and_the_api_agree_on_who_may_review(client, sign_in, request, submitted, persona):
    """The web answers a redirect to the page (done) or 403; the API 200 or 403."""
    user = request.getfixturevalue(persona)
    expected = REVIEWERS[persona]
    with at(WEDNESDAY):
        web = sign_in(user).post(
            reverse("programs:delivery_review", args=[submitted.pk]), {"decision": "validate"}
        )
        web_status = PlanDelivery.objects.get(pk=submitted.pk).status
        if web_status == DeliveryStatus.VALIDATED:
            # Put it back in the queue to ask the API the same question.
            PlanDelivery.objects.filter(pk=submitted.pk).update(status=DeliveryStatus.SUBMITTED)
        api = client.post(
            f"/api/v1/deliveries/{submitted.pk}/review",
            {"decision": "validate"},
            content_type="application/json",
            **bearer(user),
        )
    assert (web.status_code, api.status_code) == ((302, 200) if expected else (403, 403))
    assert queries_deliveries.may_review(user, submitted) is expected


def test_the_page_offers_the_review_form_only_to_who_may_review(
    client, sign_in, submitted, technician, municipal_user
):
    url = reverse("programs:delivery", args=[submitted.pk])
    staff_page = sign_in(technician).get(url).content.decode()
    client.logout()
    municipal_page = sign_in(municipal_user).get(url).content.decode()
    assert ("Registrar a análise" in staff_page, "Registrar a análise" in municipal_page) == (
        True,
        False,
    )


# --- validating and returning ----------------------------------------------------------------


def test_validating_records_the_checklist_the_evidence_looked_at_and_the_time(
    submitted, technician
):
    latest = sorted(Evidence.objects.filter(delivery=submitted).values_list("pk", flat=True))
    with at(WEDNESDAY):
        review = services.review_delivery(
            submitted,
            decision="validate",
            checklist={"photo": {PHOTO_QUESTIONS[0]: True, "Pergunta inventada?": True}},
            by=technician,
        )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.validated_at.isoformat()) == (
        DeliveryStatus.VALIDATED,
        "2024-08-14T14:00:00+00:00",
    )
    assert review.checklist == {
        "photo": {PHOTO_QUESTIONS[0]: True, PHOTO_QUESTIONS[1]: False},
        "process_number": {SEI_QUESTIONS[0]: False, SEI_QUESTIONS[1]: False},
    }
    assert review.evidence_ids == latest


def test_returning_without_a_reason_is_refused(submitted, technician):
    with at(WEDNESDAY), pytest.raises(ValidationError) as exc:
        services.review_delivery(
            submitted, decision="return", new_due=dt.date(2024, 8, 30), by=technician
        )
    assert exc.value.message_dict == {"reason": ["Informe o motivo da devolução."]}
    submitted.refresh_from_db()
    assert (submitted.status, DeliveryReview.objects.count()) == (DeliveryStatus.SUBMITTED, 0)


def test_returning_without_a_reason_is_a_form_error_on_the_page(
    client, sign_in, submitted, technician
):
    with at(WEDNESDAY):
        response = sign_in(technician).post(
            reverse("programs:delivery_review", args=[submitted.pk]),
            {"decision": "return", "new_due": "2024-08-30", "comment": "Foto escura."},
        )
    assert response.status_code == 422
    assert "Informe o motivo da devolução." in response.content.decode()
    assert DeliveryReview.objects.count() == 0


def test_returning_without_a_reason_answers_422_naming_reason_in_the_api(
    client, submitted, technician
):
    with at(WEDNESDAY):
        response = client.post(
            f"/api/v1/deliveries/{submitted.pk}/review",
            {"decision": "return", "new_due": "2024-08-30"},
            content_type="application/json",
            **bearer(technician),
        )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "reason", "message": "Informe o motivo da devolução."}
    ]


def test_a_return_moves_the_due_date_and_the_delivery_takes_evidence_again(
    submitted, technician, municipal_user
):
    with at(WEDNESDAY):
        services.review_delivery(
            submitted,
            decision="return",
            reason="illegible",
            comment="A foto está escura.",
            new_due=dt.date(2024, 8, 30),
            by=technician,
        )
        again = services.send_evidence(submitted, kind="photo", file=png(), by=municipal_user)
    submitted.refresh_from_db()
    review = DeliveryReview.objects.get()
    assert (submitted.status, submitted.due, review.reason, review.new_due, again.version) == (
        DeliveryStatus.RETURNED,
        dt.date(2024, 8, 30),
        "illegible",
        dt.date(2024, 8, 30),
        2,
    )


def test_a_return_needs_a_new_due_date_that_is_a_business_day_after_today(submitted, technician):
    outcomes = []
    for new_due in (None, WEDNESDAY, dt.date(2024, 8, 31)):
        with at(WEDNESDAY), pytest.raises(ValidationError) as exc:
            services.review_delivery(
                submitted, decision="return", reason="other", new_due=new_due, by=technician
            )
        outcomes.append(exc.value.message_dict["new_due"])
    assert outcomes == [
        ["Informe o novo prazo."],
        ["O novo prazo deve ser a partir de amanhã."],
        ["31/08/2024 não é dia útil no município; escolha outro dia."],
    ]


def test_an_unknown_reason_is_refused(submitted, technician):
    with at(WEDNESDAY), pytest.raises(ValidationError) as exc:
        services.review_delivery(
            submitted,
            decision="return",
            reason="ugly",
            new_due=dt.date(2024, 8, 30),
            by=technician,
        )
    assert exc.value.message_dict["reason"] == [
        "Motivo desconhecido; use um de: illegible, incomplete, mismatch, outdated, other."
    ]


def test_a_second_review_is_told_who_analysed_the_delivery_first(
    submitted, technician, coordinator
):
    with at(WEDNESDAY):
        services.review_delivery(submitted, decision="validate", by=technician)
        with pytest.raises(services.DeliveryTransitionError) as exc:
            services.review_delivery(submitted, decision="validate", by=coordinator)
    assert exc.value.message == (
        "Esta entrega já foi analisada por Tiago Teixeira em 14/08/2024 10:00 (validada)."
    )


def test_the_api_answers_409_to_a_second_review(client, submitted, technician, coordinator):
    with at(WEDNESDAY):
        services.review_delivery(submitted, decision="validate", by=technician)
        response = client.post(
            f"/api/v1/deliveries/{submitted.pk}/review",
            {"decision": "validate"},
            content_type="application/json",
            **bearer(coordinator),
        )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Esta entrega já foi analisada por Tiago")


def test_the_review_form_asks_each_evidence_types_checklist_and_stores_the_answers(
    client, sign_in, submitted, technician
):
    browser = sign_in(technician)
    page = browser.get(reverse("programs:delivery", args=[submitted.pk])).content.decode()
    with at(WEDNESDAY):
        browser.post(
            reverse("programs:delivery_review", args=[submitted.pk]),
            {"decision": "validate", "check-photo-0": "on", "check-process_number-1": "on"},
        )
    assert all(q in page for q in PHOTO_QUESTIONS + SEI_QUESTIONS)
    assert DeliveryReview.objects.get().checklist == {
        "photo": {PHOTO_QUESTIONS[0]: True, PHOTO_QUESTIONS[1]: False},
        "process_number": {SEI_QUESTIONS[0]: False, SEI_QUESTIONS[1]: True},
    }


def test_an_actions_own_checklist_replaces_the_default_of_that_type(
    client, sign_in, dw, municipal_user, technician
):
    action = dw.world.formacao
    action.review_checklist = {"photo": ["Aparecem os professores?"]}
    action.save()
    submitted = fill_and_submit(dw.delivery, municipal_user)
    with at(WEDNESDAY):
        review = services.review_delivery(
            submitted,
            decision="validate",
            checklist={"photo": {"Aparecem os professores?": True}},
            by=technician,
        )
    assert review.checklist == {
        "photo": {"Aparecem os professores?": True},
        "process_number": {SEI_QUESTIONS[0]: False, SEI_QUESTIONS[1]: False},
    }


def test_the_delivery_page_shows_the_return_reason_and_the_new_due_date(
    client, sign_in, submitted, technician, municipal_user
):
    with at(WEDNESDAY):
        services.review_delivery(
            submitted,
            decision="return",
            reason="incomplete",
            comment="Falta a lista de presença.",
            new_due=dt.date(2024, 8, 30),
            by=technician,
        )
    content = sign_in(municipal_user).get(reverse("programs:delivery", args=[submitted.pk]))
    text = content.content.decode()
    assert all(
        part in text
        for part in ("Incompleta", "Falta a lista de presença.", "30/08/2024", "Tiago Teixeira")
    )
    assert SEI in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"photo": ["Aparecem os professores?"]}, None),
        (["x"], "Informe o roteiro como um objeto: tipo de evidência → lista de perguntas."),
        ({"selfie": ["?"]}, "Tipo de evidência desconhecido: selfie."),
        (
            {"photo": []},
            "As perguntas de photo devem ser uma lista de textos de até 300 caracteres.",
        ),
        (
            {"photo": ["  "]},
            "As perguntas de photo devem ser uma lista de textos de até 300 caracteres.",
        ),
    ],
)
def test_an_actions_checklist_is_checked_before_it_is_saved(value, message):
    from apoia.programs.models import validate_review_checklist

    try:
        validate_review_checklist(value)
        found = None
    except ValidationError as exc:
        found = exc.messages[0]
    assert found == message
