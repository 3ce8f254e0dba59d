import pytest
from pytest_django.asserts import assertContains

from apoia.accounts.models import User
from apoia.catalog.tests.conftest import MODEL_BACKEND
from apoia.catalog.tests.factories import ServiceFactory, ServiceOptionFactory, ServiceStepFactory


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_superuser(
        email="root@apoia.test", password="senha-de-teste-1", full_name="Root"
    )
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_the_admin_lists_services_with_their_deadline(staff_client, ms):
    ServiceFactory(name="Adesão ao MS Ativo", deadline_amount=2, deadline_unit="weeks")

    response = staff_client.get("/admin/catalog/service/", {"q": "Adesão"})

    assertContains(response, "Adesão ao MS Ativo")
    assertContains(response, "2 semanas")


def test_the_admin_edits_a_service_with_its_steps_and_options_inline(staff_client, ms):
    service = ServiceFactory()
    ServiceStepFactory(service=service, title="Enviar ofício")
    ServiceOptionFactory(service=service, name="Formação/capacitação")

    response = staff_client.get(f"/admin/catalog/service/{service.pk}/change/")

    assertContains(response, "Enviar ofício")
    assertContains(response, "Formação/capacitação")
    assertContains(response, 'id="id_audiences"')


def test_the_admin_offers_a_form_to_add_an_audience(staff_client, ms):
    response = staff_client.get("/admin/catalog/audience/add/")

    assert response.status_code == 200
    assertContains(response, 'name="slug"')
