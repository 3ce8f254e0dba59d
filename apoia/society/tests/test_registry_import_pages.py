"""Pages of the organization CSV import: upload, preview, commit and the past imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.models import Organization
from apoia.society import reference_registry
from apoia.society import services_registry_import as si
from apoia.society.models.registry import ImportBatch

pytestmark = pytest.mark.django_db

GOOD = "nome;tipo;cnpj;municipio_ibge\nColetivo Novo;collective;11222333000181;5002704\n"
BAD = "nome;tipo;cnpj;municipio_ibge\nColetivo Novo;collective;11222333000100;5002704\n"


def _upload(client, text, name="orgs.csv"):
    return client.post(
        "/organizacoes/importar/", {"file": SimpleUploadedFile(name, text.encode("utf-8"))}
    )


def test_the_upload_page_lists_the_columns_and_the_example(sign_in, coordinator):
    page = sign_in(coordinator).get("/organizacoes/importar/").content.decode()
    assert "municipio_ibge" in page
    assert "/organizacoes/importar/modelo.csv" in page
    assert "Nenhuma importação feita ainda." in page


def test_the_example_csv_downloads(sign_in, coordinator):
    response = sign_in(coordinator).get("/organizacoes/importar/modelo.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").startswith("nome;tipo;cnpj;municipio_ibge;")


def test_the_example_csv_is_a_valid_import(coordinator, campo_grande):
    reference_registry.load()
    batch = si.preview_import(by=coordinator, file_name="modelo.csv", content=si.EXAMPLE)
    assert (batch.status, batch.created_count, batch.errors) == ("previewed", 2, [])


def test_a_representative_gets_404_on_the_import_pages(sign_in, organization_user, coordinator):
    batch = si.preview_import(by=coordinator, file_name="a.csv", content="nome;tipo\n")
    client = sign_in(organization_user)
    assert client.get("/organizacoes/importar/").status_code == 404
    assert client.get("/organizacoes/importar/modelo.csv").status_code == 404
    assert client.get(f"/organizacoes/importar/{batch.pk}/").status_code == 404
    assert client.post(f"/organizacoes/importar/{batch.pk}/importar/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get("/organizacoes/importar/").status_code == 302


def test_uploading_shows_the_preview_with_the_import_button(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    response = _upload(client, GOOD)
    batch = ImportBatch.objects.get()
    assert response.url == f"/organizacoes/importar/{batch.pk}/"
    page = client.get(response.url).content.decode()
    assert "1 organização nova" in page and "Coletivo Novo" in page
    assert f"/organizacoes/importar/{batch.pk}/importar/" in page
    assert not Organization.objects.filter(name="Coletivo Novo").exists()


def test_a_file_with_errors_shows_them_without_the_button(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    page = client.get(_upload(client, BAD).url).content.decode()
    assert "CNPJ inválido." in page
    assert f"/organizacoes/importar/{ImportBatch.objects.get().pk}/importar/" not in page


def test_a_file_that_is_not_csv_is_a_form_error(sign_in, coordinator):
    response = _upload(sign_in(coordinator), GOOD, name="orgs.xlsx")
    assert "Envie um arquivo .csv." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_committing_creates_and_shows_what_was_created(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    batch_url = _upload(client, GOOD).url
    response = client.post(batch_url + "importar/", follow=True)
    page = response.content.decode()
    assert "Importação concluída: 1 criadas, 0 atualizadas." in page
    assert "Criada" in page and "Coletivo Novo" in page
    assert Organization.objects.filter(name="Coletivo Novo").count() == 1


def test_committing_twice_shows_an_error_and_writes_once(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    batch_url = _upload(client, GOOD).url
    client.post(batch_url + "importar/")
    page = client.post(batch_url + "importar/", follow=True).content.decode()
    assert "Esta importação já foi feita." in page
    assert Organization.objects.filter(name="Coletivo Novo").count() == 1


def test_past_imports_are_listed(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    _upload(client, GOOD, name="lista-maio.csv")
    page = client.get("/organizacoes/importar/").content.decode()
    assert "lista-maio.csv" in page and "Pré-visualizado" in page


def test_the_registry_shows_staff_the_import_link(sign_in, coordinator):
    page = sign_in(coordinator).get("/organizacoes/").content.decode()
    assert 'href="/organizacoes/importar/"' in page


def test_sending_an_already_imported_file_warns(sign_in, coordinator, campo_grande):
    client = sign_in(coordinator)
    client.post(_upload(client, GOOD).url + "importar/")
    page = client.get(_upload(client, GOOD).url).content.decode()
    assert "Este mesmo arquivo já foi importado em" in page


def test_staff_of_another_state_get_404_on_the_batch(sign_in, coordinator, state_mt):
    from apoia.accounts.models import Role
    from apoia.accounts.tests.factories import MembershipFactory, OrgUnitFactory

    mt_staff = MembershipFactory(
        role=Role.COORDINATOR, org_unit=OrgUnitFactory(state=state_mt)
    ).user
    batch = si.preview_import(by=coordinator, file_name="a.csv", content="nome;tipo\n")
    client = sign_in(mt_staff)
    assert client.get(f"/organizacoes/importar/{batch.pk}/").status_code == 404
    assert "a.csv" not in client.get("/organizacoes/importar/").content.decode()
