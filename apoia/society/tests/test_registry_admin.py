"""Admin of the registry: lists without personal data, history read-only, inlines."""

import pytest

from apoia.society import services_registry_import as si
from apoia.society.models.registry import Leader

pytestmark = pytest.mark.django_db

CPF = "52998224725"


@pytest.fixture
def leader(organization):
    return Leader.objects.create(
        organization=organization,
        name="Joana Dirigente",
        position="Presidente",
        cpf=CPF,
        email="joana@pessoal.test",
    )


def test_the_leader_list_shows_no_personal_data(sign_in, admin_user, leader):
    page = sign_in(admin_user).get("/admin/society/leader/").content.decode()
    assert "Joana Dirigente" in page
    assert CPF not in page and "joana@pessoal.test" not in page


def test_searching_leaders_by_cpf_finds_nothing(sign_in, admin_user, leader):
    page = sign_in(admin_user).get(f"/admin/society/leader/?q={CPF}").content.decode()
    assert "Joana Dirigente" not in page


def test_the_leader_form_shows_personal_data_to_the_admin(sign_in, admin_user, leader):
    page = sign_in(admin_user).get(f"/admin/society/leader/{leader.pk}/change/").content.decode()
    assert CPF in page and "Dados pessoais" in page


def test_imports_are_read_only(sign_in, admin_user, coordinator, campo_grande):
    batch = si.preview_import(by=coordinator, file_name="a.csv", content="nome;tipo\n")
    client = sign_in(admin_user)
    assert client.get("/admin/society/importbatch/").status_code == 200
    assert client.get("/admin/society/importbatch/add/").status_code == 403
    page = client.get(f"/admin/society/importbatch/{batch.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_changes_are_read_only(sign_in, admin_user):
    assert sign_in(admin_user).get("/admin/society/organizationchange/add/").status_code == 403


def test_the_organization_admin_shows_record_and_leaders_inline(
    sign_in, admin_user, organization, leader
):
    url = f"/admin/accounts/organization/{organization.pk}/change/"
    page = sign_in(admin_user).get(url).content.decode()
    assert "Joana Dirigente" in page and 'name="record-TOTAL_FORMS"' in page


def test_the_area_admin_lists_areas(sign_in, admin_user):
    assert sign_in(admin_user).get("/admin/society/areaofwork/").status_code == 200


def test_the_organization_add_page_has_no_inlines(sign_in, admin_user):
    page = sign_in(admin_user).get("/admin/accounts/organization/add/").content.decode()
    assert "record-TOTAL_FORMS" not in page and "leaders-TOTAL_FORMS" not in page


def test_the_organization_admin_saves_a_leader_inline(sign_in, admin_user, organization):
    url = f"/admin/accounts/organization/{organization.pk}/change/"
    data = {
        "name": organization.name,
        "cnpj": organization.cnpj,
        "kind": organization.kind,
        "municipality": organization.municipality_id,
        "email": "",
        "phone": "",
        "record-TOTAL_FORMS": "0",
        "record-INITIAL_FORMS": "0",
        "leaders-TOTAL_FORMS": "1",
        "leaders-INITIAL_FORMS": "0",
        "leaders-0-name": "Nova Dirigente",
        "leaders-0-position": "Secretária",
    }
    response = sign_in(admin_user).post(url, data)
    assert response.status_code == 302
    assert list(organization.leaders.values_list("name", flat=True)) == ["Nova Dirigente"]
