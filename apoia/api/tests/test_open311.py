"""The Open311 GeoReport v2 facade, /open311/v2/."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from apoia.accounts.services import create_api_token
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import services
from apoia.protocol.models import ProtocolSequence, ServiceRequest
from apoia.protocol.numbering import parse_nup

BASE = "/open311/v2"
DOCUMENT = "529.982.247-25"


@pytest.fixture
def catalog(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    load_catalog()


@pytest.fixture
def community_service(catalog):
    return Service.objects.get(slug="orientacao-associacoes-comunitarias")


@pytest.fixture
def api_key(municipal_user):
    """The key of Mário, Campo Grande's focal point, whose city app forwards requests."""
    return create_api_token(municipal_user, name="app 156")[1]


def citizen_request(api_key, **overrides) -> dict:
    data = {
        "api_key": api_key,
        "service_code": "orientacao-associacoes-comunitarias",
        "attribute[option]": "formacao-capacitacao",
        "attribute[document]": DOCUMENT,
        "attribute[municipality]": "5002704",
        "first_name": "Maria",
        "last_name": "da Silva",
        "email": "maria@example.org",
        "phone": "(67) 99999-0000",
        "description": "Pedimos uma formação para a diretoria da associação.",
        "lat": "-20.4697",
        "long": "-54.6201",
        "address_string": "Rua 14 de Julho, 100, Centro",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def filed(community_service, campo_grande):
    return services.submit_request(
        service=community_service,
        option=community_service.options.get(slug="formacao-capacitacao"),
        description="Pedimos uma formação para a diretoria da associação.",
        requester=services.RequesterData(
            name="Maria da Silva",
            email="maria@example.org",
            document=DOCUMENT,
            phone="(67) 99999-0000",
        ),
        municipality=campo_grande,
        address="Rua 14 de Julho, 100",
        latitude=-20.4697,
        longitude=-54.6201,
        channel="open311",
    )


@pytest.fixture
def complaint(catalog):
    """An ombudsman complaint: never listed by Open311."""
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no balcão demorou três horas.",
        requester=services.RequesterData(
            name="Joana Souza", email="joana@example.org", document=DOCUMENT
        ),
    )


# --- services --------------------------------------------------------------------------------


def test_services_json_lists_the_catalog_without_ombudsman_and_lai_services(client, catalog):
    response = client.get(f"{BASE}/services.json")

    assert response.status_code == 200
    body = response.json()
    # Sorted by name: "Solicitar adesão…", "Solicitar apoio…", "Solicitar orientação…".
    assert [s["service_code"] for s in body] == [
        "adesao-ms-ativo",
        "apoio-tecnico-individualizado-suas",
        "orientacao-associacoes-comunitarias",
    ]
    assert body[2] == {
        "service_code": "orientacao-associacoes-comunitarias",
        "service_name": (
            "Solicitar orientação técnica para a criação e fortalecimento de associações "
            "comunitárias"
        ),
        "description": (
            "Orientação técnica e capacitação para criar e fortalecer associações e "
            "cooperativas locais."
        ),
        "metadata": True,
        "type": "realtime",
        "keywords": (
            "Associativismo, Cooperativismo, Formação de lideranças comunitárias, "
            "Regularização de OSC"
        ),
        "group": "Serviço",
    }


def test_services_xml_is_well_formed_with_one_service_element_each(client, catalog):
    response = client.get(f"{BASE}/services.xml")

    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    assert len(root.findall("service")) == 3
    last = root.findall("service")[-1]
    assert [child.tag for child in last] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert (last.findtext("service_code"), last.findtext("metadata")) == (
        "orientacao-associacoes-comunitarias",
        "true",
    )


