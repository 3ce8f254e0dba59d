# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""Pages of bills: the public list and page, the desk's forms and actions, answers."""

import datetime as dt

import pytest

from apoia.legislative.models import Bill, OpinionRequest
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    at,
    bill,
    desk,
    desk_user,
    new_bill,
    person,
    route,
    segem,
    three_units,
)

pytestmark = pytest.mark.django_db


def _page(client, url, **data):
    with at():
        return client.post(url, data) if data else client.get(url)


def test_the_list_is_public_and_filters_by_status_and_text(client, bill, desk_user, desk):
    new_bill(desk_user, desk, number=7, summary="Dispõe sobre a merenda escolar.")
    everything = _page(client, "/legislativo/proposicoes/")
    found = _page(client, "/legislativo/proposicoes/?q=merenda&status=filed")
    assert everything.status_code == 200
    assert "Projeto de Lei 123/2026" in everything.content.decode()
    assert "Projeto de Lei 7/2026" in found.content.decode()
    assert "Projeto de Lei 123/2026" not in found.content.decode()


def test_the_list_says_when_nothing_matches(client, bill):
    page = _page(client, "/legislativo/proposicoes/?status=vetoed")
    assert "Nenhuma proposição encontrada." in page.content.decode()


def test_the_public_page_shows_facts_and_history_but_not_the_opinions(
    client, bill, desk_user, three_units
):
    route(desk_user, bill, three_units, question="Pergunta interna")
    page = _page(client, bill.get_absolute_url()).content.decode()
    assert "Institui a política estadual" in page
    assert "10/11/2026" in page
    assert "Pareceres das unidades" not in page
    assert "Pergunta interna" not in page


def test_an_unknown_bill_is_404(client, db):
    assert _page(client, "/legislativo/proposicoes/999/").status_code == 404


def test_staff_of_the_state_see_the_requests_with_late_tags(
    sign_in, bill, desk_user, three_units, technician
):
    route(desk_user, bill, three_units, days=5)
    with at("2026-11-25 10:00 -04:00"):
        page = sign_in(technician).get(bill.get_absolute_url()).content.decode()
    assert "Pareceres das unidades" in page
    assert "24/11/2026" in page
    assert page.count("atrasado</span>") == 3
    assert "Registrar andamento" not in page


def test_the_desk_creates_a_bill(sign_in, desk_user, desk):
    client = sign_in(desk_user)
    form = _page(client, "/legislativo/proposicoes/nova/")
    created = _page(
        client,
        "/legislativo/proposicoes/nova/",
        desk=desk.pk,
        house="state_assembly",
        kind="pl",
        number="45",
        year="2026",
        author="Dep. Beltrano",
        summary="Cria o programa estadual de hortas comunitárias.",
        link="https://al.ms.gov.br/pl-45",
    )
    bill = Bill.objects.get()
    assert form.status_code == 200
    assert created.status_code == 302
    assert created["Location"] == f"/legislativo/proposicoes/{bill.pk}/"
    assert (str(bill), bill.desk, bill.status_changes.count()) == (
        "Projeto de Lei 45/2026",
        desk,
        1,
    )


def test_a_chamber_bill_without_municipality_shows_the_error_next_to_the_field(
    sign_in, desk_user, desk
):
    page = _page(
        sign_in(desk_user),
        "/legislativo/proposicoes/nova/",
        desk=desk.pk,
        house="municipal_chamber",
        kind="pl",
        number="1",
        year="2026",
        author="Ver. Fulano",
        summary="Ementa.",
    )
    assert page.status_code == 200
    assert "Informe o município da câmara municipal." in page.content.decode()
    assert not Bill.objects.exists()


def test_the_new_bill_page_is_404_for_people_outside_the_staff(sign_in, organization_user):
    assert _page(sign_in(organization_user), "/legislativo/proposicoes/nova/").status_code == 404


def test_the_new_bill_page_is_404_for_staff_of_other_units(sign_in, desk, coordinator):
    assert _page(sign_in(coordinator), "/legislativo/proposicoes/nova/").status_code == 404


def test_the_new_bill_page_asks_anonymous_people_to_sign_in(client, db):
    assert _page(client, "/legislativo/proposicoes/nova/").status_code == 302


def test_the_desk_edits_a_bill(sign_in, bill, desk_user):
    client = sign_in(desk_user)
    response = _page(
        client,
        f"/legislativo/proposicoes/{bill.pk}/editar/",
        house="state_assembly",
        kind="pl",
        number="123",
        year="2026",
        author="Dep. Fulana de Tal",
        summary="Ementa corrigida.",
    )
    bill.refresh_from_db()
    assert (response.status_code, bill.summary) == (302, "Ementa corrigida.")


def test_another_unit_may_not_edit_a_bill(sign_in, bill, coordinator):
    assert (
        _page(sign_in(coordinator), f"/legislativo/proposicoes/{bill.pk}/editar/").status_code
        == 403
    )


def test_the_desk_records_a_status(sign_in, bill, desk_user):
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/andamento/",
        **{
            "status-status": "in_committee",
            "status-happened_on": "2026-11-12",
            "status-note": "CCJ",
        },
    )
    bill.refresh_from_db()
    assert (response.status_code, bill.status) == (302, "in_committee")


