# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""Routing a bill to several units, answering, cancelling and consolidating
(services_opinions). Requested on Monday 16/11/2026, before the national holiday of 20/11."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.legislative import services_opinions
from apoia.legislative.models import BillStatus, OpinionRequest, Position
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    DUE_5,
    DUE_10,
    DUE_15,
    REQUESTED_ON,
    at,
    bill,
    desk,
    desk_user,
    mt_unit,
    new_bill,
    route,
    segem,
    three_units,
)

pytestmark = pytest.mark.django_db


def _answer(by, req, position=Position.FAVOURABLE, opinion="De acordo."):
    with at():
        return services_opinions.answer_opinion(
            by=by, opinion_request=req, position=position, opinion=opinion
        )


def _consolidate(by, bill, **kwargs):
    data = {"position": Position.FAVOURABLE, "text": "O Estado apoia a proposição."}
    data.update(kwargs)
    with at():
        return services_opinions.consolidate(by=by, bill=bill, **data)


def test_a_bill_routed_to_three_units_gets_three_deadlines(bill, desk_user, three_units):
    community, ombudsman, segem = three_units
    route(
        desk_user,
        bill,
        three_units,
        days=10,
        business_days_by_unit={community: 5, segem: 15},
        question="Qual o impacto orçamentário?",
    )
    rows = list(
        OpinionRequest.objects.order_by("due_on").values_list(
            "unit__slug", "requested_on", "business_days", "due_on", "question"
        )
    )
    assert rows == [
        ("ms-sec-spp-comunitarios", REQUESTED_ON, 5, DUE_5, "Qual o impacto orçamentário?"),
        ("ms-ouvidoria", REQUESTED_ON, 10, DUE_10, "Qual o impacto orçamentário?"),
        ("ms-segem", REQUESTED_ON, 15, DUE_15, "Qual o impacto orçamentário?"),
    ]


def test_one_deadline_for_all_units_skips_the_holiday(bill, desk_user, three_units):
    created = route(desk_user, bill, three_units, days=5)
    assert [r.due_on for r in created] == [dt.date(2026, 11, 24)] * 3


def test_a_chamber_bill_counts_the_municipal_holidays(desk_user, desk, campo_grande, segem):
    from apoia.territory.models import NonBusinessDay

    NonBusinessDay.objects.create(
        date=dt.date(2026, 11, 17), name="Feriado municipal de teste", municipality=campo_grande
    )
    chamber = new_bill(desk_user, desk, house="municipal_chamber", municipality=campo_grande)
    (created,) = route(desk_user, chamber, [segem], days=5)
    assert created.due_on == dt.date(2026, 11, 25)


def test_a_unit_already_consulted_is_refused_on_units(bill, desk_user, three_units):
    route(desk_user, bill, three_units[:1])
    with pytest.raises(ValidationError) as error:
        route(desk_user, bill, three_units)
    assert error.value.message_dict == {
        "units": [
            "Esta unidade já foi consultada: Subsecretaria de Políticas Públicas para Assuntos "
            "Comunitários."
        ]
    }
    assert OpinionRequest.objects.count() == 1


def test_units_of_another_state_are_refused(bill, desk_user, mt_unit):
    with pytest.raises(ValidationError) as error:
        route(desk_user, bill, [mt_unit])
    assert error.value.message_dict == {
        "units": ["Estas unidades não são do estado da proposição: SETASC."]
    }


def test_no_unit_and_a_bad_deadline_are_named(bill, desk_user):
    with pytest.raises(ValidationError) as error:
        route(desk_user, bill, [], days=0)
    assert error.value.message_dict == {
        "units": ["Escolha ao menos uma unidade."],
        "business_days": ["Informe um prazo entre 1 e 120 dias úteis."],
    }


def test_a_closed_bill_is_not_routed(bill, desk_user, segem):
    bill.status = BillStatus.ARCHIVED
    bill.save()
    with pytest.raises(ValidationError) as error:
        route(desk_user, bill, [segem])
    assert error.value.message_dict == {
        "__all__": ["A proposição está “Arquivada”: não se pedem mais pareceres."]
    }


def test_only_the_desk_routes_a_bill(bill, coordinator, segem):
    with pytest.raises(PermissionDenied):
        route(coordinator, bill, [segem])