def test_the_service_definition_gives_the_options_as_a_single_value_list(client, catalog):
    response = client.get(f"{BASE}/services/orientacao-associacoes-comunitarias.json")

    assert response.status_code == 200
    body = response.json()
    assert body["service_code"] == "orientacao-associacoes-comunitarias"
    option, document, municipality = body["attributes"]
    assert option == {
        "variable": True,
        "code": "option",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "Uma das opções do serviço.",
        "description": "Qual destas opções você pede?",
        "values": [
            {"key": "formacao-capacitacao", "name": "Formação/capacitação"},
            {"key": "apoio-regularizacao-osc", "name": "Apoio à regularização de OSC"},
        ],
        "order": 1,
    }
    assert (document["code"], document["datatype"], document["required"], document["order"]) == (
        "document",
        "string",
        False,
        2,
    )
    assert (municipality["code"], municipality["datatype"], municipality["order"]) == (
        "municipality",
        "number",
        3,
    )


def test_the_service_definition_in_xml_nests_attributes_and_values(client, catalog):
    response = client.get(f"{BASE}/services/orientacao-associacoes-comunitarias.xml")

    root = ET.fromstring(response.content)
    assert root.tag == "service_definition"
    values = root.findall("attributes/attribute/values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("formacao-capacitacao", "Formação/capacitação"),
        ("apoio-regularizacao-osc", "Apoio à regularização de OSC"),
    ]


def test_an_unknown_or_ombudsman_service_definition_is_404(client, catalog):
    unknown = client.get(f"{BASE}/services/nao-existe.json")
    ombudsman = client.get(f"{BASE}/services/ouvidoria-denuncia.xml")

    assert (unknown.status_code, unknown.json()) == (
        404,
        [{"code": 404, "description": "service_code: serviço desconhecido."}],
    )
    assert ombudsman.status_code == 404
    assert ET.fromstring(ombudsman.content).findtext("error/code") == "404"


# --- POST requests ---------------------------------------------------------------------------


