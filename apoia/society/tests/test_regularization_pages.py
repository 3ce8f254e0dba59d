"""The checklist page (staff change items, representatives mark them sent, others 404), the
staff's list with filters, and "Abrir checklist"."""

import datetime as dt

import pytest
import time_machine

from apoia.accounts.tests.factories import OrganizationFactory
from apoia.society import reference_regularization
from apoia.society.models.regularization import Checklist, Requirement
from apoia.society.services_regularization import open_checklist

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def first_of_december_2026():
    with time_machine.travel("2026-12-01 12:00", tick=False):
        yield


@pytest.fixture
def checklist(db, organization, technician):
    reference_regularization.load()
    checklist = open_checklist(by=technician, organization=organization)
    checklist.items.filter(requirement__slug="crf-fgts").update(
        status="valid", expires_on=D(2026, 12, 15)
    )
    return checklist


def _url(organization):
    return f"/organizacoes/{organization.pk}/regularizacao/"


def _item_url(organization, slug):
    return f"{_url(organization)}itens/{slug}/"


def _crf(checklist):
    return checklist.items.get(requirement__slug="crf-fgts")


def test_staff_see_the_checklist_grouped_with_days_to_expiry(
    checklist, organization, technician, sign_in
):
    body = sign_in(technician).get(_url(organization)).content.decode()
    assert "Certidões" in body and "Certificações" in body
    assert "15/12/2026" in body and "vence em 14 dias" in body
    assert "Válido" in body


def test_a_valid_item_past_its_expiry_shows_as_expired(
    checklist, organization, technician, sign_in
):
    checklist.items.filter(requirement__slug="cndt").update(
        status="valid", expires_on=D(2026, 11, 30)
    )
    body = sign_in(technician).get(_url(organization)).content.decode()
    assert "Vencido" in body and "30/11/2026" in body


def test_the_representative_sees_the_checklist(checklist, organization, organization_user, sign_in):
    response = sign_in(organization_user).get(_url(organization))
    assert response.status_code == 200
    assert "Marcar como enviado" in response.content.decode()


def test_another_organizations_representative_gets_404(
    checklist, organization, other_organization_user, sign_in
):
    assert sign_in(other_organization_user).get(_url(organization)).status_code == 404


def test_a_municipal_user_gets_404(checklist, organization, municipal_user, sign_in):
    assert sign_in(municipal_user).get(_url(organization)).status_code == 404


def test_anonymous_is_sent_to_login(checklist, organization, client):
    assert client.get(_url(organization)).status_code == 302


def test_viewing_adds_a_newly_active_requirement(checklist, organization, technician, sign_in):
    Requirement.objects.create(slug="alvara", name="Alvará de funcionamento", group="Outros")
    body = sign_in(technician).get(_url(organization)).content.decode()
    assert "Alvará de funcionamento" in body
    assert checklist.items.count() == 14


