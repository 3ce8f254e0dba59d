from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from apoia.catalog.tests.factories import AudienceFactory, ServiceFactory, ThemeFactory

URL = "/servicos/"


def listed(response):
    return [service.slug for service in response.context["page_obj"].object_list]


def test_the_list_lives_at_servicos():
    assert reverse("catalog:list") == URL


def test_the_list_shows_published_services_with_deadline_cost_and_audiences(client, ms):
    osc = AudienceFactory(name="Organização da Sociedade Civil – OSC")
    ServiceFactory(
        slug="orientacao",
        name="Solicitar orientação técnica",
        summary="Orientação e capacitação.",
        audiences=[osc],
    )
    ServiceFactory(slug="rascunho", name="Serviço em rascunho", is_published=False)

    response = client.get(URL)

    assert response.status_code == 200
    assert listed(response) == ["orientacao"]
    assertContains(response, '<a href="/servicos/orientacao/">Solicitar orientação técnica</a>')
    assertContains(response, "Orientação e capacitação.")
    assertContains(response, "10 dias úteis")
    assertContains(response, "Sem custo")
    assertContains(response, "Organização da Sociedade Civil – OSC")
    assertContains(response, "1 serviço encontrado")
    assertNotContains(response, "Serviço em rascunho")
    assert response.context["breadcrumbs"] == [("Carta de Serviços", None)]


def test_the_search_box_matches_name_summary_and_description_without_accents(client, ms):
    ServiceFactory(slug="por-nome", name="Adesão ao MS Ativo")
    ServiceFactory(slug="por-resumo", summary="Apoio à adesão de municípios")
    ServiceFactory(slug="por-descricao", description="Trata da ADESAO voluntária.")
    ServiceFactory(slug="outro", name="Outro serviço")

    response = client.get(URL, {"q": "adesao"})

    assert sorted(listed(response)) == ["por-descricao", "por-nome", "por-resumo"]
    assertContains(response, "3 serviços encontrados")
    assertContains(response, 'value="adesao"')


def test_the_audience_filter_keeps_services_for_that_audience(client, ms):
    prefeituras = AudienceFactory(slug="prefeituras-municipais", name="Prefeituras Municipais")
    osc = AudienceFactory(slug="osc", name="OSC")
    ServiceFactory(slug="adesao", audiences=[prefeituras])
    ServiceFactory(slug="orientacao", audiences=[osc])

    response = client.get(URL, {"audience": "prefeituras-municipais"})

    assert listed(response) == ["adesao"]
    assertContains(
        response, '<option value="prefeituras-municipais" selected>Prefeituras Municipais</option>'
    )


def test_the_theme_filter_keeps_services_of_that_theme(client, ms):
    municipalismo = ThemeFactory(slug="municipalismo", name="Municipalismo")
    associativismo = ThemeFactory(slug="associativismo", name="Associativismo")
    ServiceFactory(slug="adesao", themes=[municipalismo])
    ServiceFactory(slug="orientacao", themes=[associativismo])

    response = client.get(URL, {"theme": "associativismo"})

    assert listed(response) == ["orientacao"]
    assertContains(response, '<option value="associativismo" selected>Associativismo</option>')


def test_the_select_boxes_offer_only_audiences_and_themes_of_visible_services(client, ms):
    ServiceFactory(
        audiences=[AudienceFactory(slug="osc", name="OSC")],
        themes=[ThemeFactory(slug="associativismo", name="Associativismo")],
    )
    ServiceFactory(
        is_published=False,
        audiences=[AudienceFactory(slug="oculto", name="Público oculto")],
        themes=[ThemeFactory(slug="tema-oculto", name="Tema oculto")],
    )

    response = client.get(URL)

    form = response.context["form"]
    assert form.fields["audience"].choices == [("", "Todos os públicos"), ("osc", "OSC")]
    assert form.fields["theme"].choices == [
        ("", "Todos os temas"),
        ("associativismo", "Associativismo"),
    ]
    assertContains(response, '<label for="id_audience">Público-alvo</label>', html=True)


def test_an_unknown_audience_is_reported_and_not_applied(client, ms):
    ServiceFactory(slug="um")

    response = client.get(URL, {"audience": "nao-existe"})

    assert listed(response) == ["um"]
    assert list(response.context["form"].errors) == ["audience"]


def test_no_match_shows_the_empty_state(client, ms):
    ServiceFactory(name="Adesão")

    response = client.get(URL, {"q": "inexistente"})

    assert listed(response) == []
    assertContains(response, "0 serviços encontrados")
    assertContains(
        response, "Nenhum serviço encontrado. Tente outras palavras ou limpe os filtros."
    )


def test_the_list_pages_by_twenty(client, ms):
    for n in range(25):
        ServiceFactory(slug=f"servico-{n:02d}", name=f"Serviço {n:02d}")

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert listed(first) == [f"servico-{n:02d}" for n in range(20)]
    assert listed(second) == [f"servico-{n:02d}" for n in range(20, 25)]
    assertContains(first, "25 serviços encontrados")


def test_admins_also_see_unpublished_services_marked_as_such(alice_client, ms):
    ServiceFactory(slug="rascunho", name="Serviço em rascunho", is_published=False)

    response = alice_client.get(URL)

    assert listed(response) == ["rascunho"]
    assertContains(response, "Não publicado")
