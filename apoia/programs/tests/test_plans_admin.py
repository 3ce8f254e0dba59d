"""The admin shows municipal action plans but changes none: every change is a transition of
services/plans.py (places, approval, versions)."""

import pytest
from django.urls import reverse

from apoia.accounts.models import User
from apoia.programs.tests.plan_helpers import approved_plan, build_world

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def root(client):
    user = User.objects.create_superuser(
        email="root@apoia.test", password="senha-de-teste-1", full_name="Root"
    )
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def plan(state_ms, community_unit, coordinator, municipal_user):
    world = build_world(state_ms, community_unit, coordinator)
    return approved_plan(world, municipal_user, coordinator)


def test_the_admin_lists_plans_with_their_status_and_version(root, plan):
    response = root.get(reverse("admin:programs_plan_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Plano de ação de Campo Grande" in content
    assert "Aprovado" in content


def test_the_admin_shows_a_plan_with_its_items_and_versions(root, plan):
    response = root.get(reverse("admin:programs_plan_change", args=[plan.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert ("Formação de professores" in content, "Versão 1" in content) == (True, True)


def test_the_admin_cannot_change_or_delete_a_plan(root, plan):
    change = root.post(reverse("admin:programs_plan_change", args=[plan.pk]), {"status": "draft"})
    delete = root.post(reverse("admin:programs_plan_delete", args=[plan.pk]), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    plan.refresh_from_db()
    assert plan.status == "approved"