def test_staff_update_an_item_and_are_redirected(checklist, organization, technician, sign_in):
    pk = checklist.items.get(requirement__slug="cndt").pk
    response = sign_in(technician).post(
        _item_url(organization, "cndt"),
        {f"item-{pk}-status": "valid", f"item-{pk}-expires_on": "2027-05-30"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(organization) + "#item-cndt"
    item = checklist.items.get(requirement__slug="cndt")
    assert (item.status, item.expires_on) == ("valid", D(2027, 5, 30))


def test_valid_without_expiry_shows_the_error_next_to_the_field(
    checklist, organization, technician, sign_in
):
    pk = checklist.items.get(requirement__slug="cndt").pk
    response = sign_in(technician).post(
        _item_url(organization, "cndt"), {f"item-{pk}-status": "valid"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_item-{pk}-expires_on_error"' in body
    assert "Informe a validade do documento." in body


def test_the_representative_marks_an_item_as_sent(
    checklist, organization, organization_user, sign_in
):
    pk = checklist.items.get(requirement__slug="ata-eleicao").pk
    response = sign_in(organization_user).post(
        _item_url(organization, "ata-eleicao"), {f"item-{pk}-reference": "Registro 4521"}
    )
    assert response.status_code == 302
    item = checklist.items.get(pk=pk)
    assert (item.status, item.reference) == ("sent", "Registro 4521")


def test_the_representative_cannot_post_a_status(
    checklist, organization, organization_user, sign_in
):
    pk = _crf(checklist).pk
    sign_in(organization_user).post(
        _item_url(organization, "crf-fgts"),
        {f"item-{pk}-reference": "CRF 123", f"item-{pk}-status": "valid"},
    )
    assert _crf(checklist).status == "sent"


def test_another_representative_cannot_post(
    checklist, organization, other_organization_user, sign_in
):
    pk = _crf(checklist).pk
    response = sign_in(other_organization_user).post(
        _item_url(organization, "crf-fgts"), {f"item-{pk}-reference": "x"}
    )
    assert response.status_code == 404
    assert _crf(checklist).status == "valid"


def test_unknown_requirement_is_404(checklist, organization, technician, sign_in):
    assert sign_in(technician).post(_item_url(organization, "nada")).status_code == 404


def test_staff_open_a_checklist(db, organization, technician, sign_in):
    reference_regularization.load()
    response = sign_in(technician).post(f"{_url(organization)}abrir/")
    assert response.status_code == 302
    assert Checklist.objects.get().items.count() == 13


def test_a_representative_cannot_open_a_checklist(db, organization, organization_user, sign_in):
    response = sign_in(organization_user).post(f"{_url(organization)}abrir/")
    assert response.status_code == 404
    assert not Checklist.objects.exists()


def test_the_page_without_checklist_offers_staff_to_open_it(organization, technician, sign_in):
    body = sign_in(technician).get(_url(organization)).content.decode()
    assert "Abrir checklist" in body


def test_the_list_shows_the_states_checklists(checklist, technician, sign_in):
    body = sign_in(technician).get("/regularizacao/").content.decode()
    assert "Associação de Moradores do Jardim Teste" in body
    assert "1 de 13" in body and "15/12/2026" in body


def test_the_list_filters_checklists_expiring_in_30_days(
    checklist, campo_grande, technician, sign_in
):
    other = OrganizationFactory(name="Instituto Sem Vencimento", municipality=campo_grande)
    open_checklist(by=technician, organization=other)
    body = sign_in(technician).get("/regularizacao/?vencendo=1").content.decode()
    assert "Associação de Moradores do Jardim Teste" in body
    assert "Instituto Sem Vencimento" not in body


def test_the_list_filters_by_municipality(checklist, state_ms, technician, sign_in):
    from apoia.territory.models import Municipality

    dourados = Municipality.objects.create(ibge=5003702, name="Dourados", state=state_ms)
    other = OrganizationFactory(name="Cooperativa de Dourados", municipality=dourados)
    open_checklist(by=technician, organization=other)
    body = sign_in(technician).get("/regularizacao/?municipio=5003702").content.decode()
    assert "Cooperativa de Dourados" in body
    assert "Associação de Moradores do Jardim Teste" not in body


def test_the_list_filters_checklists_with_pending_items(
    checklist, organization, technician, sign_in
):
    checklist.items.update(status="valid", expires_on=D(2027, 1, 1))
    checklist.items.filter(requirement__has_expiry=False).update(expires_on=None)
    body = sign_in(technician).get("/regularizacao/?pendencias=1").content.decode()
    assert "Nenhum checklist encontrado." in body


def test_the_list_is_404_for_representatives(checklist, organization_user, sign_in):
    assert sign_in(organization_user).get("/regularizacao/").status_code == 404


def test_the_list_paginates(checklist, campo_grande, technician, sign_in):
    for n in range(20):
        org = OrganizationFactory(name=f"Organização {n:02d}", municipality=campo_grande)
        open_checklist(by=technician, organization=org)
    body = sign_in(technician).get("/regularizacao/?page=2").content.decode()
    assert "Página 2 de 2" in body


def test_staff_open_a_checklist_from_the_list_by_cnpj(db, organization, technician, sign_in):
    reference_regularization.load()
    response = sign_in(technician).post("/regularizacao/", {"cnpj": organization.cnpj})
    assert response.status_code == 302
    assert response["Location"] == _url(organization)
    assert Checklist.objects.get().organization == organization


def test_an_unknown_cnpj_is_an_error_next_to_the_field(db, technician, sign_in):
    response = sign_in(technician).post("/regularizacao/", {"cnpj": "11.222.333/0001-81"})
    body = response.content.decode()
    assert 'id="id_cnpj_error"' in body
    assert "Nenhuma organização do seu estado tem este CNPJ." in body
    assert not Checklist.objects.exists()


def test_an_organization_of_another_state_cannot_be_opened_from_the_list(
    db, state_mt, technician, sign_in
):
    from apoia.territory.models import Municipality

    cuiaba = Municipality.objects.create(ibge=5103403, name="Cuiabá", state=state_mt)
    other = OrganizationFactory(name="Instituto de Cuiabá", municipality=cuiaba)
    sign_in(technician).post("/regularizacao/", {"cnpj": other.cnpj})
    assert not Checklist.objects.exists()


def test_the_admin_lists_requirements_with_order_and_use_editable(checklist, admin_client):
    body = admin_client.get("/admin/society/requirement/").content.decode()
    assert "CRF do FGTS" in body
    assert 'name="form-0-order"' in body and 'name="form-0-active"' in body


def test_the_admin_shows_a_checklists_items_inline(checklist, admin_client):
    response = admin_client.get(f"/admin/society/checklist/{checklist.pk}/change/")
    assert response.status_code == 200
    assert "CNDT trabalhista" in response.content.decode()


def test_a_document_without_expiry_has_no_expiry_field(
    checklist, organization, technician, sign_in
):
    pk = checklist.items.get(requirement__slug="estatuto-registrado").pk
    body = sign_in(technician).get(_url(organization)).content.decode()
    assert f'name="item-{pk}-status"' in body
    assert f'name="item-{pk}-expires_on"' not in body


def test_staff_validate_a_document_without_expiry(checklist, organization, technician, sign_in):
    pk = checklist.items.get(requirement__slug="estatuto-registrado").pk
    response = sign_in(technician).post(
        _item_url(organization, "estatuto-registrado"),
        {f"item-{pk}-status": "valid", f"item-{pk}-reference": "Registro 1.234"},
    )
    assert response.status_code == 302
    assert checklist.items.get(pk=pk).status == "valid"


@pytest.mark.parametrize("who", ["technician", "organization_user"])
def test_the_checklist_page_has_unique_ids_and_ordered_headings(
    checklist, organization, sign_in, who, request
):
    from apoia.tests.html import duplicate_ids, heading_jumps

    body = sign_in(request.getfixturevalue(who)).get(_url(organization)).content.decode()
    assert (duplicate_ids(body), heading_jumps(body)) == ([], [])


def test_the_list_page_has_unique_ids_and_ordered_headings(checklist, technician, sign_in):
    from apoia.tests.html import duplicate_ids, heading_jumps

    body = sign_in(technician).get("/regularizacao/").content.decode()
    assert (duplicate_ids(body), heading_jumps(body)) == ([], [])


def test_the_organization_page_offers_staff_to_open_the_checklist(
    db, organization, technician, sign_in
):
    body = sign_in(technician).get(f"/organizacoes/{organization.pk}/").content.decode()
    assert f'action="/organizacoes/{organization.pk}/regularizacao/abrir/"' in body
