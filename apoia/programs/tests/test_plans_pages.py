"""Plan pages: the builder, the plan page, the analysis, the queue and the links to them."""

import datetime as dt

import pytest
from django.urls import reverse

from apoia.programs.models import Plan, PlanStatus
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import ALFA, adhesion_of
from apoia.programs.tests.plan_helpers import (
    approved_plan,
    at,
    build_world,
    fiscal_item,
    formacao_item,
)
from apoia.tests.html import duplicate_ids, heading_jumps

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return build_world(state_ms, community_unit, coordinator)


def filled(world, **extra):
    prefix = f"a{world.formacao.pk}"
    return {
        f"{prefix}-include": "on",
        f"{prefix}-name": "Renata Lima",
        f"{prefix}-role": "Secretária de Educação",
        f"{prefix}-contact": "(67) 3314-0000",
        f"{prefix}-target-idhm_e": "0,8",
        **extra,
    }


def test_the_builder_offers_the_eligible_actions_only(client, sign_in, world, municipal_user):
    response = sign_in(municipal_user).get(reverse("programs:plan_edit", args=[world.adhesion.pk]))
    content = response.content.decode()
    assert ("Formação de professores" in content, "Gestão fiscal" in content) == (True, True)
    assert "Inclusão produtiva" not in content


def test_the_focal_point_builds_and_submits_the_plan_from_the_web(
    client, sign_in, world, municipal_user
):
    with at(dt.date(2024, 8, 1)):
        response = sign_in(municipal_user).post(
            reverse("programs:plan_edit", args=[world.adhesion.pk]),
            filled(world, submit="1"),
        )
    plan = Plan.objects.get()
    target = plan.items.get().targets.get()
    assert response.status_code == 302
    assert (plan.status, target.target, target.baseline_value) == (
        PlanStatus.SUBMITTED,
        0.8,
        0.724,
    )


def test_a_new_plan_shows_each_baseline_before_it_is_first_saved(
    client, sign_in, world, municipal_user
):
    response = sign_in(municipal_user).get(reverse("programs:plan_edit", args=[world.adhesion.pk]))

    assert Plan.objects.count() == 0
    assert (
        "Linha de base: 0,724 (2010), o valor mais recente do indicador para o município."
        in response.content.decode()
    )


def test_an_approved_plan_shows_its_frozen_baseline_in_the_builder(
    client, sign_in, world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)

    response = sign_in(municipal_user).get(reverse("programs:plan_edit", args=[plan.adhesion_id]))

    assert "Linha de base: 0,724 (2010), congelada na aprovação." in response.content.decode()


def test_a_refused_save_and_send_stores_nothing_and_keeps_what_was_typed(
    client, sign_in, world, municipal_user
):
    prefix = f"a{world.formacao.pk}"
    with at(dt.date(2024, 8, 1)):
        response = sign_in(municipal_user).post(
            reverse("programs:plan_edit", args=[world.adhesion.pk]),
            filled(world, submit="1", **{f"{prefix}-name": ""}),
        )

    content = response.content.decode()
    assert response.status_code == 422
    assert "Informe o responsável pela ação “Formação de professores”." in content
    assert 'value="Secretária de Educação"' in content
    assert Plan.objects.count() == 0


def test_an_ineligible_action_posted_to_the_builder_is_a_form_error(
    client, sign_in, world, municipal_user
):
    response = sign_in(municipal_user).post(
        reverse("programs:plan_edit", args=[world.adhesion.pk]),
        filled(world, **{f"a{world.inclusao.pk}-include": "on"}),
    )
    assert response.status_code == 422
    assert (
        "A ação “Inclusão produtiva” é só para os municípios focais dos seus desafios"
        in response.content.decode()
    )
    assert Plan.objects.count() == 0


def test_a_focal_point_gets_404_for_another_municipality_plan_page(
    client, sign_in, world, municipal_user, admin_user
):
    other = services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    response = sign_in(municipal_user).get(reverse("programs:plan", args=[other.pk]))
    assert response.status_code == 404