def test_the_consulted_unit_answers_once(bill, desk_user, community_unit, coordinator):
    (req,) = route(desk_user, bill, [community_unit])
    _answer(coordinator, req, Position.FAVOURABLE_WITH_CHANGES, "Ajustar o art. 3º.")
    req.refresh_from_db()
    assert (req.position, req.opinion, req.answered_by) == (
        "favourable_with_changes",
        "Ajustar o art. 3º.",
        coordinator,
    )
    with pytest.raises(ValidationError) as error:
        _answer(coordinator, req)
    assert error.value.messages == ["Este pedido de parecer já foi respondido."]


def test_another_unit_may_not_answer(bill, desk_user, community_unit, ombudsman):
    (req,) = route(desk_user, bill, [community_unit])
    with pytest.raises(PermissionDenied):
        _answer(ombudsman, req)


def test_the_desk_may_answer_for_a_unit(bill, desk_user, community_unit):
    (req,) = route(desk_user, bill, [community_unit])
    assert _answer(desk_user, req).answered_by == desk_user


def test_an_answer_needs_a_position_and_a_text(bill, desk_user, community_unit, technician):
    (req,) = route(desk_user, bill, [community_unit])
    with pytest.raises(ValidationError) as error:
        _answer(technician, req, position="", opinion=" ")
    assert error.value.message_dict == {
        "position": ["Escolha a posição da unidade."],
        "opinion": ["Escreva o parecer."],
    }


def test_a_cancelled_request_is_not_answered_and_the_unit_may_be_asked_again(
    bill, desk_user, community_unit, technician
):
    (req,) = route(desk_user, bill, [community_unit])
    with at():
        services_opinions.cancel_opinion_request(by=desk_user, opinion_request=req)
    with pytest.raises(ValidationError):
        _answer(technician, req)
    (again,) = route(desk_user, bill, [community_unit], days=5)
    assert again.due_on == DUE_5


def test_only_the_desk_cancels_a_request(bill, desk_user, community_unit, technician):
    (req,) = route(desk_user, bill, [community_unit])
    with at(), pytest.raises(PermissionDenied):
        services_opinions.cancel_opinion_request(by=technician, opinion_request=req)


def test_consolidation_is_refused_while_requests_are_open_naming_them(
    bill, desk_user, three_units, coordinator
):
    community = three_units[0]
    requests = route(desk_user, bill, three_units)
    _answer(coordinator, requests[0])
    with pytest.raises(ValidationError) as error:
        _consolidate(desk_user, bill)
    assert error.value.message_dict == {
        "cancel_open": [
            "Há 2 pedidos de parecer em aberto (Ouvidoria da Secretaria de Estado da "
            "Cidadania, SEGEM): aguarde as respostas ou cancele-os."
        ]
    }
    assert community.pk == requests[0].unit_id


def test_consolidation_after_every_answer(bill, desk_user, community_unit, coordinator):
    (req,) = route(desk_user, bill, [community_unit])
    _answer(coordinator, req)
    _consolidate(desk_user, bill, position=Position.FAVOURABLE_WITH_CHANGES, text="Com ajustes.")
    bill.refresh_from_db()
    assert (bill.consolidated_position, bill.consolidated_text, bill.consolidated_by) == (
        "favourable_with_changes",
        "Com ajustes.",
        desk_user,
    )
    assert bill.consolidated_at is not None


def test_consolidation_may_cancel_the_open_requests_explicitly(bill, desk_user, three_units):
    route(desk_user, bill, three_units)
    _consolidate(desk_user, bill, cancel_open=True)
    assert bill.opinion_requests.open().count() == 0
    assert bill.opinion_requests.filter(cancelled_at__isnull=False).count() == 3


def test_only_the_desk_consolidates(bill, coordinator):
    with pytest.raises(PermissionDenied):
        _consolidate(coordinator, bill)


def test_a_late_request_is_open_and_past_its_deadline(bill, desk_user, three_units):
    route(desk_user, bill, three_units, days=5)
    assert OpinionRequest.objects.late(dt.date(2026, 11, 24)).count() == 0
    assert OpinionRequest.objects.late(dt.date(2026, 11, 25)).count() == 3