def test_a_status_in_the_future_shows_the_error_on_the_page(sign_in, bill, desk_user):
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/andamento/",
        **{"status-status": "approved", "status-happened_on": "2026-12-30"},
    )
    assert response.status_code == 422
    assert "A data não pode estar no futuro." in response.content.decode()


def test_the_desk_routes_a_bill_to_three_units_from_the_page(sign_in, bill, desk_user, three_units):
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/pareceres/",
        **{
            "routing-units": [u.pk for u in three_units],
            "routing-business_days": "15",
            "routing-question": "Impacto?",
        },
    )
    assert response.status_code == 302
    assert (
        list(OpinionRequest.objects.values_list("due_on", flat=True)) == [dt.date(2026, 12, 8)] * 3
    )


def test_routing_a_unit_twice_shows_the_error(sign_in, bill, desk_user, segem):
    route(desk_user, bill, [segem])
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/pareceres/",
        **{"routing-units": [segem.pk], "routing-business_days": "5"},
    )
    assert response.status_code == 422
    assert "Esta unidade já foi consultada: SEGEM." in response.content.decode()


def test_only_the_desk_may_route(sign_in, bill, coordinator, segem):
    response = _page(
        sign_in(coordinator),
        f"/legislativo/proposicoes/{bill.pk}/pareceres/",
        **{"routing-units": [segem.pk], "routing-business_days": "5"},
    )
    assert response.status_code == 403


def test_the_consulted_unit_sees_the_form_and_answers(
    sign_in, bill, desk_user, community_unit, coordinator
):
    (req,) = route(desk_user, bill, [community_unit])
    client = sign_in(coordinator)
    page = _page(client, bill.get_absolute_url()).content.decode()
    response = _page(
        client,
        f"/legislativo/pareceres/{req.pk}/responder/",
        **{f"answer-{req.pk}-position": "against", f"answer-{req.pk}-opinion": "Sem orçamento."},
    )
    req.refresh_from_db()
    assert "Enviar parecer" in page
    assert (response.status_code, req.position, req.opinion) == (302, "against", "Sem orçamento.")


def test_an_answer_without_text_shows_the_error(
    sign_in, bill, desk_user, community_unit, technician
):
    (req,) = route(desk_user, bill, [community_unit])
    response = _page(
        sign_in(technician),
        f"/legislativo/pareceres/{req.pk}/responder/",
        **{f"answer-{req.pk}-position": "favourable"},
    )
    assert response.status_code == 422
    assert "Este campo é obrigatório." in response.content.decode()


def test_another_unit_of_the_state_may_not_answer(
    sign_in, bill, desk_user, community_unit, ombudsman_unit
):
    (req,) = route(desk_user, bill, [community_unit])
    response = _page(
        sign_in(person("sergio@apoia.test", ombudsman_unit)),
        f"/legislativo/pareceres/{req.pk}/responder/",
        **{f"answer-{req.pk}-position": "favourable", f"answer-{req.pk}-opinion": "Sim."},
    )
    assert response.status_code == 403


def test_people_outside_the_state_get_404_for_an_opinion_request(
    sign_in, bill, desk_user, community_unit, organization_user
):
    (req,) = route(desk_user, bill, [community_unit])
    response = _page(
        sign_in(organization_user),
        f"/legislativo/pareceres/{req.pk}/responder/",
        **{f"answer-{req.pk}-position": "favourable", f"answer-{req.pk}-opinion": "Sim."},
    )
    assert response.status_code == 404


def test_the_desk_cancels_an_open_request(sign_in, bill, desk_user, segem):
    (req,) = route(desk_user, bill, [segem])
    response = _page(sign_in(desk_user), f"/legislativo/pareceres/{req.pk}/cancelar/", x="1")
    req.refresh_from_db()
    assert response.status_code == 302
    assert req.cancelled_at is not None


def test_consolidation_with_open_requests_names_them_on_the_page(sign_in, bill, desk_user, segem):
    route(desk_user, bill, [segem])
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/consolidacao/",
        **{"consolidation-position": "favourable", "consolidation-text": "Apoiamos."},
    )
    assert response.status_code == 422
    assert "Há 1 pedido de parecer em aberto (SEGEM)" in response.content.decode()


def test_the_desk_consolidates_cancelling_the_open_requests(sign_in, bill, desk_user, segem):
    route(desk_user, bill, [segem])
    response = _page(
        sign_in(desk_user),
        f"/legislativo/proposicoes/{bill.pk}/consolidacao/",
        **{
            "consolidation-position": "favourable",
            "consolidation-text": "Apoiamos.",
            "consolidation-cancel_open": "on",
        },
    )
    bill.refresh_from_db()
    assert (response.status_code, bill.consolidated_position) == (302, "favourable")
    page = _page(sign_in(desk_user), bill.get_absolute_url()).content.decode()
    assert "Apoiamos." in page


def test_an_answer_after_the_deadline_is_tagged(
    sign_in, bill, desk_user, community_unit, technician
):
    from apoia.legislative import services_opinions

    (req,) = route(desk_user, bill, [community_unit], days=5)
    with at("2026-11-26 10:00 -04:00"):
        services_opinions.answer_opinion(
            by=technician, opinion_request=req, position="favourable", opinion="Tarde."
        )
        page = sign_in(technician).get(bill.get_absolute_url()).content.decode()
    assert "respondido após o prazo" in page
    assert "atrasado</span>" not in page
