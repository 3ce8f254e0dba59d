"""Municipal action plans: building, submitting, returning, approving and revising them.

The toy state and Campo Grande's adhesion come from plan_helpers.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import Role
from apoia.accounts.tests.factories import MembershipFactory
from apoia.indicators.models import IndicatorValue
from apoia.programs.models import PlanStatus, PlanTarget
from apoia.programs.queries_plans import plans_visible_to, version_diff
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import ALFA, adhesion_of
from apoia.programs.tests.plan_helpers import (
    CAMPO_GRANDE,
    approved_plan,
    at,
    build_world,
    fiscal_item,
    formacao_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(state_ms, community_unit, coordinator, municipal_user):
    return build_world(state_ms, community_unit, coordinator)


def test_a_new_plan_takes_the_baseline_from_the_latest_indicator_value(world, municipal_user):
    with at(dt.date(2024, 8, 1)):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    target = PlanTarget.objects.get(item__plan=plan)
    assert (target.baseline_value, target.baseline_period, target.target) == (0.724, 2010, 0.8)


def test_a_delivery_due_date_defaults_to_its_offset_from_today_before_approval(
    world, municipal_user
):
    with at(dt.date(2024, 8, 1)):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    delivery = plan.items.get().deliveries.get()
    assert (delivery.due, delivery.due_adjusted) == (dt.date(2024, 8, 15), False)


def test_an_ineligible_action_is_refused_naming_it(world, municipal_user):
    item = services.ItemData(action=world.inclusao, responsible={"name": "Renata"})
    with pytest.raises(ValidationError) as caught:
        services.save_plan(world.adhesion, items=[item], by=municipal_user)
    assert caught.value.message_dict == {
        "items.0.action": [
            "A ação “Inclusão produtiva” é só para os municípios focais dos seus desafios, e "
            "Campo Grande não é focal em nenhum deles."
        ]
    }


def test_a_target_for_an_indicator_the_action_does_not_address_is_refused(world, municipal_user):
    item = fiscal_item(world)
    item.targets = {"idhm_e": 0.8}
    with pytest.raises(ValidationError) as caught:
        services.save_plan(world.adhesion, items=[item], by=municipal_user)
    assert list(caught.value.message_dict) == ["items.0.targets.idhm_e"]


def test_a_focal_point_of_another_municipality_cannot_build_the_plan(world, municipal_user):
    other = adhesion_of(world.program, world.phase, ALFA)
    with pytest.raises(PermissionDenied):
        services.save_plan(other, items=[fiscal_item(world)], by=municipal_user)


def test_a_plan_without_a_target_cannot_be_submitted(world, municipal_user):
    plan = services.save_plan(
        world.adhesion, items=[formacao_item(world, target=None)], by=municipal_user
    )
    with pytest.raises(ValidationError) as caught:
        services.submit_plan(plan, by=municipal_user)
    assert caught.value.message_dict == {
        "items.0.targets.idhm_e": [
            "Informe a meta de IDHM Educação na ação “Formação de professores”."
        ]
    }


def test_a_return_without_any_comment_is_refused(world, municipal_user, coordinator):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    with pytest.raises(ValidationError) as caught:
        services.decide_plan(plan, approved=False, comment="  ", by=coordinator)
    assert caught.value.message_dict == {
        "comment": ["Para devolver o plano, escreva um comentário (geral ou em alguma ação)."]
    }


def test_a_return_keeps_the_comment_of_each_item(world, municipal_user, technician):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    item = plan.items.get()
    services.decide_plan(
        plan, approved=False, item_comments={item.pk: "Meta pouco ambiciosa."}, by=technician
    )
    item.refresh_from_db()
    plan.refresh_from_db()
    assert (plan.status, item.return_comment) == (PlanStatus.RETURNED, "Meta pouco ambiciosa.")


def test_the_focal_point_cannot_approve_its_own_plan(world, municipal_user):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    services.submit_plan(plan, by=municipal_user)
    with pytest.raises(PermissionDenied):
        services.decide_plan(plan, approved=True, by=municipal_user)


def test_approval_makes_version_1_and_fixes_due_dates_from_the_approval_day(
    world, municipal_user, coordinator
):
    with at(dt.date(2024, 8, 1)):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
        services.submit_plan(plan, by=municipal_user)
    with at(dt.date(2024, 8, 5)):
        services.decide_plan(plan, approved=True, by=coordinator)
    plan.refresh_from_db()
    version = plan.versions.get()
    assert (plan.status, plan.version, version.number, version.approved_by) == (
        PlanStatus.APPROVED,
        1,
        1,
        coordinator,
    )
    assert version.snapshot["items"][0]["deliveries"][0]["due"] == "2024-08-19"


def test_a_due_date_the_municipality_adjusted_is_kept_at_approval(
    world, municipal_user, coordinator
):
    with at(dt.date(2024, 8, 1)):
        item = formacao_item(world)
        delivery = world.formacao.deliveries.get()
        item.dues = {delivery.pk: dt.date(2024, 9, 30)}
        plan = services.save_plan(world.adhesion, items=[item], by=municipal_user)
        services.submit_plan(plan, by=municipal_user)
    with at(dt.date(2024, 8, 5)):
        services.decide_plan(plan, approved=True, by=coordinator)
    assert plan.items.get().deliveries.get().due == dt.date(2024, 9, 30)


def test_baselines_stay_frozen_after_approval_when_new_indicator_values_arrive(
    world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)
    IndicatorValue.objects.create(
        indicator=world.idhm_e, municipality_id=CAMPO_GRANDE, period=2022, value=0.781
    )
    services.refresh_baselines(plan)
    with at(dt.date(2024, 9, 2)):
        services.save_plan(
            world.adhesion,
            items=[formacao_item(world, target=0.85)],
            reason="Meta revista com a Secretaria de Educação.",
            by=municipal_user,
        )
    target = PlanTarget.objects.get(item__plan=plan)
    assert (target.baseline_value, target.baseline_period, target.target) == (0.724, 2010, 0.85)


def test_before_approval_the_baseline_follows_a_newer_indicator_value(world, municipal_user):
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    IndicatorValue.objects.create(
        indicator=world.idhm_e, municipality_id=CAMPO_GRANDE, period=2022, value=0.781
    )
    services.submit_plan(plan, by=municipal_user)
    target = PlanTarget.objects.get(item__plan=plan)
    assert (target.baseline_value, target.baseline_period) == (0.781, 2022)


def test_a_change_after_approval_needs_a_reason(world, municipal_user, coordinator):
    approved_plan(world, municipal_user, coordinator)
    with pytest.raises(ValidationError) as caught:
        services.save_plan(
            world.adhesion, items=[formacao_item(world), fiscal_item(world)], by=municipal_user
        )
    assert list(caught.value.message_dict) == ["reason"]


def test_a_revision_approved_again_becomes_version_2_with_its_reason_and_author(
    world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)
    with at(dt.date(2024, 9, 2)):
        services.save_plan(
            world.adhesion,
            items=[formacao_item(world), fiscal_item(world)],
            reason="Inclusão da gestão fiscal.",
            by=municipal_user,
        )
        services.submit_plan(plan, by=municipal_user)
        services.decide_plan(plan, approved=True, by=coordinator)
    latest = plan.versions.get(number=2)
    assert (latest.reason, latest.changed_by, latest.approved_by) == (
        "Inclusão da gestão fiscal.",
        municipal_user,
        coordinator,
    )


def test_the_version_diff_names_added_and_removed_actions_and_changed_targets_and_dates(
    world, municipal_user, coordinator
):
    plan = approved_plan(world, municipal_user, coordinator)
    delivery = world.formacao.deliveries.get()
    with at(dt.date(2024, 9, 2)):
        item = formacao_item(world, target=0.85)
        item.dues = {delivery.pk: dt.date(2024, 10, 31)}
        services.save_plan(
            world.adhesion,
            items=[item, fiscal_item(world)],
            reason="Nova meta e novo prazo.",
            by=municipal_user,
        )
        services.submit_plan(plan, by=municipal_user)
        services.decide_plan(plan, approved=True, by=coordinator)
    first, second = plan.versions.order_by("number")
    assert version_diff(first.snapshot, second.snapshot) == {
        "added": ["Gestão fiscal"],
        "removed": [],
        "targets": [
            {"action": "Formação de professores", "what": "idhm_e", "old": 0.8, "new": 0.85}
        ],
        "dues": [
            {
                "action": "Formação de professores",
                "what": "Relatório final",
                "old": dt.date(2024, 8, 19),
                "new": dt.date(2024, 10, 31),
            }
        ],
        "responsible": [],
    }


def test_a_full_action_is_refused_to_the_next_plan(world, municipal_user, admin_user):
    world.formacao.places = 1
    world.formacao.save()
    other = adhesion_of(world.program, world.phase, ALFA)
    other_plan = services.save_plan(other, items=[formacao_item(world)], by=admin_user)
    services.submit_plan(other_plan, by=admin_user)
    with pytest.raises(ValidationError) as caught:
        services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    assert caught.value.message_dict == {
        "items": [
            "A ação “Formação de professores” não tem mais vagas: a sua única vaga já está "
            "no plano de outro município."
        ]
    }


def test_a_draft_holds_no_place(world, municipal_user, admin_user):
    world.formacao.places = 1
    world.formacao.save()
    other = adhesion_of(world.program, world.phase, ALFA)
    services.save_plan(other, items=[formacao_item(world)], by=admin_user)
    plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=municipal_user)
    assert services.submit_plan(plan, by=municipal_user).status == PlanStatus.SUBMITTED


def test_a_unit_that_offers_an_action_sees_the_plans_that_include_it_only(
    world, municipal_user, admin_user
):
    offering = MembershipFactory(role=Role.TECHNICIAN)
    world.fiscal.unit = offering.org_unit
    world.fiscal.save()
    services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[formacao_item(world)], by=admin_user
    )
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    assert list(plans_visible_to(offering.user)) == [plan]


def test_a_focal_point_sees_only_its_municipality_plan(world, municipal_user, admin_user):
    services.save_plan(
        adhesion_of(world.program, world.phase, ALFA), items=[fiscal_item(world)], by=admin_user
    )
    plan = services.save_plan(world.adhesion, items=[fiscal_item(world)], by=municipal_user)
    assert list(plans_visible_to(municipal_user)) == [plan]


def test_a_revision_cannot_drop_an_action_whose_delivery_already_has_evidence(
    world, municipal_user, coordinator
):
    from apoia.programs.models import Evidence, Plan, PlanDelivery

    plan = approved_plan(world, municipal_user, coordinator)
    delivery = PlanDelivery.objects.get(item__plan=plan)
    Evidence.objects.create(
        delivery=delivery,
        kind="link",
        version=1,
        title="Página da formação",
        value="https://educacao.campogrande.ms.gov.br/formacao",
        sent_by=municipal_user,
        sent_at=dt.datetime(2024, 8, 20, 10, tzinfo=dt.UTC),
    )

    with at(dt.date(2024, 9, 2)), pytest.raises(ValidationError) as caught:
        services.save_plan(
            world.adhesion,
            items=[fiscal_item(world)],
            reason="Troca de ação.",
            by=municipal_user,
        )

    assert caught.value.message_dict == {
        "items": [
            "A ação “Formação de professores” já tem entregas em andamento (evidências ou "
            "análises): ela não pode sair do plano."
        ]
    }
    assert Plan.objects.get().status == PlanStatus.APPROVED
    assert plan.items.count() == 1


def test_the_menu_editor_cannot_delete_a_delivery_that_plans_carry(
    world, municipal_user, coordinator
):
    from apoia.programs.services import menu as menu_services

    approved_plan(world, municipal_user, coordinator)
    delivery = world.formacao.deliveries.get()
    row = {
        "id": delivery.pk,
        "title": delivery.title,
        "weight": delivery.weight,
        "due_offset_days": delivery.due_offset_days,
        "evidence_types": delivery.evidence_types,
    }

    with pytest.raises(ValidationError) as caught:
        menu_services.save_action(
            world.formacao,
            challenges=list(world.formacao.challenges.all()),
            deliveries=[{**row, "delete": True}, {**row, "id": None, "title": "Outra"}],
            by=coordinator,
        )

    assert caught.value.messages == [
        f"A entrega “{delivery.title}” já está em planos municipais: ela não pode ser "
        "excluída (altere o título ou o prazo, se preciso)."
    ]
    assert list(world.formacao.deliveries.values_list("title", flat=True)) == [delivery.title]
