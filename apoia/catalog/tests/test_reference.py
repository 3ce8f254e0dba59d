from django.apps import apps

from apoia.accounts.models import Theme
from apoia.catalog.models import Audience, Service, ServiceKind, ServiceOption, ServiceStep
from apoia.catalog.reference import load_catalog
from apoia.catalog.tests.factories import OrgUnitFactory, ThemeFactory


def counts():
    return (
        Service.objects.count(),
        Audience.objects.count(),
        ServiceStep.objects.count(),
        ServiceOption.objects.count(),
        Theme.objects.count(),
    )


def test_reference_creates_the_community_associations_service_as_published_in_the_seed(ms):
    load_catalog()

    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    assert service.name == (
        "Solicitar orientação técnica para a criação e fortalecimento de associações comunitárias"
    )
    assert service.kind == ServiceKind.SERVICE
    assert (service.deadline_amount, service.deadline_unit) == (10, "business_days")
    assert service.deadline_text == "10 dias úteis"
    assert service.cost == "Sem custo"
    assert service.requirements == (
        "Oficialização do pedido por meio do protocolo da Secretaria de Estado da Cidadania."
    )
    assert service.description.count("Promovemos a participação cívica") == 1
    assert [a.name for a in service.audiences.order_by("name")] == [
        "Dirigentes de Associações",
        "Lideranças Comunitárias",
        "Municípios do MS",
        "Organização da Sociedade Civil – OSC",
    ]
    assert service.audiences.filter(slug="dirigentes-associacoes").exists()
    assert list(service.options.values_list("slug", "name")) == [
        ("formacao-capacitacao", "Formação/capacitação"),
        ("apoio-regularizacao-osc", "Apoio à regularização de OSC"),
    ]
    assert list(service.steps.values_list("order", "title")) == [
        (1, "Elaborar e encaminhar o ofício"),
        (2, "Recebimento e número de protocolo"),
        (3, "Devolutiva do aceite"),
        (4, "Contato do técnico responsável"),
    ]
    assert (service.contact_email, service.contact_phone) == (
        "comunitario@sec.ms.gov.br",
        "(67) 3323-7229",
    )
    assert service.allows_public_submission is True
    assert service.allows_anonymous is False
    assert service.is_published is True
    assert service.state == ms


def test_reference_creates_the_ms_ativo_adhesion_with_two_weeks_and_six_steps(ms):
    load_catalog()

    service = Service.objects.get(slug="adesao-ms-ativo")
    assert service.name == "Solicitar adesão ao Programa MS Ativo"
    assert service.kind == ServiceKind.PROGRAM_ADHESION
    assert (service.deadline_amount, service.deadline_unit) == (2, "weeks")
    assert service.deadline_text == "2 semanas"
    assert list(service.audiences.values_list("name", flat=True)) == ["Prefeituras Municipais"]
    assert service.requirements.startswith("Adesão voluntária dos Municípios")
    assert list(service.steps.values_list("title", flat=True)) == [
        "Levantamento de indicadores",
        "Identificação dos municípios em situação crítica",
        "Focalização dos desafios no território",
        "Cardápio de ações",
        "Monitoramento das entregas por evidências",
        "Agenda de ações",
    ]
    assert service.options.count() == 0
    assert service.allows_public_submission is False
    assert service.state == ms


def test_loading_the_reference_twice_duplicates_nothing(ms):
    load_catalog()
    first = counts()

    load_catalog()

    # 2 seed services + 5 ombudsman + LAI + MT SUAS support; 9 SUAS options route by theme.
    assert counts() == first == (9, 7, 32, 11, 7)


def test_reference_restores_edited_fields_and_drops_extra_steps(ms):
    load_catalog()
    service = Service.objects.get(slug="adesao-ms-ativo")
    Service.objects.filter(pk=service.pk).update(deadline_amount=99, name="Outro nome")
    service.steps.create(order=7, title="Etapa a mais")

    load_catalog()

    service.refresh_from_db()
    assert (service.name, service.deadline_amount) == ("Solicitar adesão ao Programa MS Ativo", 2)
    assert service.steps.count() == 6


def test_reference_links_the_responsible_units_loaded_by_accounts(ms):
    comunitarios = OrgUnitFactory(
        slug="ms-sec-spp-comunitarios",
        name="Subsecretaria de Políticas Públicas para Assuntos Comunitários",
    )
    segem = OrgUnitFactory(slug="ms-segem")

    load_catalog()

    assert Service.objects.get(slug="orientacao-associacoes-comunitarias").responsible_unit == (
        comunitarios
    )
    assert Service.objects.get(slug="adesao-ms-ativo").responsible_unit == segem


def test_reference_leaves_the_responsible_unit_empty_when_the_unit_is_not_loaded(ms):
    load_catalog()

    assert set(Service.objects.values_list("responsible_unit", flat=True)) == {None}


def test_reference_keeps_the_name_accounts_gave_a_shared_theme(ms):
    ThemeFactory(slug="associativismo", name="Associativismo (SEC)")

    load_catalog()

    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    assert service.themes.get(slug="associativismo").name == "Associativismo (SEC)"


def test_the_app_config_hook_loads_the_catalog_and_reports_it(ms):
    messages = []

    apps.get_app_config("catalog").load_reference(messages.append)

    assert messages == ["catalog: 9 serviços"]
    assert Service.objects.count() == 9
