import pytest

from apoia.society.models.registry import ChangeStatus, OrganizationChange

pytestmark = pytest.mark.django_db

FORM = {"name": "Nome Novo", "email": "", "phone": "", "legal_nature": "", "address": ""}


def test_representative_cannot_open_another_organizations_edit_page(
    sign_in, organization_user, other_organization
):
    client = sign_in(organization_user)
    assert client.get(f"/organizacoes/{other_organization.pk}/editar/").status_code == 404


def test_representative_edit_is_not_public_until_approved(
    sign_in, client, organization_user, organization
):
    sign_in(organization_user).post(f"/organizacoes/{organization.pk}/editar/", FORM)
    assert "Nome Novo" not in client.get("/organizacoes/").content.decode()
    assert OrganizationChange.objects.get().status == ChangeStatus.PENDING


def test_change_page_shows_old_and_new(sign_in, organization_user, coordinator, organization):
    sign_in(organization_user).post(f"/organizacoes/{organization.pk}/editar/", FORM)
    change = OrganizationChange.objects.get()
    page = sign_in(coordinator).get(f"/organizacoes/alteracoes/{change.pk}/").content.decode()
    assert "Associação de Moradores do Jardim Teste" in page and "Nome Novo" in page


def test_refusal_without_reason_is_refused(sign_in, organization_user, coordinator, organization):
    sign_in(organization_user).post(f"/organizacoes/{organization.pk}/editar/", FORM)
    change = OrganizationChange.objects.get()
    sign_in(coordinator).post(f"/organizacoes/alteracoes/{change.pk}/", {"action": "refuse"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_approval_publishes(sign_in, client, organization_user, coordinator, organization):
    sign_in(organization_user).post(f"/organizacoes/{organization.pk}/editar/", FORM)
    change = OrganizationChange.objects.get()
    sign_in(coordinator).post(f"/organizacoes/alteracoes/{change.pk}/", {"action": "approve"})
    assert "Nome Novo" in client.get("/organizacoes/").content.decode()


def test_change_queue_is_404_to_a_representative(sign_in, organization_user):
    assert sign_in(organization_user).get("/organizacoes/alteracoes/").status_code == 404


NEW = {"name": "Coletivo Novo", "kind": "collective", "email": "", "phone": ""}


def test_new_organization_form_refuses_a_bad_cnpj(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    page = client.post(
        "/organizacoes/nova/", {**NEW, "cnpj": "11222333000100", "municipality": campo_grande.ibge}
    ).content.decode()
    assert "CNPJ inválido." in page


def test_new_organization_form_refuses_a_duplicate_cnpj(
    sign_in, coordinator, campo_grande, organization
):
    client = sign_in(coordinator)
    page = client.post(
        "/organizacoes/nova/", {**NEW, "cnpj": organization.cnpj, "municipality": campo_grande.ibge}
    ).content.decode()
    assert "Já existe uma organização com este CNPJ." in page
