"""Reference data and filing of parliamentary demands (services_demands.file_demand)."""

import pytest
from django.core.exceptions import ValidationError

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.legislative import reference_demands
from apoia.legislative.models import House, ParliamentaryDemand
from apoia.legislative.tests.test_demands_helpers import DUE, at, bill, file, load_desk, office
from apoia.protocol.models import EventKind, ServiceRequest

pytestmark = pytest.mark.django_db


def test_the_reference_creates_the_desk_under_segem_and_the_service_once(state_ms):
    first = reference_demands.load()
    reference_demands.load()

    desk = OrgUnit.objects.get(slug="ms-segem-sal")
    service = Service.objects.get(slug="demanda-parlamentar")
    assert first == (
        "legislative demands: Superintendência de Acompanhamento Legislativo e o serviço "
        "Registrar demanda parlamentar"
    )
    assert (desk.name, desk.parent.slug, desk.state.uf, desk.kind) == (
        "Superintendência de Acompanhamento Legislativo",
        "ms-segem",
        "MS",
        "superintendency",
    )
    assert (
        service.kind,
        service.responsible_unit,
        service.deadline_amount,
        service.deadline_unit,
        service.is_published,
        service.allows_public_submission,
    ) == ("parliamentary_demand", desk, 15, "business_days", True, False)
    assert OrgUnit.objects.filter(slug="ms-segem-sal").count() == 1
    assert Service.objects.filter(slug="demanda-parlamentar").count() == 1


def test_the_reference_without_ms_loads_nothing(db):
    assert reference_demands.load() == "legislative demands: sem MS, nada a carregar"
    assert not Service.objects.exists()


def test_a_filed_demand_gets_a_protocol_number_and_a_deadline_of_15_business_days(
    state_ms, campo_grande
):
    load_desk()
    with at():
        req = file(office(), municipality=campo_grande)

    assert req.protocol == "50005.000001/2026-20"
    assert (req.due_date, req.status, req.service.slug) == (DUE, "received", "demanda-parlamentar")


def test_a_filed_demand_is_routed_to_the_desk_and_keeps_the_legislator(state_ms, campo_grande):
    desk = load_desk()
    with at():
        req = file(office(), municipality=campo_grande)

    demand = ParliamentaryDemand.objects.get()
    assert req.unit == desk
    assert req.events.filter(kind=EventKind.ROUTED).count() == 1
    assert (demand.request, demand.legislator, demand.party, demand.house, demand.municipality) == (
        req,
        "Vereadora Helena Prado",
        "PXX",
        "municipal_chamber",
        campo_grande,
    )


def test_a_chamber_demand_without_its_municipality_is_refused_on_that_field(state_ms):
    load_desk()

    with pytest.raises(ValidationError) as caught:
        file(office(), municipality=None)

    assert caught.value.message_dict == {
        "municipality": ["Informe o município da câmara municipal."]
    }
    assert not ServiceRequest.objects.exists()


def test_an_assembly_demand_needs_no_municipality(state_ms):
    load_desk()
    with at():
        req = file(office(), house=House.STATE_ASSEMBLY, legislator="Deputado Rui Campos")

    assert ParliamentaryDemand.objects.get(request=req).municipality is None


def test_an_assembly_demand_naming_a_municipality_is_refused(state_ms, campo_grande):
    load_desk()

    with pytest.raises(ValidationError) as caught:
        file(office(), house=House.STATE_ASSEMBLY, municipality=campo_grande)

    assert caught.value.message_dict == {
        "municipality": ["Só uma demanda de câmara municipal informa o município."]
    }


def test_a_bill_of_another_house_is_refused(state_ms, campo_grande):
    desk = load_desk()
    assembly_bill = bill(state_ms, desk)

    with pytest.raises(ValidationError) as caught:
        file(office(), municipality=campo_grande, bill=assembly_bill)

    assert caught.value.message_dict == {
        "bill": ["Esta proposição é da Assembleia Legislativa, não da casa escolhida."]
    }


def test_a_bill_of_another_municipal_chamber_is_refused(state_ms, campo_grande):
    from apoia.territory.models import Municipality

    desk = load_desk()
    dourados = Municipality.objects.create(ibge=5003702, name="Dourados", state=state_ms)
    their_bill = bill(state_ms, desk, house=House.MUNICIPAL_CHAMBER, municipality=dourados)

    with pytest.raises(ValidationError) as caught:
        file(office(), municipality=campo_grande, bill=their_bill)

    assert caught.value.message_dict == {"bill": ["Esta proposição é de outra câmara municipal."]}


def test_a_bill_of_the_same_house_is_kept_on_the_demand(state_ms):
    desk = load_desk()
    assembly_bill = bill(state_ms, desk)
    with at():
        file(office(), house=House.STATE_ASSEMBLY, bill=assembly_bill)

    assert ParliamentaryDemand.objects.get().bill == assembly_bill


def test_every_problem_comes_at_once(state_ms):
    load_desk()

    with pytest.raises(ValidationError) as caught:
        file(office(), legislator=" ", subject="", house="senado", description="curto")

    assert caught.value.message_dict == {
        "legislator": ["Informe o nome do(a) parlamentar."],
        "subject": ["Informe o assunto da demanda."],
        "house": ["Escolha a casa legislativa."],
        "description": ["Descreva o pedido com pelo menos 10 caracteres."],
    }


def test_the_request_and_the_demand_are_written_together_or_not_at_all(state_ms, campo_grande):
    load_desk()

    def fail(req):
        raise RuntimeError("depois da demanda")

    with at(), pytest.raises(RuntimeError):
        file(office(), municipality=campo_grande, on_filed=fail)

    assert (ServiceRequest.objects.count(), ParliamentaryDemand.objects.count()) == (0, 0)


def test_the_generic_submission_refuses_the_service_and_names_the_demand_page(state_ms):
    from apoia.protocol import services as protocol_services

    load_desk()

    with pytest.raises(ValidationError) as caught:
        protocol_services.submit_request(
            service=Service.objects.get(slug="demanda-parlamentar"),
            description="Pede informações sobre a praça central.",
            by=office(),
        )

    assert caught.value.message_dict == {
        "service": [
            "Este serviço tem formulário próprio: faça o pedido em /legislativo/demandas/nova/ "
            "ou, pela API, com POST /api/v1/parliamentary-demands."
        ]
    }


def test_nobody_files_while_the_service_is_unpublished(state_ms, campo_grande):
    load_desk()
    Service.objects.filter(slug="demanda-parlamentar").update(is_published=False)

    with pytest.raises(ValidationError) as caught:
        file(office(), municipality=campo_grande)

    assert caught.value.message_dict == {
        "service": ["O registro de demandas parlamentares está fechado."]
    }
