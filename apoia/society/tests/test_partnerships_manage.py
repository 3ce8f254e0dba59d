"""The staff's pages of partnerships: new, the action panels and pages, the unit's list."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from apoia.society import services_partnerships as sp
from apoia.society.forms_partnerships import parse_money
from apoia.society.models.partnerships import (
    Partnership,
    PartnershipStatus,
    SelectionMode,
    TermKind,
)
from apoia.society.tests.test_partnerships_pages import partnership  # noqa: F401

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def call(technician, community_unit):
    return sp.create_partnership(
        by=technician,
        unit=community_unit,
        title="Cozinhas solidárias",
        object="Manter cozinhas.",
        selection_mode=SelectionMode.PUBLIC_CALL,
        term_kind=TermKind.COLABORACAO,
        call_number="02/2026",
        call_published_on=D(2026, 1, 5),
        proposals_until=D(2026, 2, 5),
    )


@pytest.fixture
def selected(call, technician, organization):
    return sp.register_selection(
        by=technician,
        partnership=call,
        organization=organization,
        result_published_on=D(2026, 2, 20),
    )


def test_parse_money_reads_brazilian_format():
    assert [parse_money(t) for t in ("180.000,00", "R$ 1.500", "99,5", "2500.75", "")] == [
        Decimal("180000.00"),
        Decimal("1500"),
        Decimal("99.5"),
        Decimal("2500.75"),
        None,
    ]


def test_parse_money_refuses_misplaced_dots():
    with pytest.raises(ValueError):
        parse_money("18.00.00")


def test_new_partnership_page_offers_the_users_unit(sign_in, technician, community_unit):
    body = sign_in(technician).get("/parcerias/nova/").content.decode()
    assert community_unit.name in body
    assert "Justificativa da dispensa" in body


def test_new_partnership_page_is_404_for_a_representative(sign_in, organization_user):
    assert sign_in(organization_user).get("/parcerias/nova/").status_code == 404


def test_new_partnership_page_sends_anonymous_to_login(client):
    response = client.get("/parcerias/nova/")
    assert response.status_code == 302


def test_creating_a_public_call_redirects_to_its_page(sign_in, technician, community_unit):
    response = sign_in(technician).post(
        "/parcerias/nova/",
        {
            "title": "Hortas",
            "object": "Implantar hortas.",
            "unit": community_unit.pk,
            "term_kind": TermKind.FOMENTO,
            "selection_mode": SelectionMode.PUBLIC_CALL,
            "call_number": "03/2026",
            "call_published_on": "2026-03-02",
            "proposals_until": "2026-04-02",
        },
    )
    p = Partnership.objects.get(title="Hortas")
    assert (response.status_code, response.url) == (302, f"/parcerias/{p.pk}/")
    assert (p.status, p.proposals_until) == (PartnershipStatus.CALL, D(2026, 4, 2))


def test_creating_an_exemption_without_justification_shows_the_field_error(
    sign_in, technician, community_unit
):
    response = sign_in(technician).post(
        "/parcerias/nova/",
        {
            "title": "Acolhimento",
            "object": "Acolher.",
            "unit": community_unit.pk,
            "term_kind": TermKind.COLABORACAO,
            "selection_mode": SelectionMode.EXEMPTION,
        },
    )
    assert response.status_code == 200
    assert "A dispensa ou inexigibilidade precisa de justificativa." in response.content.decode()
    assert not Partnership.objects.exists()


def test_manager_sees_only_the_panels_the_status_allows(sign_in, technician, call):
    body = sign_in(technician).get(f"/parcerias/{call.pk}/").content.decode()
    panels = [a for a in sp.ACTION_STATUSES if f'id="panel-{a}"' in body]
    assert panels == ["selection", "cancellation"]


def test_public_visitor_sees_no_panels(client, call):
    body = client.get(f"/parcerias/{call.pk}/").content.decode()
    assert "Gestão da parceria" not in body


def test_selection_offers_the_states_organizations(sign_in, technician, call, organization):
    body = sign_in(technician).get(f"/parcerias/{call.pk}/selecao/").content.decode()
    assert organization.name in body


def test_registering_the_selection_redirects_with_a_message(
    sign_in, technician, call, organization
):
    client = sign_in(technician)
    response = client.post(
        f"/parcerias/{call.pk}/selecao/",
        {"selection-organization": organization.pk, "selection-result_published_on": "2026-02-20"},
        follow=True,
    )
    call.refresh_from_db()
    assert call.organization == organization
    assert "Seleção registrada." in response.content.decode()


def test_signing_the_term_accepts_brazilian_value_and_goals_per_line(sign_in, technician, selected):
    sign_in(technician).post(
        f"/parcerias/{selected.pk}/termo/",
        {
            "term-term_number": "TC 4/2026",
            "term-signed_on": "2026-03-01",
            "term-value": "180.000,00",
            "term-starts_on": "2026-03-01",
            "term-ends_on": "2026-12-31",
            "term-goals": "Servir 100 refeições\n\nFormar 10 cozinheiros\n",
        },
    )
    selected.refresh_from_db()
    assert (selected.status, selected.value) == (PartnershipStatus.IN_EXECUTION, Decimal("180000"))
    assert [g.description for g in selected.goals.all()] == [
        "Servir 100 refeições",
        "Formar 10 cozinheiros",
    ]


def test_term_with_bad_value_shows_the_error_next_to_the_field(sign_in, technician, selected):
    response = sign_in(technician).post(
        f"/parcerias/{selected.pk}/termo/", {"term-value": "cento e oitenta"}
    )
    assert "Valor inválido; use o formato 180.000,00." in response.content.decode()


def test_refused_transition_is_shown_on_the_form(sign_in, technician, call):
    response = sign_in(technician).post(
        f"/parcerias/{call.pk}/aditivos/novo/",
        {"amendment-signed_on": "2026-03-01", "amendment-description": "Prorroga"},
    )
    assert response.status_code == 200
    assert "Não é possível aditar: a parceria está em “Chamamento público”." in (
        response.content.decode()
    )


def test_action_page_is_404_for_staff_of_another_state(sign_in, call, state_mt):
    from apoia.accounts.models import Role
    from apoia.accounts.reference import ensure_unit
    from conftest import _person

    mt = _person("mt@apoia.test", "Maria MT", Role.TECHNICIAN, org_unit=ensure_unit("mt-cpsb"))
    assert sign_in(mt).get(f"/parcerias/{call.pk}/cancelamento/").status_code == 404


def test_action_page_is_404_for_a_representative(sign_in, organization_user, call):
    assert sign_in(organization_user).post(f"/parcerias/{call.pk}/selecao/").status_code == 404


def test_cancelling_needs_a_reason(sign_in, technician, call):
    response = sign_in(technician).post(
        f"/parcerias/{call.pk}/cancelamento/", {"cancellation-closed_on": "2026-02-01"}
    )
    call.refresh_from_db()
    assert call.status == PartnershipStatus.CALL
    assert response.status_code == 200


def test_receipt_and_opinion_pages(sign_in, technician, partnership):  # noqa: F811
    report = partnership.reports.get()
    client = sign_in(technician)
    client.post(
        f"/parcerias/relatorios/{report.pk}/recebimento/", {"receipt-received_on": "2026-03-04"}
    )
    client.post(
        f"/parcerias/relatorios/{report.pk}/parecer/",
        {
            "opinion-opinion": "approved_with_reservations",
            "opinion-opinion_text": "Faltam fotos.",
            "opinion-opinion_on": "2026-03-09",
        },
    )
    report.refresh_from_db()
    assert (report.received_on, report.opinion, report.opinion_by) == (
        D(2026, 3, 4),
        "approved_with_reservations",
        technician,
    )


def test_report_action_sends_anonymous_to_sign_in(client, partnership):  # noqa: F811
    report = partnership.reports.get()
    response = client.get(f"/parcerias/relatorios/{report.pk}/recebimento/")
    assert response.status_code == 302  # to the sign-in page


def test_report_action_is_404_for_a_representative(
    sign_in,
    organization_user,
    partnership,  # noqa: F811
):
    report = partnership.reports.get()
    client = sign_in(organization_user)
    response = client.post(
        f"/parcerias/relatorios/{report.pk}/recebimento/", {"receipt-received_on": "2026-03-04"}
    )
    report.refresh_from_db()
    assert (response.status_code, report.received_on) == (404, None)


def test_public_list_offers_staff_the_new_and_manage_links(sign_in, technician):
    body = sign_in(technician).get("/parcerias/").content.decode()
    assert 'href="/parcerias/nova/"' in body and 'href="/parcerias/gestao/"' in body


def test_manage_list_counts_late_reports(sign_in, technician, partnership):  # noqa: F811
    with time_machine.travel("2026-03-10 10:00 -03:00", tick=False):
        body = sign_in(technician).get("/parcerias/gestao/").content.decode()
    assert "Hortas comunitárias" in body
    assert "1 atrasado" in body


def test_manage_list_filters_late_only(sign_in, technician, partnership, call):  # noqa: F811
    with time_machine.travel("2026-03-10 10:00 -03:00", tick=False):
        body = sign_in(technician).get("/parcerias/gestao/", {"late": "on"}).content.decode()
    assert ("Hortas comunitárias" in body, "Cozinhas solidárias" in body) == (True, False)


def test_manage_list_is_404_for_a_municipal_user(sign_in, municipal_user):
    assert sign_in(municipal_user).get("/parcerias/gestao/").status_code == 404


def test_action_page_not_allowed_by_status_redirects_to_the_partnership(sign_in, technician, call):
    response = sign_in(technician).get(f"/parcerias/{call.pk}/termo/", follow=True)
    assert response.redirect_chain == [(f"/parcerias/{call.pk}/", 302)]
    assert "não está disponível na situação atual" in response.content.decode()


def test_panel_links_to_its_own_page(sign_in, technician, call):
    body = sign_in(technician).get(f"/parcerias/{call.pk}/").content.decode()
    assert f'href="/parcerias/{call.pk}/selecao/"' in body
