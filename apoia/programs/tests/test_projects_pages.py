"""The strategic project pages: /projetos/, /projetos/<slug>/ with goals, deliveries, the
plan's approval and history; the delivery page of a project; the menu entry; the public
program pages offer no adhesion; the action editor's goal fields."""

import datetime as dt

import pytest
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.programs.models import DeliveryStatus, PlanDelivery, PlanStatus
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.project_helpers import (
    APPROVED,
    approved_project,
    person,
    project_world,
)

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2024, 10, 16)


def test_the_list_shows_the_project_with_its_progress(sign_in, state_ms):
    world = approved_project(state_ms)
    PlanDelivery.objects.filter(item__plan=world.plan, delivery=world.search).update(
        status=DeliveryStatus.VALIDATED
    )
    with at(WEDNESDAY):
        response = sign_in(world.tiago).get("/projetos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Conectividade nas escolas" in html
    assert "33,3%" in html  # 2 / (1 + 3 + 2)
    # "Reduzir o abandono escolar" (no indicator): its only delivery validated, it is met.
    assert "1 de 2 metas cumpridas" in html


def test_the_project_page_shows_goals_deliveries_and_the_formula(sign_in, state_ms):
    world = approved_project(state_ms)
    with at(dt.date(2024, 10, 16)):
        response = sign_in(world.silvia).get("/projetos/conectividade/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Conectar 200 escolas" in html
    assert "200 escolas" in html
    assert "30/06/2025" in html
    assert world.responsible.name in html
    assert 'data-goal-status="in_progress"' in html
    # Contrato assinado, due Tuesday 15 October, is late on Wednesday 16 October.
    assert html.count('data-late="true"') == 1
    delivery = PlanDelivery.objects.get(item__plan=world.plan, delivery=world.contract)
    assert delivery.get_absolute_url() in html
    assert reverse("programs:monitoring_progress", args=["conectividade"]) in html
    assert "Aprovado (versão 1, em 07/10/2024)" in html


def test_the_managing_unit_approves_the_plan_on_the_page(sign_in, state_ms):
    world = project_world(state_ms)
    client = sign_in(world.silvia)
    with at(APPROVED):
        page = client.get("/projetos/conectividade/")
        assert "Aprovar o plano do projeto" in page.content.decode()
        response = client.post(
            "/projetos/conectividade/aprovar/", {"fase": "execucao-2024"}, follow=True
        )
    assert response.status_code == 200
    assert "Plano do projeto aprovado" in response.content.decode()
    plan = world.phase.plans.get()
    assert plan.status == PlanStatus.APPROVED
    assert PlanDelivery.objects.get(item__plan=plan, delivery=world.contract).due == (
        dt.date(2024, 10, 15)
    )


def test_a_responsible_unit_neither_sees_nor_uses_the_approval(sign_in, state_ms):
    world = project_world(state_ms)
    client = sign_in(world.tiago)
    assert (
        "Aprovar o plano do projeto" not in client.get("/projetos/conectividade/").content.decode()
    )
    response = client.post("/projetos/conectividade/aprovar/", {"fase": "execucao-2024"})
    assert response.status_code == 403
    assert not world.phase.plans.exists()


def test_a_second_approval_without_reason_shows_the_error(sign_in, state_ms):
    world = approved_project(state_ms)
    goal = world.connect
    goal.pk = None
    goal.title = "Formar 50 professores"
    goal.save()
    goal.deliveries.create(title="Turma", weight=1, due_offset_days=5, evidence_types=["photo"])
    with at(WEDNESDAY):
        response = sign_in(world.silvia).post(
            "/projetos/conectividade/aprovar/", {"fase": "execucao-2024", "reason": ""}
        )
    assert response.status_code == 422
    assert "Informe o motivo da alteração" in response.content.decode()


def test_outsiders_get_404_on_the_project_pages_and_deliveries(sign_in, state_ms, municipal_user):
    world = approved_project(state_ms)
    olga = person(
        "olga@apoia.test", "Olga Ornelas", Role.TECHNICIAN, org_unit=ensure_unit("ms-ouvidoria")
    )
    delivery = PlanDelivery.objects.filter(item__plan=world.plan).first()
    for outsider in (municipal_user, olga):
        client = sign_in(outsider)
        assert client.get("/projetos/").status_code == 404
        assert client.get("/projetos/conectividade/").status_code == 404
        assert client.get(delivery.get_absolute_url()).status_code == 404
        assert client.get(f"/programas/planos/{world.plan.pk}/").status_code == 404


def test_the_delivery_page_names_the_project_and_the_goal(sign_in, state_ms):
    world = approved_project(state_ms)
    delivery = PlanDelivery.objects.get(item__plan=world.plan, delivery=world.contract)
    with at(WEDNESDAY):
        response = sign_in(world.tiago).get(delivery.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projeto estratégico" in html
    assert "Conectividade nas escolas" in html
    assert "Município" not in html.split("<main", 1)[-1].split("Evidências", 1)[0]
    assert 'name="kind"' in html  # Tiago may send evidence


def test_the_review_queue_lists_a_submitted_project_delivery(sign_in, state_ms):
    from apoia.programs.services import deliveries as delivery_services
    from apoia.programs.tests.delivery_helpers import pdf

    world = approved_project(state_ms)
    delivery = PlanDelivery.objects.get(item__plan=world.plan, delivery=world.contract)
    with at(WEDNESDAY):
        delivery_services.send_evidence(delivery, kind="document", file=pdf(), by=world.tiago)
        delivery_services.submit_delivery(delivery, by=world.tiago)
        response = sign_in(world.silvia).get("/programas/entregas/")
    assert response.status_code == 200
    assert delivery.get_absolute_url() in response.content.decode()


def test_the_plan_page_of_a_project_plan_opens_the_project(sign_in, state_ms):
    world = approved_project(state_ms)
    response = sign_in(world.silvia).get(f"/programas/planos/{world.plan.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/projetos/conectividade/"


def test_the_menu_shows_projects_to_their_staff_only(sign_in, state_ms, municipal_user):
    world = project_world(state_ms)
    assert "Projetos estratégicos" in sign_in(world.tiago).get("/").content.decode()
    assert "Projetos estratégicos" not in sign_in(municipal_user).get("/").content.decode()


def test_public_program_pages_offer_no_adhesion_to_a_project(
    client, sign_in, state_ms, municipal_user
):
    project_world(state_ms)
    assert "Conectividade nas escolas" not in client.get("/programas/").content.decode()
    detail = client.get("/programas/conectividade/")
    assert detail.status_code == 302
    assert detail["Location"] == "/projetos/conectividade/"
    mayor = sign_in(municipal_user)
    assert mayor.get("/programas/conectividade/aderir/").status_code == 404


def test_the_action_editor_has_goal_fields_for_a_project_only(sign_in, state_ms, admin_user):
    world = project_world(state_ms)
    client = sign_in(admin_user)
    html = client.get(f"/programas/gestao/conectividade/cardapio/{world.connect.pk}/").content
    assert b'name="target_value"' in html
    assert b'name="deadline"' in html
    assert b'name="indicator"' in html
    world.program.kind = "cooperation"
    world.program.save()
    html = client.get(f"/programas/gestao/conectividade/cardapio/{world.connect.pk}/").content
    assert b'name="target_value"' not in html


def test_the_management_report_renders_for_a_project(sign_in, state_ms):
    world = approved_project(state_ms)
    with at(WEDNESDAY):
        response = sign_in(world.silvia).get("/programas/gestao/conectividade/relatorio/")
    assert response.status_code == 200
    assert "Contrato assinado" in response.content.decode()


def test_the_management_report_lists_a_projects_late_delivery_in_every_format(sign_in, state_ms):
    import io

    from openpyxl import load_workbook

    world = approved_project(state_ms)
    client = sign_in(world.silvia)
    with at(WEDNESDAY):
        page = client.get("/programas/gestao/conectividade/relatorio/").content.decode()
        xlsx = client.get("/programas/gestao/conectividade/relatorio.xlsx")
        pdf = client.get("/programas/gestao/conectividade/relatorio.pdf")

    assert "Projeto estratégico" in page
    sheets = load_workbook(io.BytesIO(xlsx.content)).worksheets
    late = [row for sheet in sheets for row in sheet.iter_rows(values_only=True)]
    assert any("Projeto estratégico" in row and "Contrato assinado" in row for row in late)
    assert (pdf.status_code, pdf.content[:4]) == (200, b"%PDF")


def test_the_admin_lists_a_project_plan(admin_client, state_ms):
    world = approved_project(state_ms)
    response = admin_client.get("/admin/programs/plan/")
    assert response.status_code == 200
    assert "Plano do projeto Conectividade nas escolas" in response.content.decode()
    assert admin_client.get(f"/admin/programs/plan/{world.plan.pk}/change/").status_code == 200
    assert admin_client.get("/admin/programs/planitem/").status_code == 200


def test_an_approved_plan_with_nothing_new_offers_no_approval(sign_in, state_ms):
    world = approved_project(state_ms)
    html = sign_in(world.silvia).get("/projetos/conectividade/").content.decode()
    assert 'action="/projetos/conectividade/aprovar/"' not in html
    assert "traz todas as metas e entregas desta fase" in html


def test_the_action_editor_saves_a_new_goal_with_its_target_and_deadline(
    sign_in, state_ms, admin_user
):
    from decimal import Decimal

    from apoia.programs.models import Action

    world = project_world(state_ms)
    response = sign_in(admin_user).post(
        reverse("programs:action_new", args=["conectividade"]),
        {
            "title": "Formar 50 técnicos de rede",
            "unit": world.responsible.pk,
            "description": "",
            "modality": "online",
            "places": "",
            "eligibility": "all_adhered",
            "is_published": "on",
            "target_value": "50",
            "target_unit": "técnicos",
            "deadline": "2025-03-31",
            "indicator": "",
            "deliveries-TOTAL_FORMS": "1",
            "deliveries-INITIAL_FORMS": "0",
            "deliveries-MIN_NUM_FORMS": "0",
            "deliveries-MAX_NUM_FORMS": "30",
            "deliveries-0-title": "Turma formada",
            "deliveries-0-weight": "1",
            "deliveries-0-due_offset_days": "15",
            "deliveries-0-evidence_types": ["attendance_list"],
        },
    )
    assert response.status_code == 302
    goal = Action.objects.get(title="Formar 50 técnicos de rede")
    assert (goal.target_value, goal.target_unit, goal.deadline) == (
        Decimal("50.00"),
        "técnicos",
        dt.date(2025, 3, 31),
    )
    assert goal.phase == world.phase


def test_the_dashboard_and_open_data_work_for_a_project_with_waiting_deliveries(
    sign_in, client, state_ms
):
    from apoia.programs.services import deliveries as delivery_services
    from apoia.programs.tests.delivery_helpers import pdf

    world = approved_project(state_ms)
    delivery = PlanDelivery.objects.get(item__plan=world.plan, delivery=world.contract)
    with at(dt.date(2024, 10, 14)):  # Monday
        delivery_services.send_evidence(delivery, kind="document", file=pdf(), by=world.tiago)
        delivery_services.submit_delivery(delivery, by=world.tiago)
    staff = sign_in(world.silvia)
    with at(dt.date(2024, 10, 17)):  # Thursday: waiting for 3 business days
        dashboard = staff.get("/programas/gestao/conectividade/monitoramento/")
        waiting = staff.get("/programas/gestao/conectividade/monitoramento/aguardando/")
        data = client.get("/transparencia/programas/conectividade/dados.csv")
    assert dashboard.status_code == 200
    assert waiting.status_code == 200
    assert "3 dias úteis" in waiting.content.decode()
    assert data.status_code == 200


def test_the_public_formula_page_lists_a_projects_deliveries(client, state_ms):
    approved_project(state_ms)
    with at(WEDNESDAY):
        response = client.get("/transparencia/programas/conectividade/progresso/")
    assert response.status_code == 200
    assert "Contrato assinado" in response.content.decode()
