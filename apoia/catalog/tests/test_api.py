from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.catalog.tests.factories import (
    AudienceFactory,
    OrgUnitFactory,
    ServiceFactory,
    ThemeFactory,
)

LIST = "/api/v1/services"


def test_the_service_list_gives_each_service_in_a_fixed_shape(client, ms):
    load_catalog()

    response = client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    slugs = [item["slug"] for item in body]
    assert len(slugs) == 9
    assert {"adesao-ms-ativo", "orientacao-associacoes-comunitarias"} <= set(slugs)
    assert body[slugs.index("adesao-ms-ativo")] == {
        "slug": "adesao-ms-ativo",
        "name": "Solicitar adesão ao Programa MS Ativo",
        "kind": "program_adhesion",
        "summary": (
            "Programa de cooperação entre o Governo do Estado e os Municípios para melhorar "
            "os serviços públicos com base em indicadores."
        ),
        "audiences": ["Prefeituras Municipais"],
        "themes": [
            {"slug": "indicadores-municipais", "name": "Indicadores municipais"},
            {"slug": "ms-ativo", "name": "MS Ativo"},
            {"slug": "municipalismo", "name": "Municipalismo"},
        ],
        "deadline": {"amount": 2, "unit": "weeks"},
        "deadline_text": "2 semanas",
        "url": "http://testserver/servicos/adesao-ms-ativo/",
    }


def test_the_service_list_searches_without_accents_and_filters_by_audience_and_theme(client, ms):
    osc = AudienceFactory(slug="osc")
    municipalismo = ThemeFactory(slug="municipalismo")
    ServiceFactory(slug="adesao", name="Adesão ao programa", themes=[municipalismo])
    ServiceFactory(slug="orientacao", name="Orientação", audiences=[osc])

    def slugs(**params):
        return [item["slug"] for item in client.get(LIST, params).json()]

    assert slugs(q="ADESAO") == ["adesao"]
    assert slugs(audience="osc") == ["orientacao"]
    assert slugs(theme="municipalismo") == ["adesao"]
    assert slugs(theme="municipalismo", audience="osc") == []
    assert slugs(audience="nao-existe") == []


def test_the_service_list_leaves_out_unpublished_services_for_anonymous_callers(client, ms):
    ServiceFactory(slug="publicado")
    ServiceFactory(slug="rascunho", is_published=False)

    assert [item["slug"] for item in client.get(LIST).json()] == ["publicado"]


def test_the_service_detail_gives_every_field(client, ms):
    OrgUnitFactory(
        slug="ms-sec-spp-comunitarios",
        name="Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        email="comunitario@sec.ms.gov.br",
        phones="(67) 3323-7229",
    )
    load_catalog()
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    response = client.get("/api/v1/services/orientacao-associacoes-comunitarias")

    assert response.status_code == 200
    body = response.json()
    assert body["deadline"] == {"amount": 10, "unit": "business_days"}
    assert body["deadline_text"] == "10 dias úteis"
    assert body["kind"] == "service"
    assert body["description"] == service.description
    assert body["requirements"] == (
        "Oficialização do pedido por meio do protocolo da Secretaria de Estado da Cidadania."
    )
    assert body["cost"] == "Sem custo"
    assert body["audiences"] == [
        "Dirigentes de Associações",
        "Lideranças Comunitárias",
        "Municípios do MS",
        "Organização da Sociedade Civil – OSC",
    ]
    assert [step["order"] for step in body["steps"]] == [1, 2, 3, 4]
    assert body["steps"][0] == {
        "order": 1,
        "title": "Elaborar e encaminhar o ofício",
        "description": (
            "Elaborar e encaminhar um ofício formalizando a demanda, especificando qual o "
            "serviço solicitado (Formação/capacitação ou Apoio à regularização de OSC), com "
            "sugestão de agenda e uma programação prévia."
        ),
    }
    assert [(o["slug"], o["name"]) for o in body["options"]] == [
        ("formacao-capacitacao", "Formação/capacitação"),
        ("apoio-regularizacao-osc", "Apoio à regularização de OSC"),
    ]
    assert body["contacts"] == {
        "email": "comunitario@sec.ms.gov.br",
        "phone": "(67) 3323-7229",
        "other": service.contact_info,
    }
    assert body["responsible_unit"] == {
        "slug": "ms-sec-spp-comunitarios",
        "name": "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        "email": "comunitario@sec.ms.gov.br",
        "phones": "(67) 3323-7229",
    }
    assert body["allows_public_submission"] is True
    assert body["allows_anonymous"] is False
    assert body["legal_basis"] == ""
    assert body["channels"] == service.channels
    assert body["state"] == "MS"
    assert body["is_published"] is True
    assert body["url"] == "http://testserver/servicos/orientacao-associacoes-comunitarias/"
    assert "updated_at" in body


def test_the_service_detail_gives_a_null_unit_when_none_is_set(client, ms):
    ServiceFactory(slug="sem-unidade")

    body = client.get("/api/v1/services/sem-unidade").json()

    assert body["responsible_unit"] is None


def test_an_unknown_service_answers_404_json(client, ms):
    response = client.get("/api/v1/services/nao-existe")

    assert response.status_code == 404
    assert response.json() == {"detail": "Não encontrado."}


def test_an_unpublished_service_answers_404_json_to_anonymous_callers(client, ms):
    ServiceFactory(slug="rascunho", is_published=False)

    response = client.get("/api/v1/services/rascunho")

    assert response.status_code == 404
    assert response.json() == {"detail": "Não encontrado."}


def test_an_admin_session_sees_unpublished_services_in_the_api(alice_client, ms):
    ServiceFactory(slug="rascunho", is_published=False)

    assert [item["slug"] for item in alice_client.get(LIST).json()] == ["rascunho"]
    assert alice_client.get("/api/v1/services/rascunho").json()["is_published"] is False


def test_the_openapi_document_describes_both_service_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/services", "/api/v1/services/{slug}"} <= set(schema["paths"])
    assert schema["components"]["schemas"]["ServiceDeadlineOut"]["required"] == ["amount", "unit"]