def test_posting_a_request_files_it_with_a_protocol_through_the_pipeline(
    client, community_service, api_key, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/requests.json", citizen_request(api_key))

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    assert parse_nup(req.protocol) is not None
    assert response.json() == [
        {
            "service_request_id": req.protocol_slug,
            "service_notice": (
                f"Protocolo {req.protocol}. Prazo de resposta: {req.due_date:%d/%m/%Y}. "
                f"Acompanhe em http://127.0.0.1:8000/acompanhar/{req.protocol_slug}/"
            ),
            "account_id": None,
        }
    ]
    assert (req.channel, req.requester, req.requester_name, req.requester_email) == (
        "open311",
        None,
        "Maria da Silva",
        "maria@example.org",
    )
    assert (req.option.slug, req.municipality.ibge, req.latitude, req.longitude) == (
        "formacao-capacitacao",
        5002704,
        -20.4697,
        -54.6201,
    )
    assert req.address == "Rua 14 de Julho, 100, Centro"
    assert "maria@example.org" in {to for mail in mailoutbox for to in mail.to}


def test_posting_needs_no_csrf_token(community_service, api_key):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{BASE}/requests.json", citizen_request(api_key))

    assert response.status_code == 201


def test_without_email_the_key_owner_files_the_request(client, catalog, api_key, municipal_user):
    response = client.post(
        f"{BASE}/requests.xml",
        citizen_request(
            api_key,
            service_code="adesao-ms-ativo",
            email=None,
            first_name=None,
            last_name=None,
            **{"attribute[option]": None, "attribute[document]": None},
        ),
    )

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    root = ET.fromstring(response.content)
    assert root.findtext("request/service_request_id") == req.protocol_slug
    assert (req.requester, req.requester_email) == (municipal_user, "mario@apoia.test")


def test_a_missing_or_invalid_api_key_is_403_and_saves_nothing(client, community_service):
    missing = client.post(f"{BASE}/requests.json", citizen_request(None))
    invalid = client.post(f"{BASE}/requests.json", citizen_request("apoia_nao_vale"))

    expected = [{"code": 403, "description": "api_key inválida."}]
    assert (missing.status_code, missing.json()) == (403, expected)
    assert (invalid.status_code, invalid.json()) == (403, expected)
    assert (ServiceRequest.objects.count(), ProtocolSequence.objects.count()) == (0, 0)


def test_a_missing_service_code_is_400_and_an_unknown_one_404(client, catalog, api_key):
    missing = client.post(f"{BASE}/requests.json", citizen_request(api_key, service_code=None))
    unknown = client.post(f"{BASE}/requests.json", citizen_request(api_key, service_code="x"))
    ombudsman = client.post(
        f"{BASE}/requests.json", citizen_request(api_key, service_code="ouvidoria-denuncia")
    )

    assert (missing.status_code, missing.json()) == (
        400,
        [{"code": 400, "description": "service_code: informe o serviço."}],
    )
    assert (unknown.status_code, ombudsman.status_code) == (404, 404)


def test_invalid_fields_are_400_naming_the_open311_parameters_and_save_nothing(
    client, community_service, api_key
):
    response = client.post(
        f"{BASE}/requests.xml",
        citizen_request(
            api_key,
            email="maria@",
            description="",
            lat="norte",
            **{"attribute[document]": "123", "attribute[option]": None},
        ),
    )

    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert [e.findtext("description") for e in root.findall("error")] == [
        "lat: informe um número.",
        "lat: envie lat e long juntos.",
    ]
    response = client.post(
        f"{BASE}/requests.json",
        citizen_request(
            api_key,
            email="maria@",
            description="",
            **{"attribute[document]": "123", "attribute[option]": None},
        ),
    )
    assert response.json() == [
        {"code": 400, "description": "attribute[option]: Escolha uma das opções do serviço."},
        {"code": 400, "description": "email: E-mail inválido."},
        {"code": 400, "description": "attribute[document]: CPF ou CNPJ inválido."},
        {"code": 400, "description": "description: Descreva o pedido."},
    ]
    assert (ServiceRequest.objects.count(), ProtocolSequence.objects.count()) == (0, 0)


# --- GET requests ----------------------------------------------------------------------------


def test_one_request_by_id_in_either_number_form(client, filed):
    compact = client.get(f"{BASE}/requests/{filed.protocol_slug}.json")
    punctuated = client.get(f"{BASE}/requests/{filed.protocol}.json")

    assert compact.status_code == 200
    assert compact.json() == punctuated.json()
    (body,) = compact.json()
    assert body == {
        "service_request_id": filed.protocol_slug,
        "status": "open",
        "status_notes": "Encaminhado à Subsecretaria de Políticas Públicas para Assuntos "
        "Comunitários.",
        "service_name": filed.service.name,
        "service_code": "orientacao-associacoes-comunitarias",
        "description": "Pedimos uma formação para a diretoria da associação.",
        "agency_responsible": filed.unit.name,
        "requested_datetime": timezone.localtime(filed.received_at).isoformat(timespec="seconds"),
        "updated_datetime": body["updated_datetime"],
        "expected_datetime": f"{filed.due_date.isoformat()}T23:59:59-04:00",
        "address": "Rua 14 de Julho, 100",
        "lat": -20.4697,
        "long": -54.6201,
    }


def test_a_request_filed_on_the_portal_shows_no_text_or_place(client, community_service):
    portal = services.submit_request(
        service=community_service,
        option=community_service.options.get(slug="formacao-capacitacao"),
        description="Sou a Maria, moro na Rua 14 de Julho, 100, e peço uma formação.",
        requester=services.RequesterData(
            name="Maria da Silva", email="maria@example.org", document=DOCUMENT
        ),
        address="Rua 14 de Julho, 100",
        latitude=-20.4697,
        longitude=-54.6201,
    )

    (body,) = client.get(f"{BASE}/requests/{portal.protocol_slug}.json").json()

    assert (body["description"], body["address"], body["lat"], body["long"]) == ("", "", None, None)
    assert body["status"] == "open"


def test_no_personal_data_ever_appears(client, filed):
    for url in (
        f"{BASE}/requests/{filed.protocol_slug}.json",
        f"{BASE}/requests/{filed.protocol_slug}.xml",
        f"{BASE}/requests.json",
        f"{BASE}/requests.xml",
    ):
        text = client.get(url).content.decode()
        assert filed.protocol_slug in text
        for personal in ("Maria", "maria@example.org", "52998224725", "99999-0000"):
            assert personal not in text, (url, personal)


def test_neither_the_conversation_nor_the_staffs_text_reach_the_status_notes(
    client, filed, coordinator
):
    services.decide(filed, accepted=True, justification="Agenda aberta em março.", by=coordinator)
    services.requester_reply(filed, text="Obrigada! Meu celular é 99999-0000.", holds_code=True)

    (body,) = client.get(f"{BASE}/requests/{filed.protocol_slug}.json").json()

    assert body["status_notes"] == "Aceito, aguardando técnico."


def test_unknown_bad_check_digit_and_ombudsman_requests_are_404(client, filed, complaint):
    bad_digit = filed.protocol_slug[:-1] + str((int(filed.protocol_slug[-1]) + 1) % 10)

    answers = [
        client.get(f"{BASE}/requests/{number}.json")
        for number in (bad_digit, "12345", complaint.protocol_slug)
    ]

    assert [(a.status_code, a.json()) for a in answers] == [
        (404, [{"code": 404, "description": "service_request_id: pedido não encontrado."}])
    ] * 3


def test_the_list_leaves_out_ombudsman_requests(client, filed, complaint):
    body = client.get(f"{BASE}/requests.json").json()

    assert [r["service_request_id"] for r in body] == [filed.protocol_slug]
    assert "joana" not in client.get(f"{BASE}/requests.xml").content.decode().lower()


def test_the_list_filters_by_id_service_status_and_dates(client, filed, coordinator):
    other = services.submit_request(
        service=filed.service,
        option=filed.option,
        description="Outro pedido de formação para a diretoria.",
        requester=services.RequesterData(name="João", email="j@example.org", document=DOCUMENT),
    )
    services.decide(
        other, accepted=False, reason="duplicate", justification="Já pedido.", by=coordinator
    )
    old = services.submit_request(
        service=filed.service,
        option=filed.option,
        description="Um pedido antigo de formação da diretoria.",
        requester=services.RequesterData(name="Ana", email="a@example.org", document=DOCUMENT),
        received_at=timezone.now() - dt.timedelta(days=200),
    )

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        return sorted(r["service_request_id"] for r in response.json())

    since = (timezone.now() - dt.timedelta(days=230)).isoformat()
    until = (timezone.now() - dt.timedelta(days=150)).isoformat()
    assert ids() == sorted([filed.protocol_slug, other.protocol_slug])
    assert ids(status="open") == [filed.protocol_slug]
    assert ids(status="closed") == [other.protocol_slug]
    assert ids(status="open,closed") == sorted([filed.protocol_slug, other.protocol_slug])
    assert ids(service_code="adesao-ms-ativo") == []
    assert ids(start_date=since, end_date=until) == [old.protocol_slug]
    assert ids(service_request_id=f"{old.protocol_slug},{filed.protocol},lixo") == sorted(
        [old.protocol_slug, filed.protocol_slug]
    )
    (closed,) = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert (closed["status"], closed["status_notes"]) == (
        "closed",
        "Recusado: Pedido em duplicidade.",
    )


def test_invalid_list_filters_are_400(client, catalog):
    bad_status = client.get(f"{BASE}/requests.json", {"status": "pending"})
    bad_date = client.get(f"{BASE}/requests.json", {"start_date": "ontem"})
    too_long = client.get(
        f"{BASE}/requests.json", {"start_date": "2026-01-01", "end_date": "2026-06-01"}
    )

    assert bad_status.json() == [
        {"code": 400, "description": "status: use open, closed ou open,closed."}
    ]
    assert bad_date.json() == [
        {
            "code": 400,
            "description": "start_date: data inválida; use ISO 8601 (AAAA-MM-DDTHH:MM:SS-04:00).",
        }
    ]
    assert too_long.json() == [
        {"code": 400, "description": "end_date: o intervalo pode ter no máximo 90 dias."}
    ]


def test_the_request_list_in_xml_is_well_formed(client, filed):
    response = client.get(f"{BASE}/requests.xml")

    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert request.findtext("service_request_id") == filed.protocol_slug
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == "-20.4697"
