"""Delivery pages: the plan page's table, the delivery page, and the staff review queue
(oldest first, age in business days, scoped to the reviewer's units, filters, pagination)."""

import datetime as dt

import pytest
from django.urls import reverse

from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import bearer
from apoia.programs.models import PlanDelivery
from apoia.programs.services import deliveries as services
from apoia.programs.tests.delivery_helpers import SEI, delivery_world, fill_and_submit, png
from apoia.programs.tests.plan_helpers import at
from apoia.tests.html import duplicate_ids, heading_jumps

pytestmark = pytest.mark.django_db
QUEUE = reverse("programs:delivery_queue")


@pytest.fixture
def dw(state_ms, community_unit, coordinator, municipal_user):
    return delivery_world(state_ms, community_unit, coordinator, municipal_user)


def test_the_plan_page_links_each_delivery_with_its_status_and_late_tags(
    client, sign_in, dw, municipal_user
):
    with at(dt.date(2024, 8, 21)):
        content = sign_in(municipal_user).get(dw.plan.get_absolute_url()).content.decode()
    url = reverse("programs:delivery", args=[dw.delivery.pk])
    assert f'href="{url}"' in content
    assert '<span class="br-tag bg-gray-60" data-status="pending">Pendente</span>' in content
    assert '<span class="br-tag danger" data-late="true">Atrasada</span>' in content