def test_a_focal_point_gets_404_submitting_another_municipality_plan(
    client, sign_in, world, municipal_user, admin_user
):
    other = services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    response = sign_in(municipal_user).post(reverse("programs:plan_submit", args=[other.pk]))
    assert (response.status_code, Plan.objects.get(pk=other.pk).status) == (404, "draft")


def test_a_focal_point_gets_404_on_another_municipality_builder(
    client, sign_in, world, municipal_user
):
    other = adhesion_of(world.program, world.phase, ALFA)
    response = sign_in(municipal_user).get(reverse("programs:plan_edit", args=[other.pk]))
    assert response.status_code == 404


def test_a_return_without_comment_on_the_web_leaves_the_plan_submitted(
    client, sign_in, world, municipal_user, technician
):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    response = sign_in(technician).post(
        reverse("programs:plan_decide", args=[plan.pk]), {"decision": "return"}, follow=True
    )
    assert "Para devolver o plano, escreva um comentário" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_the_technician_returns_the_plan_with_a_comment_on_an_item(
    client, sign_in, world, municipal_user, technician
):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    item = plan.items.get()
    sign_in(technician).post(
        reverse("programs:plan_decide", args=[plan.pk]),
        {"decision": "return", f"c{item.pk}": "Detalhar o público."},
    )
    item.refresh_from_db()
    assert (Plan.objects.get(pk=plan.pk).status, item.return_comment) == (
        PlanStatus.RETURNED,
        "Detalhar o público.",
    )


def test_the_plan_page_shows_the_difference_between_versions(
    client, sign_in, world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)
    with at(dt.date(2024, 9, 2)):
        services.save_plan(
            world.adhesion,
            items=[formacao_item(world, target=0.85), fiscal_item(world)],
            reason="Inclusão da gestão fiscal.",
            by=municipal_user,
        )
        services.submit_plan(plan, by=municipal_user)
        services.decide_plan(plan, approved=True, by=coordinator)
    content = sign_in(municipal_user).get(plan.get_absolute_url()).content.decode()
    assert "Ação incluída: Gestão fiscal" in content
    assert "Meta de idhm_e em “Formação de professores”: 0,8 → 0,85" in content
    assert "Alteração pedida por Mário Mendes: Inclusão da gestão fiscal." in content


def test_the_queue_lists_plans_with_their_age_in_days(
    client, sign_in, world, municipal_user, coordinator
):
    with at(dt.date(2024, 8, 1)):
        plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
        services.submit_plan(plan, by=municipal_user)
    with at(dt.date(2024, 8, 8)):
        response = sign_in(coordinator).get(
            reverse("programs:plan_queue", args=["ms-ativo"]), {"status": "submitted"}
        )
    content = response.content.decode()
    assert ("Campo Grande" in content, "7 dias" in content) == (True, True)


def test_the_adhesion_page_links_the_plan(client, sign_in, world, municipal_user):
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    response = sign_in(municipal_user).get(reverse("programs:adhesion", args=[world.adhesion.pk]))
    assert plan.get_absolute_url() in response.content.decode()


def test_the_adhesion_page_offers_the_builder_to_the_focal_point(
    client, sign_in, world, municipal_user
):
    response = sign_in(municipal_user).get(reverse("programs:adhesion", args=[world.adhesion.pk]))
    assert reverse("programs:plan_edit", args=[world.adhesion.pk]) in response.content.decode()


def test_the_municipality_profile_shows_the_plan_status(client, world, municipal_user):
    services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    response = client.get("/indicadores/municipios/5002704/")
    assert "plano de ação: rascunho" in response.content.decode()


def test_the_plan_page_and_the_builder_have_unique_ids_and_no_heading_jumps(
    client, sign_in, world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)
    signed = sign_in(municipal_user)
    for url in (plan.get_absolute_url(), reverse("programs:plan_edit", args=[world.adhesion.pk])):
        page = signed.get(url).content.decode()
        assert (url, duplicate_ids(page), heading_jumps(page)) == (url, [], [])
