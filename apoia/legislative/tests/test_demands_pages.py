"""The demand's pages: the filing form, the desk's list and the demand's panel on the
request's page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.models import Role
from apoia.legislative.models import House, ParliamentaryDemand
from apoia.legislative.tests.test_demands_helpers import (
    TZ,
    at,
    bill,
    desk_coordinator,
    desk_technician,
    file,
    load_desk,
    office,
    person,
)
from apoia.protocol.models import ServiceRequest

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW = "/legislativo/demandas/nova/"
LIST = "/legislativo/demandas/"


@pytest.fixture
def desk(state_ms):
    return load_desk()


def form_data(**overrides) -> dict:
    data = {
        "legislator": "Vereadora Helena Prado",
        "party": "PXX",
        "house": "municipal_chamber",
        "municipality": "5002704",
        "bill": "",
        "subject": "Iluminação da praça do Bairro Teste",
        "description": "Pede informações sobre a reforma da iluminação da praça central.",
    }
    data.update(overrides)
    return data


# --- the form ---------------------------------------------------------------------------------


def test_the_form_asks_a_signed_in_person_for_the_legislator_house_and_subject(
    desk, campo_grande, sign_in
):
    page = sign_in(office()).get(NEW)

    html = page.content.decode()
    assert page.status_code == 200
    for label in ("Parlamentar", "Partido", "Casa legislativa", "Município da câmara", "Assunto"):
        assert label in html
    assert "15 dias úteis" in html


def test_the_form_sends_an_anonymous_visitor_to_sign_in(desk, client):
    page = client.get(NEW)

    assert page.status_code == 302
    assert page.url.startswith("/contas/entrar/")


def test_filing_on_the_web_redirects_to_the_receipt_with_the_protocol_and_deadline(
    desk, campo_grande, sign_in
):
    client = sign_in(office())
    with at():
        page = client.post(NEW, form_data())
        receipt = client.get(page.url).content.decode()

    req = ServiceRequest.objects.get()
    assert page.status_code == 302
    assert page.url == f"/protocolo/{req.protocol_slug}/recibo/"
    assert (req.protocol, req.due_date, req.unit, req.channel) == (
        "50005.000001/2026-20",
        dt.date(2026, 4, 9),
        desk,
        "web",
    )
    assert "50005.000001/2026-20" in receipt
    assert "09/04/2026" in receipt


def test_the_office_attaches_its_letter_to_the_demand(desk, campo_grande, sign_in):
    letter = SimpleUploadedFile("oficio.pdf", PDF, "application/pdf")
    with at():
        page = sign_in(office()).post(NEW, {**form_data(), "attachments": [letter]})

    req = ServiceRequest.objects.get()
    assert page.status_code == 302
    assert [a.original_name for a in req.attachments.all()] == ["oficio.pdf"]


def test_a_chamber_demand_without_its_municipality_comes_back_with_the_error_on_that_field(
    desk, sign_in
):
    page = sign_in(office()).post(NEW, form_data(municipality=""))

    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_municipality_error"' in html
    assert "Informe o município da câmara municipal." in html
    assert not ServiceRequest.objects.exists()


def test_the_form_shows_the_forms_and_the_services_problems_together(desk, sign_in):
    page = sign_in(office()).post(NEW, form_data(legislator="", municipality="", description="x"))

    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_legislator_error"' in html
    assert "Informe o município da câmara municipal." in html
    assert "Descreva o pedido com pelo menos 10 caracteres." in html


def test_a_municipality_picked_before_choosing_the_assembly_is_dropped(desk, campo_grande, sign_in):
    with at():
        page = sign_in(office()).post(NEW, form_data(house="state_assembly"))

    assert page.status_code == 302
    assert ParliamentaryDemand.objects.get().municipality is None


def test_a_bill_of_another_house_comes_back_with_the_error_on_the_bill(
    desk, state_ms, campo_grande, sign_in
):
    assembly_bill = bill(state_ms, desk)

    page = sign_in(office()).post(NEW, form_data(bill=str(assembly_bill.pk)))

    assert page.status_code == 400
    assert "Esta proposição é da Assembleia Legislativa, não da casa escolhida." in (
        page.content.decode()
    )


def test_the_generic_form_of_the_service_sends_to_the_demand_form(desk, sign_in):
    page = sign_in(office()).get("/servicos/demanda-parlamentar/solicitar/")

    assert (page.status_code, page.url) == (302, NEW)


# --- the desk's list --------------------------------------------------------------------------


def test_the_desk_coordinator_sees_each_demand_with_its_number_status_and_deadline(
    desk, campo_grande, sign_in
):
    with at():
        req = file(office(), municipality=campo_grande)
    with at(dt.datetime(2026, 3, 20, 9, tzinfo=TZ)):
        page = sign_in(desk_coordinator(desk)).get(LIST)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/protocolo/{req.protocol_slug}/"' in html
    assert "Vereadora Helena Prado (PXX)" in html
    assert "Câmara Municipal — Campo Grande" in html
    assert "Iluminação da praça do Bairro Teste" in html
    assert "Recebido" in html
    assert "09/04/2026" in html
    assert "atrasada" not in html


def test_an_open_demand_past_its_deadline_is_tagged_late(desk, campo_grande, sign_in):
    with at():
        file(office(), municipality=campo_grande)
    with at(dt.datetime(2026, 4, 10, 9, tzinfo=TZ)):
        page = sign_in(desk_coordinator(desk)).get(LIST)

    assert '<span class="br-tag danger">atrasada</span>' in page.content.decode()


def test_an_administrator_sees_the_list(desk, campo_grande, admin_user, sign_in):
    with at():
        file(office(), municipality=campo_grande)
        html = sign_in(admin_user).get(LIST).content.decode()

    assert "Vereadora Helena Prado" in html


def test_a_desk_technician_sees_only_the_demands_assigned_to_them(desk, campo_grande, sign_in):
    from apoia.protocol import services as protocol_services

    owner, boss, technician = office(), desk_coordinator(desk), desk_technician(desk)
    with at():
        mine = file(owner, municipality=campo_grande)
        file(owner, house=House.STATE_ASSEMBLY, legislator="Deputado Rui Campos")
        protocol_services.decide(mine, accepted=True, by=boss, assignee=technician)
        page = sign_in(technician).get(LIST)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Vereadora Helena Prado" in html
    assert "Deputado Rui Campos" not in html


def test_the_list_is_hidden_from_another_units_staff_and_from_legislators_offices(
    desk, coordinator, sign_in
):
    assert sign_in(coordinator).get(LIST).status_code == 404
    assert sign_in(office()).get(LIST).status_code == 404


def test_the_list_filters_by_house_and_legislator(desk, campo_grande, sign_in):
    with at():
        file(office(), municipality=campo_grande)
        file(
            person("dep@apoia.test", "Gabinete do Deputado"),
            house=House.STATE_ASSEMBLY,
            legislator="Deputado Rui Campos",
        )
    client = sign_in(desk_coordinator(desk))

    by_house = client.get(LIST, {"house": "state_assembly"}).content.decode()
    by_name = client.get(LIST, {"q": "helena"}).content.decode()

    assert "Deputado Rui Campos" in by_house
    assert "Vereadora Helena Prado" not in by_house
    assert "Vereadora Helena Prado" in by_name
    assert "Deputado Rui Campos" not in by_name


def test_the_late_filter_keeps_only_open_demands_past_their_deadline(desk, campo_grande, sign_in):
    owner = office()
    with at():
        file(owner, municipality=campo_grande)
    with at(dt.datetime(2026, 4, 1, 9, tzinfo=TZ)):
        file(owner, house=House.STATE_ASSEMBLY, legislator="Deputado Rui Campos")
    client = sign_in(desk_coordinator(desk))

    with at(dt.datetime(2026, 4, 10, 9, tzinfo=TZ)):
        html = client.get(LIST, {"status": "late"}).content.decode()

    assert "Vereadora Helena Prado" in html
    assert "Deputado Rui Campos" not in html


def test_an_empty_list_says_so_and_offers_the_form(desk, sign_in):
    html = sign_in(desk_coordinator(desk)).get(LIST).content.decode()

    assert "Nenhuma demanda parlamentar registrada ainda." in html
    assert f'href="{NEW}"' in html


def test_the_list_pages_after_25_demands(desk, sign_in):
    with at():
        owner = office()
        for n in range(26):
            file(owner, house=House.STATE_ASSEMBLY, legislator=f"Deputado {n:02d}")
    client = sign_in(desk_coordinator(desk))

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert "Página 1 de 2" in first
    assert second.count("Deputado ") == 1


# --- the panel on the request's page ----------------------------------------------------------


def test_the_request_page_shows_the_desk_who_asked_and_about_which_bill(desk, state_ms, sign_in):
    assembly_bill = bill(state_ms, desk)
    with at():
        req = file(
            office(),
            house=House.STATE_ASSEMBLY,
            legislator="Deputado Rui Campos",
            bill=assembly_bill,
        )

    html = sign_in(desk_coordinator(desk)).get(req.get_absolute_url()).content.decode()

    assert "Demanda parlamentar" in html
    assert "<dt>Parlamentar</dt><dd>Deputado Rui Campos</dd>" in html
    assert "<dt>Casa legislativa</dt><dd>Assembleia Legislativa</dd>" in html
    assert "<dt>Proposição relacionada</dt><dd>Projeto de Lei 12/2026</dd>" in html


def test_the_panel_is_not_shown_to_the_office_that_filed_it(desk, campo_grande, sign_in):
    owner = office()
    with at():
        req = file(owner, municipality=campo_grande)

    page = sign_in(owner).get(req.get_absolute_url())

    assert "<dt>Parlamentar</dt>" not in page.content.decode()


def test_a_coordinator_of_segem_above_the_desk_sees_the_list(desk, sign_in):
    segem = desk.parent
    boss = person("sara@apoia.test", "Sara Souza", Role.COORDINATOR, org_unit=segem)

    assert sign_in(boss).get(LIST).status_code == 200
