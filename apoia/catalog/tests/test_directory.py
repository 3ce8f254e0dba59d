"""The public directory, "Fale com a gente" (issue 12, item 7): units, contacts, themes and
services, searchable by theme with accents ignored, on the page and in the API."""

import pytest
from django.urls import reverse

from apoia.catalog.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PAGE = "/fale-conosco/"


@pytest.fixture
def units(community_unit, ombudsman_unit):
    ServiceFactory(
        slug="apoio-associacoes",
        name="Apoio a associações comunitárias",
        responsible_unit=community_unit,
        state=community_unit.state,
    )
    ServiceFactory(
        slug="rascunho",
        name="Serviço ainda não publicado",
        responsible_unit=community_unit,
        state=community_unit.state,
        is_published=False,
    )
    return community_unit, ombudsman_unit


def test_the_page_has_its_address_and_lists_every_unit(client, units):
    assert reverse("directory:directory") == PAGE
    body = client.get(PAGE).content.decode()
    assert "Subsecretaria de Políticas Públicas para Assuntos Comunitários" in body
    assert "Ouvidoria da Secretaria de Estado da Cidadania" in body


def test_a_unit_shows_its_contacts_themes_and_published_services(client, units):
    body = client.get(PAGE).content.decode()
    assert "comunitario@sec.ms.gov.br" in body
    assert "(67) 3323-7229" in body
    assert "Regularização de OSC" in body
    assert 'href="/servicos/apoio-associacoes/"' in body
    assert "Serviço ainda não publicado" not in body


def test_a_theme_typed_without_accents_finds_the_unit_that_answers_for_it(client, units):
    body = client.get(PAGE, {"tema": "regularizacao de osc"}).content.decode()
    assert 'id="unidade-ms-sec-spp-comunitarios"' in body
    assert 'id="unidade-ms-ouvidoria"' not in body


def test_a_theme_is_found_by_its_slug_too(client, units):
    body = client.get(PAGE, {"tema": "cooperativismo"}).content.decode()
    assert "Assuntos Comunitários" in body


def test_free_text_searches_names_and_duties_accents_ignored(client, units):
    body = client.get(PAGE, {"q": "OUVIDORIA cidadania"}).content.decode()
    assert 'id="unidade-ms-ouvidoria"' in body
    assert 'id="unidade-ms-sec-spp-comunitarios"' not in body


def test_a_theme_nobody_answers_for_shows_an_empty_state(client, units):
    response = client.get(PAGE, {"tema": "astronomia"})
    assert response.status_code == 200
    assert "Nenhuma unidade responde por este tema" in response.content.decode()


def test_an_overlong_search_is_refused_on_the_field_not_with_a_500(client, units):
    response = client.get(PAGE, {"q": "x" * 500})
    assert response.status_code == 200
    assert "no máximo 100 caracteres" in response.content.decode()


def test_the_api_lists_units_with_their_themes_and_services(client, units):
    rows = client.get("/api/v1/directory", {"theme": "Regularizacao"}).json()
    assert [row["slug"] for row in rows] == ["ms-sec-spp-comunitarios"]
    (row,) = rows
    assert row["name"] == "Subsecretaria de Políticas Públicas para Assuntos Comunitários"
    assert row["email"] == "comunitario@sec.ms.gov.br"
    assert row["phones"] == "(67) 3323-7229"
    assert "Regularização de OSC" in row["themes"]
    assert row["services"] == [
        {"slug": "apoio-associacoes", "name": "Apoio a associações comunitárias"}
    ]


def test_the_api_matches_a_theme_by_slug(client, units):
    rows = client.get("/api/v1/directory", {"theme": "regularizacao-de-osc"}).json()
    assert [row["slug"] for row in rows] == ["ms-sec-spp-comunitarios"]


def test_the_api_refuses_a_malformed_state_naming_the_field(client, units):
    response = client.get("/api/v1/directory", {"uf": "Mato Grosso"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "uf"
