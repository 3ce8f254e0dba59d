"""The public catalog: /indicadores/, /indicadores/<code>/ and its values as CSV."""

import pytest
from django.urls import reverse

from apoia.indicators.models import Indicator, IndicatorValue
from apoia.territory.models import Municipality

CAMPO_GRANDE, DOURADOS, CUIABA = 5002704, 5003702, 5103403


@pytest.fixture
def catalog(state_ms, state_mt):
    for ibge, name, state in [
        (CAMPO_GRANDE, "Campo Grande", state_ms),
        (DOURADOS, "Dourados", state_ms),
        (CUIABA, "Cuiabá", state_mt),
    ]:
        Municipality.objects.create(ibge=ibge, name=name, state=state)
    idhm = Indicator.objects.create(
        code="idhm",
        name="IDHM",
        unit="índice 0–1",
        direction="higher_better",
        periodicity="decennial",
        axis="Desenvolvimento humano",
        decimals=3,
        min_value=0,
        max_value=1,
        source="Atlas do Desenvolvimento Humano no Brasil 2013 (PNUD/Ipea/FJP)",
        source_url="http://www.atlasbrasil.org.br/",
        licence="Dados públicos; compilação abjur/abjData, licença MIT",
        description="Índice de Desenvolvimento Humano Municipal.",
    )
    mort1 = Indicator.objects.create(
        code="mort1",
        name="Mortalidade infantil",
        unit="por 1.000 nascidos vivos",
        direction="lower_better",
        axis="Saúde",
    )
    Indicator.objects.create(
        code="oculto", name="Indicador oculto", direction="neutral", is_published=False
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=idhm, municipality_id=ibge, period=period, value=value)
        for period, ibge, value in [
            (2000, CAMPO_GRANDE, 0.673),
            (2000, DOURADOS, 0.6),
            (2010, CAMPO_GRANDE, 0.784),
            (2010, DOURADOS, 0.747),
            (2010, CUIABA, 0.785),
        ]
    )
    IndicatorValue.objects.create(indicator=mort1, municipality_id=CUIABA, period=2010, value=15.25)
    return idhm


def test_the_list_groups_published_indicators_by_axis(client, catalog):
    response = client.get(reverse("indicators:list"))
    page = response.content.decode()
    assert [(axis, [i.code for i in found]) for axis, found in response.context["groups"]] == [
        ("Desenvolvimento humano", ["idhm"]),
        ("Saúde", ["mort1"]),
    ]
    first = page.index('<h2 id="axis-1" class="h3">Desenvolvimento humano</h2>')
    second = page.index('<h2 id="axis-2" class="h3">Saúde</h2>')
    assert first < page.index(">IDHM</a>") < second < page.index(">Mortalidade infantil</a>")
    assert "Indicador oculto" not in page
    assert "2 indicadores" in page


def test_each_row_shows_direction_unit_periods_and_municipalities_with_data(client, catalog):
    page = client.get(reverse("indicators:list")).content.decode()
    idhm_row = page[page.index('href="/indicadores/idhm/"') :]
    idhm_row = idhm_row[: idhm_row.index("</tr>")]
    assert 'class="fas fa-arrow-up"' in idhm_row
    assert "Quanto maior, melhor" in idhm_row
    assert "<td>índice 0–1</td>" in idhm_row
    assert "<td>2000, 2010</td>" in idhm_row
    assert "<td>3</td>" in idhm_row
    mort_row = page[page.index('href="/indicadores/mort1/"') :]
    assert 'class="fas fa-arrow-down"' in mort_row[: mort_row.index("</tr>")]


def test_the_list_can_be_searched_and_filtered_by_axis(client, catalog):
    page = client.get(reverse("indicators:list"), {"q": "mortal"}).content.decode()
    assert ("Mortalidade infantil" in page, "/indicadores/idhm/" in page) == (True, False)
    page = client.get(reverse("indicators:list"), {"axis": "Desenvolvimento humano"})
    assert "/indicadores/mort1/" not in page.content.decode()
    assert "1 indicador" in page.content.decode()


def test_a_run_of_years_is_shown_as_a_range():
    from apoia.indicators.views_catalog import periods_text

    assert periods_text([2000, 2001, 2002, 2003]) == "2000–2003"
    assert periods_text([1991, 2000, 2010]) == "1991, 2000, 2010"


def test_the_detail_page_shows_every_field_and_the_provenance(client, catalog):
    page = client.get(reverse("indicators:detail", args=["idhm"])).content.decode()
    for text in [
        "<h1>IDHM</h1>",
        "Índice de Desenvolvimento Humano Municipal.",
        "índice 0–1",
        "Quanto maior, melhor",
        "Decenal (censo)",
        "Desenvolvimento humano",
        "Atlas do Desenvolvimento Humano no Brasil 2013 (PNUD/Ipea/FJP)",
        'href="http://www.atlasbrasil.org.br/"',
        "Dados públicos; compilação abjur/abjData, licença MIT",
        "IBGE",
        "DATASUS",
        "5 valores de 3 municípios; períodos: 2000, 2010.",
    ]:
        assert text in page, text


