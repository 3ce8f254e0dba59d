from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.catalog.tests.factories import (
    AudienceFactory,
    OrgUnitFactory,
    ServiceFactory,
    ServiceOptionFactory,
    ServiceStepFactory,
    ThemeFactory,
)


def test_the_detail_lives_at_servicos_slug():
    assert reverse("catalog:detail", args=["adesao-ms-ativo"]) == "/servicos/adesao-ms-ativo/"


def test_the_detail_page_shows_every_field_of_the_reference_service(client, ms):
    OrgUnitFactory(
        slug="ms-sec-spp-comunitarios",
        name="Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        email="comunitario@sec.ms.gov.br",
        phones="(67) 3323-7229",
    )
    load_catalog()
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    response = client.get("/servicos/orientacao-associacoes-comunitarias/")

    assert response.status_code == 200
    assert response.context["breadcrumbs"] == [
        ("Carta de Serviços", "/servicos/"),
        (service.name, None),
    ]
    for text in [
        "<h1>Solicitar orientação técnica para a criação e fortalecimento de associações "
        "comunitárias</h1>",
        "O que é este serviço?",
        "fornece orientação técnica e capacitação para criar e fortalecer associações",
        "Oficialização do pedido por meio do protocolo da Secretaria de Estado da Cidadania.",
        "Organização da Sociedade Civil – OSC",
        "Municípios do MS",
        "Dirigentes de Associações",
        "Lideranças Comunitárias",
        "10 dias úteis",
        "Sem custo",
        "Elaborar e encaminhar o ofício",
        "Contato do técnico responsável",
        "Formação/capacitação",
        "Apoio à regularização de OSC",
        '<a href="mailto:comunitario@sec.ms.gov.br">comunitario@sec.ms.gov.br</a>',
        "(67) 3323-7229",
        "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        "Ofício protocolado na Secretaria de Estado da Cidadania.",
        "Sim: qualquer pessoa pode fazer o pedido, sem entrar com uma conta.",
        "Não: o pedido exige identificação.",
        "Associativismo",
        "Mato Grosso do Sul",
        timezone.localtime(service.updated_at).strftime("%d/%m/%Y %H:%M"),
    ]:
        assertContains(response, text)
    assertContains(response, "Promovemos a participação cívica", count=1)


def test_the_detail_page_shows_steps_in_order_options_unit_and_legal_basis(client, ms):
    unit = OrgUnitFactory(
        name="Ouvidoria", acronym="OUV", email="ouvidoria@ms.gov.br", phones="(67) 3000-0000"
    )
    service = ServiceFactory(
        slug="denuncia",
        name="Registrar denúncia",
        kind="ombudsman",
        requirements="Descrever os fatos.",
        cost="Gratuito",
        deadline_amount=30,
        deadline_unit="calendar_days",
        contact_email="ouvidoria@ms.gov.br",
        contact_phone="162",
        contact_info="Atendimento das 8h às 17h.",
        responsible_unit=unit,
        allows_public_submission=False,
        allows_anonymous=True,
        legal_basis="Lei nº 13.460/2017, art. 10.",
        channels="Formulário da ouvidoria.",
        audiences=[AudienceFactory(name="Cidadãos")],
        themes=[ThemeFactory(name="Ouvidoria")],
    )
    ServiceStepFactory(
        service=service, order=2, title="Análise", description="A ouvidoria analisa."
    )
    ServiceStepFactory(service=service, order=1, title="Registro")
    ServiceOptionFactory(service=service, name="Denúncia", description="Irregularidade.")

    response = client.get("/servicos/denuncia/")

    content = response.content.decode()
    assert content.index("Registro") < content.index("Análise")
    for text in [
        "Manifestação de ouvidoria",
        "Descrever os fatos.",
        "Cidadãos",
        "30 dias corridos",
        "Gratuito",
        "<strong>Registro</strong>",
        "<p>A ouvidoria analisa.</p>",
        "<strong>Denúncia</strong>",
        "Irregularidade.",
        "162",
        "Atendimento das 8h às 17h.",
        "Ouvidoria (OUV)",
        '<a href="mailto:ouvidoria@ms.gov.br">ouvidoria@ms.gov.br</a>',
        "(67) 3000-0000",
        "Lei nº 13.460/2017, art. 10.",
        "Formulário da ouvidoria.",
        "Não: é preciso entrar com uma conta para fazer o pedido.",
        "Sim: o pedido pode ser feito sem identificação.",
    ]:
        assertContains(response, text)
    assertContains(response, '<ol class="catalog-steps">')


def test_a_service_without_unit_or_legal_basis_says_so(client, ms):
    ServiceFactory(slug="simples")

    response = client.get("/servicos/simples/")

    assertContains(response, "Não informada.", count=2)


def test_an_unpublished_service_answers_404_to_anonymous_visitors(client, ms):
    ServiceFactory(slug="rascunho", is_published=False)

    assert client.get("/servicos/rascunho/").status_code == 404


def test_an_unpublished_service_answers_404_to_users_who_are_not_admins(bob_client, ms):
    ServiceFactory(slug="rascunho", is_published=False)

    assert bob_client.get("/servicos/rascunho/").status_code == 404


def test_an_unpublished_service_is_shown_to_admins_with_a_warning(alice_client, ms):
    ServiceFactory(slug="rascunho", name="Serviço em rascunho", is_published=False)

    response = alice_client.get("/servicos/rascunho/")

    assert response.status_code == 200
    assertContains(response, "<h1>Serviço em rascunho</h1>")
    assertContains(response, "Não publicado")


def test_an_unknown_slug_answers_404(client, ms):
    assert client.get("/servicos/nao-existe/").status_code == 404


def _footer(response) -> str:
    content = response.content.decode()
    return content[content.index('id="footer-contact"') : content.index('id="footer-open-data"')]


def test_the_footer_shows_the_contacts_of_the_unit_that_answers_for_the_service(client, ms):
    unit = OrgUnitFactory(
        name="Coordenadoria de Vigilância Socioassistencial",
        email="vigilancia@setasc.mt.gov.br",
        phones="(65) 3613-5712 / 98421-2751, 3613-5711",
    )
    ServiceFactory(slug="visita", responsible_unit=unit)

    footer = _footer(client.get("/servicos/visita/"))

    assert "Coordenadoria de Vigilância Socioassistencial" in footer
    assert "vigilancia@setasc.mt.gov.br" in footer
    assert ">(65) 3613-5712</a>" in footer
    assert "comunitario@sec.ms.gov.br" not in footer


def test_the_service_own_channels_come_before_its_units(client, ms):
    unit = OrgUnitFactory(name="Ouvidoria-Geral", email="geral@ms.gov.br", phones="(67) 3000-0000")
    ServiceFactory(slug="denuncia", responsible_unit=unit, contact_email="ouvidoria@ms.gov.br")

    footer = _footer(client.get("/servicos/denuncia/"))

    assert "ouvidoria@ms.gov.br" in footer
    assert "geral@ms.gov.br" not in footer
    assert "(67) 3000-0000" in footer


def test_pages_of_no_unit_show_the_state_contact(client, ms, settings):
    settings.APOIA_STATE = "MS"

    footer = _footer(client.get("/servicos/"))

    assert "comunitario@sec.ms.gov.br" in footer