def test_the_delivery_page_shows_the_facts_and_the_forms_of_the_focal_point(
    client, sign_in, dw, municipal_user
):
    with at(dt.date(2024, 8, 12)):
        response = sign_in(municipal_user).get(reverse("programs:delivery", args=[dw.delivery.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert all(
        part in content
        for part in (
            "<h1>Relatório final</h1>",
            "Formação de professores",
            "19/08/2024",
            "Enviar evidência",
            "Enviar a entrega para validação",
            "Pedir mais prazo",
        )
    )
    assert "Registrar a análise" not in content
    assert (duplicate_ids(content), heading_jumps(content)) == ([], [])


def test_a_delivery_of_another_municipality_answers_404(client, sign_in, dw):
    response = sign_in(dw.bruna).get(reverse("programs:delivery", args=[dw.delivery.pk]))
    assert response.status_code == 404


def test_a_delivery_of_a_plan_not_yet_approved_has_no_page(client, sign_in, dw, municipal_user):
    PlanDelivery.objects.filter(pk=dw.delivery.pk).update(frozen=False)
    response = sign_in(municipal_user).get(reverse("programs:delivery", args=[dw.delivery.pk]))
    assert response.status_code == 404


def test_the_queue_lists_the_oldest_submission_first_with_its_age_in_business_days(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.beta_delivery, dw.bruna, on=dt.date(2024, 8, 14))
    fill_and_submit(dw.delivery, municipal_user, on=dt.date(2024, 8, 12))
    with at(dt.date(2024, 8, 21)):
        response = sign_in(technician).get(QUEUE)
    content = response.content.decode()
    rows = response.context["rows"]
    assert [(r["delivery"].pk, r["age"]) for r in rows] == [
        (dw.delivery.pk, 7),
        (dw.beta_delivery.pk, 5),
    ]
    assert "7 dias úteis" in content
    assert content.count("há mais de 5 dias úteis") == 1


def test_the_queue_shows_only_submitted_deliveries_unless_asked(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    browser = sign_in(technician)
    with at(dt.date(2024, 8, 21)):
        waiting = browser.get(QUEUE).context["rows"]
        everything = browser.get(QUEUE, {"status": "all"}).context["rows"]
        late = browser.get(QUEUE, {"status": "all", "late": "yes"}).context["rows"]
    assert [r["delivery"].pk for r in waiting] == [dw.delivery.pk]
    assert {r["delivery"].pk for r in everything} == {dw.delivery.pk, dw.beta_delivery.pk}
    # Campo Grande's was submitted late but is not validated: still late on the 21st.
    assert {r["delivery"].pk for r in late} == {dw.delivery.pk, dw.beta_delivery.pk}


def test_the_queue_filters_by_municipality_and_program(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    fill_and_submit(dw.beta_delivery, dw.bruna)
    browser = sign_in(technician)
    by_name = browser.get(QUEUE, {"municipality": "beta"}).context["rows"]
    by_code = browser.get(QUEUE, {"municipality": "5002704"}).context["rows"]
    other_program = browser.get(QUEUE, {"program": "nenhum"}).context["rows"]
    assert [r["delivery"].pk for r in by_name] == [dw.beta_delivery.pk]
    assert [r["delivery"].pk for r in by_code] == [dw.delivery.pk]
    # An unknown program is an invalid filter, ignored with a warning.
    assert len(other_program) == 2


def test_the_queue_is_scoped_to_the_reviewers_units(
    client, sign_in, dw, municipal_user, ombudsman_unit
):
    fill_and_submit(dw.delivery, municipal_user)
    other = User.objects.create_user(
        email="outro@apoia.test", password="senha-de-teste-1", full_name="Otto Outro"
    )
    ensure_membership(other, Role.TECHNICIAN, org_unit=ombudsman_unit)
    response = sign_in(other).get(QUEUE)
    assert (response.status_code, list(response.context["rows"])) == (200, [])
    assert "Nenhuma entrega com estes filtros." in response.content.decode()


def test_a_focal_point_has_no_review_queue(client, sign_in, dw, municipal_user):
    assert sign_in(municipal_user).get(QUEUE).status_code == 403


def test_the_queue_paginates_past_25_rows(client, sign_in, dw, municipal_user, technician):
    fill_and_submit(dw.delivery, municipal_user)
    item = dw.delivery.item
    extra = []
    for n in range(26):
        action_delivery = dw.delivery.delivery.__class__.objects.create(
            action=dw.world.formacao,
            title=f"Entrega extra {n:02d}",
            weight=1,
            due_offset_days=5,
            evidence_types=["document"],
            order=n + 1,
        )
        extra.append(
            PlanDelivery(
                item=item,
                delivery=action_delivery,
                due=dt.date(2024, 9, 2),
                frozen=True,
                status="submitted",
                submitted_at=dw.delivery.submitted_at,
            )
        )
    PlanDelivery.objects.bulk_create(extra)
    browser = sign_in(technician)
    first = browser.get(QUEUE)
    second = browser.get(QUEUE, {"page": 2})
    assert (len(first.context["rows"]), len(second.context["rows"])) == (25, 2)
    assert 'aria-label="Paginação"' in first.content.decode()


def test_the_technician_validates_from_the_page_and_the_plan_shows_it(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    browser = sign_in(technician)
    with at(dt.date(2024, 8, 14)):
        response = browser.post(
            reverse("programs:delivery_review", args=[dw.delivery.pk]), {"decision": "validate"}
        )
        plan_page = browser.get(dw.plan.get_absolute_url()).content.decode()
    assert response.status_code == 302
    assert '<span class="br-tag success" data-status="validated">Validada</span>' in plan_page


def test_the_api_and_the_page_show_the_same_status(client, sign_in, dw, municipal_user, technician):
    fill_and_submit(dw.delivery, municipal_user)
    with at(dt.date(2024, 8, 14)):
        services.review_delivery(dw.delivery, decision="validate", by=technician)
    page = sign_in(municipal_user).get(reverse("programs:delivery", args=[dw.delivery.pk]))
    api = client.get(f"/api/v1/deliveries/{dw.delivery.pk}", **bearer(municipal_user))
    assert api.json()["status"] == "validated"
    assert 'data-status="validated"' in page.content.decode()


def test_hostile_filters_answer_a_page_not_a_500(client, sign_in, dw, technician):
    browser = sign_in(technician)
    answers = [
        browser.get(QUEUE, {"municipality": "9" * 30}).status_code,
        browser.get(QUEUE, {"page": "x" * 10}).status_code,
        browser.get(QUEUE, {"late": "talvez", "status": "nenhum"}).status_code,
        browser.get(reverse("programs:delivery", args=[2**70])).status_code,
        client.get("/api/v1/deliveries?plan=" + "9" * 30, **bearer(technician)).status_code,
        client.get(f"/api/v1/deliveries?municipality={'9' * 30}", **bearer(technician)).status_code,
    ]
    assert answers == [200, 200, 200, 404, 200, 200]


def test_the_queue_page_has_unique_ids_and_no_heading_jumps(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    content = sign_in(technician).get(QUEUE).content.decode()
    assert (duplicate_ids(content), heading_jumps(content)) == ([], [])


def test_the_reviewers_delivery_page_has_unique_ids_and_no_heading_jumps(
    client, sign_in, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    with at(dt.date(2024, 8, 21)):
        services.ask_clarification(dw.delivery, justification="Chuvas.", by=municipal_user)
    content = sign_in(technician).get(reverse("programs:delivery", args=[dw.delivery.pk]))
    text = content.content.decode()
    assert ("Registrar a análise" in text, "Responder ao pedido" in text) == (True, True)
    assert (duplicate_ids(text), heading_jumps(text)) == ([], [])


def test_the_whole_flow_runs_on_the_pages(client, dw, municipal_user, technician):
    """The focal point sends evidence and submits, the technician returns it with a reason,
    the focal point sends a new version and submits again, the technician validates."""
    from django.test import Client

    mario, tiago = Client(), Client()
    mario.force_login(municipal_user)
    tiago.force_login(technician)
    pk = dw.delivery.pk

    def send(kind, **data):
        return mario.post(
            reverse("programs:delivery_evidence_send", args=[pk]), {"kind": kind, **data}
        )

    with at(dt.date(2024, 8, 12)):
        steps = [
            send("photo", file=png()).status_code,
            send("process_number", value=SEI).status_code,
            mario.post(reverse("programs:delivery_submit", args=[pk])).status_code,
        ]
    with at(dt.date(2024, 8, 14)):
        steps.append(
            tiago.post(
                reverse("programs:delivery_review", args=[pk]),
                {"decision": "return", "reason": "illegible", "new_due": "2024-08-30"},
            ).status_code
        )
    with at(dt.date(2024, 8, 15)):
        steps += [
            send("photo", file=png("nitida.png")).status_code,
            mario.post(reverse("programs:delivery_submit", args=[pk])).status_code,
        ]
    with at(dt.date(2024, 8, 16)):
        steps.append(
            tiago.post(
                reverse("programs:delivery_review", args=[pk]), {"decision": "validate"}
            ).status_code
        )
    dw.delivery.refresh_from_db()
    assert steps == [302] * 7
    assert (dw.delivery.status, dw.delivery.due) == ("validated", dt.date(2024, 8, 30))
    assert list(
        dw.delivery.evidence.order_by("kind", "version").values_list("kind", "version")
    ) == [("photo", 1), ("photo", 2), ("process_number", 1)]
    assert list(dw.delivery.reviews.order_by("at").values_list("decision", "reason")) == [
        ("return", "illegible"),
        ("validate", ""),
    ]