def test_the_detail_table_is_the_latest_period_of_the_state_in_the_settings(
    client, catalog, settings
):
    settings.APOIA_STATE = "MS"
    response = client.get(reverse("indicators:detail", args=["idhm"]))
    page = response.content.decode()
    assert (response.context["uf"], response.context["period"]) == ("MS", 2010)
    assert response.context["values"] == [
        {"ibge": CAMPO_GRANDE, "name": "Campo Grande", "value": "0,784"},
        {"ibge": DOURADOS, "name": "Dourados", "value": "0,747"},
    ]
    assert "Cuiabá" not in page
    assert 'href="/indicadores/idhm/valores.csv?uf=MS&amp;period=2010"' in page


def test_another_state_and_period_can_be_chosen(client, catalog):
    response = client.get(reverse("indicators:detail", args=["idhm"]), {"uf": "ms", "period": 2000})
    assert [row["value"] for row in response.context["values"]] == ["0,673", "0,600"]
    response = client.get(reverse("indicators:detail", args=["idhm"]), {"uf": "MT"})
    assert response.context["values"] == [{"ibge": CUIABA, "name": "Cuiabá", "value": "0,785"}]


def test_the_values_table_is_paginated(client, catalog, state_ms):
    Municipality.objects.bulk_create(
        Municipality(ibge=5000000 + i, name=f"Município {i:02d}", state=state_ms)
        for i in range(1, 61)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=catalog, municipality_id=5000000 + i, period=2010, value=0.5)
        for i in range(1, 61)
    )
    url = reverse("indicators:detail", args=["idhm"])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert (len(first.context["values"]), len(second.context["values"])) == (50, 12)
    assert first.context["page_obj"].paginator.num_pages == 2


def test_an_unpublished_or_unknown_indicator_is_not_found(client, catalog):
    assert client.get(reverse("indicators:detail", args=["oculto"])).status_code == 404
    assert client.get(reverse("indicators:detail", args=["nada"])).status_code == 404


def test_an_admin_sees_an_unpublished_indicator(admin_client, catalog):
    assert admin_client.get(reverse("indicators:detail", args=["oculto"])).status_code == 200


def test_the_csv_download_is_the_values_table_as_brazilian_excel_opens_it(client, catalog):
    response = client.get(
        reverse("indicators:values_csv", args=["idhm"]), {"uf": "MS", "period": 2010}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="idhm_MS_2010.csv"'
    assert (
        response.content
        == (
            "\ufeffCódigo IBGE;Município;UF;Indicador;Ano;Valor\r\n"
            "5002704;Campo Grande;MS;IDHM;2010;0,784\r\n"
            "5003702;Dourados;MS;IDHM;2010;0,747\r\n"
        ).encode()
    )


def test_the_csv_without_filters_has_every_value(client, catalog):
    response = client.get(reverse("indicators:values_csv", args=["idhm"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="idhm.csv"'
    assert lines[1:] == [
        "5002704;Campo Grande;MS;IDHM;2000;0,673",
        "5003702;Dourados;MS;IDHM;2000;0,6",
        "5002704;Campo Grande;MS;IDHM;2010;0,784",
        "5003702;Dourados;MS;IDHM;2010;0,747",
        "5103403;Cuiabá;MT;IDHM;2010;0,785",
    ]


def test_the_values_download_in_xlsx_has_real_numbers(client, catalog):
    import io

    from openpyxl import load_workbook

    response = client.get(
        reverse("indicators:values_xlsx", args=["idhm"]), {"uf": "MS", "period": 2010}
    )

    assert response["Content-Disposition"] == 'attachment; filename="idhm_MS_2010.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Código IBGE", "Município", "UF", "Indicador", "Ano", "Valor"],
        [5002704, "Campo Grande", "MS", "IDHM", 2010, 0.784],
        [5003702, "Dourados", "MS", "IDHM", 2010, 0.747],
    ]


def test_a_non_numeric_period_is_not_found(client, catalog):
    url = reverse("indicators:values_csv", args=["idhm"])
    assert client.get(url, {"period": "dez"}).status_code == 404


def test_municipalities_are_listed_by_name_ignoring_accents(client, catalog, state_ms):
    Municipality.objects.create(ibge=5000203, name="Água Clara", state=state_ms)
    IndicatorValue.objects.create(
        indicator=catalog, municipality_id=5000203, period=2010, value=0.67
    )
    response = client.get(reverse("indicators:detail", args=["idhm"]), {"uf": "MS"})
    assert [row["name"] for row in response.context["values"]] == [
        "Água Clara",
        "Campo Grande",
        "Dourados",
    ]
