from django.contrib.auth.models import AnonymousUser

from apoia.catalog.queries import filter_services, visible_to
from apoia.catalog.tests.factories import AudienceFactory, ServiceFactory, ThemeFactory


def slugs(services):
    return sorted(s.slug for s in services)


def test_anonymous_visitors_see_only_published_services(ms):
    ServiceFactory(slug="publicado")
    ServiceFactory(slug="rascunho", is_published=False)

    assert slugs(visible_to(AnonymousUser())) == ["publicado"]
    assert slugs(visible_to(None)) == ["publicado"]


def test_signed_in_users_without_the_admin_role_see_only_published_services(ms, bob):
    ServiceFactory(slug="publicado")
    ServiceFactory(slug="rascunho", is_published=False)

    assert slugs(visible_to(bob)) == ["publicado"]


def test_admins_also_see_unpublished_services(ms, alice):
    ServiceFactory(slug="publicado")
    ServiceFactory(slug="rascunho", is_published=False)

    assert slugs(visible_to(alice)) == ["publicado", "rascunho"]


def test_search_ignores_accents_and_case_and_needs_every_word(ms):
    ServiceFactory(slug="associacoes", name="Orientação para associações comunitárias")
    ServiceFactory(slug="adesao", name="Adesão ao programa", summary="Cooperação municipal")
    ServiceFactory(slug="outro", name="Outro", description="Nada a ver")
    services = visible_to(None)

    assert slugs(filter_services(services, q="ASSOCIACOES")) == ["associacoes"]
    assert slugs(filter_services(services, q="cooperacao")) == ["adesao"]
    assert slugs(filter_services(services, q="adesão programa")) == ["adesao"]
    assert slugs(filter_services(services, q="adesão associações")) == []
    assert slugs(filter_services(services, q="  ")) == ["adesao", "associacoes", "outro"]


def test_filters_by_audience_theme_and_state_combine(ms):
    prefeituras = AudienceFactory(slug="prefeituras")
    osc = AudienceFactory(slug="osc")
    municipalismo = ThemeFactory(slug="municipalismo")
    ServiceFactory(slug="a", audiences=[prefeituras, osc], themes=[municipalismo])
    ServiceFactory(slug="b", audiences=[prefeituras])
    ServiceFactory(slug="c", audiences=[osc])
    services = visible_to(None)

    assert slugs(filter_services(services, audience="prefeituras")) == ["a", "b"]
    assert slugs(filter_services(services, theme="municipalismo")) == ["a"]
    assert slugs(filter_services(services, audience="osc", theme="municipalismo")) == ["a"]
    assert slugs(filter_services(services, uf="ms")) == ["a", "b", "c"]
    assert slugs(filter_services(services, uf="MT")) == []


def test_search_finds_singular_and_plural_forms_of_a_word(ms):
    ServiceFactory(slug="associacoes", name="Fortalecimento de associações comunitárias")
    ServiceFactory(slug="municipios", name="Apoio aos municípios")
    services = visible_to(None)

    assert slugs(filter_services(services, q="associação")) == ["associacoes"]
    assert slugs(filter_services(services, q="associacoes")) == ["associacoes"]
    assert slugs(filter_services(services, q="Município")) == ["municipios"]
    assert slugs(filter_services(services, q="comunitaria")) == ["associacoes"]
