"""Public indicator pages speak in names, link to each other, and keep import details for the
people who import."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from apoia.indicators.models import CriticalityRule, Indicator, IndicatorValue
from apoia.territory.models import Municipality
from apoia.tests.html import duplicate_ids, heading_jumps

ALFA, BETA, GAMA = 5000001, 5000002, 5000003
CODES = ("idhm_e", "t_atraso_2_fund")


@pytest.fixture
def data(state_ms):
    for ibge, name in [(ALFA, "Alfa"), (BETA, "Beta"), (GAMA, "Água Clara")]:
        Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
    education = Indicator.objects.create(
        code="idhm_e",
        name="IDHM Educação",
        direction="higher_better",
        decimals=3,
        axis="Desenvolvimento humano",
        min_value=0,
        max_value=1,
        national_reference=0.637,
    )
    delay = Indicator.objects.create(
        code="t_atraso_2_fund",
        name="% de 6 a 14 anos no fundamental com 2+ anos de atraso",
        direction="lower_better",
        decimals=2,
        axis="Educação",
    )
    for indicator, values in [
        (education, {ALFA: 0.5, BETA: 0.7, GAMA: 0.9}),
        (delay, {ALFA: 30.5, BETA: 12.25, GAMA: 20}),
    ]:
        for ibge, value in values.items():
            IndicatorValue.objects.create(
                indicator=indicator, municipality_id=ibge, period=2010, value=value
            )
    for indicator in (education, delay):
        CriticalityRule.objects.create(indicator=indicator, kind="worse_than_state")
        CriticalityRule.objects.create(indicator=indicator, kind="threshold", threshold=0.6)
    return education


def visible_text(response) -> str:
    """The page as read: no tags, no attribute values (URLs and ids may hold codes)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


PAGES = [
    ("indicators:list", {}, None),
    ("indicators:detail", {"code": "idhm_e"}, None),
    ("indicators:map", {}, {"indicator": "t_atraso_2_fund", "uf": "MS"}),
    ("indicators:map", {}, {"indicator": "t_atraso_2_fund", "uf": "MS", "mode": "flags"}),
    ("indicators:profile", {"ibge": ALFA}, None),
    ("indicators:ranking", {}, None),
    ("indicators:ranking", {}, {"uf": "MS", "method": "minmax", "w_t_atraso_2_fund": "1"}),
    ("indicators:municipalities", {}, None),
]


@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES)
def test_public_pages_show_names_not_codes(client, data, name, kwargs, query):
    response = client.get(reverse(name, kwargs=kwargs), query or {})

    assert response.status_code == 200
    text = visible_text(response)
    for code in CODES:
        assert code not in text, f"{code} on {name}"


@pytest.mark.parametrize(("name", "kwargs", "query"), PAGES)
def test_public_pages_have_ordered_headings_and_unique_ids(client, data, name, kwargs, query):
    html = client.get(reverse(name, kwargs=kwargs), query or {}).content.decode()

    assert heading_jumps(html) == []
    assert duplicate_ids(html) == []


def test_the_criticality_texts_name_the_indicator(client, data):
    response = client.get(reverse("indicators:profile", args=[ALFA]))

    assertContains(response, "% de 6 a 14 anos no fundamental com 2+ anos de atraso 30,50")


def test_a_visitor_does_not_see_the_import_fields(client, data):
    response = client.get(reverse("indicators:detail", args=["idhm_e"]))

    assertNotContains(response, "Casas decimais")
    assertNotContains(response, "Valores aceitos na importação")
    assertNotContains(response, "<code>idhm_e</code>")


def test_an_admin_sees_the_import_fields(client, sign_in, admin_user, data):
    sign_in(admin_user)

    response = client.get(reverse("indicators:detail", args=["idhm_e"]))

    assertContains(response, "Casas decimais")
    assertContains(response, "Valores aceitos na importação")
    assertContains(response, "<code>idhm_e</code>")


def test_the_national_reference_is_written_the_brazilian_way(client, data):
    response = client.get(reverse("indicators:detail", args=["idhm_e"]))

    assertContains(response, "<dd>0,637</dd>", html=True)


def test_the_catalog_links_to_the_map_the_ranking_and_the_profiles(client, data):
    response = client.get(reverse("indicators:list"))

    assertContains(response, 'href="/indicadores/mapa/"')
    assertContains(response, 'href="/indicadores/ranking/"')
    assertContains(response, 'href="/indicadores/municipios/"')


def test_an_indicator_page_links_to_its_map_its_ranking_and_each_profile(client, data):
    response = client.get(reverse("indicators:detail", args=["idhm_e"]))

    assertContains(response, 'href="/indicadores/mapa/?indicator=idhm_e&amp;uf=MS"')
    assertContains(
        response,
        'href="/indicadores/ranking/?uf=MS&amp;period=2010&amp;method=minmax&amp;w_idhm_e=1"',
    )
    assertContains(response, f'<a href="/indicadores/municipios/{ALFA}/">Alfa</a>', html=True)


def test_the_profile_links_back_to_the_map_the_ranking_and_the_other_profiles(client, data):
    response = client.get(reverse("indicators:profile", args=[ALFA]))

    assertContains(response, 'href="/indicadores/mapa/?uf=MS"')
    assertContains(response, 'href="/indicadores/ranking/"')
    assertContains(response, 'href="/indicadores/municipios/?uf=MS"')


def test_the_profile_says_that_first_is_the_worst(client, data):
    response = client.get(reverse("indicators:profile", args=[ALFA]))

    # Alfa: worst IDHM Educação (1º de 3) and worst school delay (1º de 3).
    assertContains(response, "1º de 3", count=2)
    assertContains(response, "a pior situação do estado", count=2)
    assertContains(response, "1º = pior situação")
    beta = client.get(reverse("indicators:profile", args=[BETA]))
    assertContains(beta, "3º de 3")
    assertContains(beta, "a melhor situação do estado")


def test_the_profiles_index_lists_every_municipality_in_reading_order(client, data):
    response = client.get(reverse("indicators:municipalities"))

    assert [m.name for m in response.context["municipalities"]] == ["Água Clara", "Alfa", "Beta"]
    assertContains(response, f'<a href="/indicadores/municipios/{GAMA}/">Água Clara</a>', html=True)


def test_the_profile_picker_opens_the_chosen_profile(client, data):
    response = client.get(reverse("indicators:municipalities"), {"municipio": str(BETA)})

    assertRedirects(response, reverse("indicators:profile", args=[BETA]))


@pytest.mark.parametrize("wanted", ["9999999", "abc", "٥٠٠٠٠٠١"])
def test_a_municipality_the_picker_does_not_know_gets_a_message(client, data, wanted):
    response = client.get(reverse("indicators:municipalities"), {"municipio": wanted})

    assert response.status_code == 200
    assertContains(response, "Município não encontrado. Escolha um da lista.")
