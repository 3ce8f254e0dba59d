"""The importer reads both CSV forms: what Excel in Brazil saves (`;`, decimal comma, often a
BOM) and the machine-readable one (`,`, decimal point), and the page's own download back."""

import pytest
from django.urls import reverse

from apoia.indicators import importing
from apoia.indicators.import_files import decode_key
from apoia.indicators.models import Indicator, IndicatorValue
from apoia.territory.models import Municipality

CAMPO_GRANDE, DOURADOS = 5002704, 5003702


@pytest.fixture
def places(state_ms):
    Municipality.objects.create(ibge=CAMPO_GRANDE, name="Campo Grande", state=state_ms)
    Municipality.objects.create(ibge=DOURADOS, name="Dourados", state=state_ms)


@pytest.fixture
def income(places):
    return Indicator.objects.create(
        code="rdpc", name="Renda per capita", direction="higher_better", min_value=0
    )


@pytest.fixture
def education(places):
    return Indicator.objects.create(
        code="idhm_e", name="IDHM Educação", direction="higher_better", min_value=0, max_value=1
    )


def read(data: bytes):
    result = importing.read_values(data)
    values = sorted(
        (Indicator.objects.get(pk=i).code, ibge, period, value)
        for (i, period, ibge), value in ((decode_key(k), v) for k, v in result.values.items())
    )
    return result, values


def test_a_semicolon_file_with_a_bom_and_grouped_decimal_commas_is_read(income):
    data = "\ufeffCódigo IBGE;Indicador;Ano;Valor\r\n5002704;rdpc;2010;1.234,56\r\n".encode()

    result, values = read(data)

    assert result.errors == []
    assert values == [("rdpc", CAMPO_GRANDE, 2010, 1234.56)]


def test_a_comma_file_with_decimal_points_is_read(income):
    data = b"codigo_ibge,indicador,ano,valor\n5002704,rdpc,2010,1234.56\n5003702,rdpc,2010,987\n"

    result, values = read(data)

    assert result.errors == []
    assert values == [("rdpc", CAMPO_GRANDE, 2010, 1234.56), ("rdpc", DOURADOS, 2010, 987.0)]


def test_a_comma_file_with_a_bom_is_read(income):
    data = b"\xef\xbb\xbfibge,indicator,period,value\n5002704,rdpc,2010,0.5\n"

    result, values = read(data)

    assert result.errors == []
    assert values == [("rdpc", CAMPO_GRANDE, 2010, 0.5)]


def test_an_indicator_may_be_given_by_its_name(education):
    data = "Código IBGE;Indicador;Ano;Valor\n5002704;IDHM Educação;2010;0,724\n".encode()

    result, values = read(data)

    assert result.errors == []
    assert values == [("idhm_e", CAMPO_GRANDE, 2010, 0.724)]


def test_a_name_two_indicators_share_is_refused(education):
    Indicator.objects.create(code="idhm_e2", name="IDHM Educação", direction="higher_better")
    data = "Código IBGE;Indicador;Ano;Valor\n5002704;IDHM Educação;2010;0,724\n".encode()

    result, _values = read(data)

    assert [error["code"] for error in result.errors] == ["unknown_indicator"]


def test_the_values_page_download_imports_back_unchanged(client, education):
    for ibge, value in [(CAMPO_GRANDE, 0.724), (DOURADOS, 0.681)]:
        IndicatorValue.objects.create(
            indicator=education, municipality_id=ibge, period=2010, value=value
        )

    download = client.get(reverse("indicators:values_csv", args=["idhm_e"]))
    result, values = read(download.content)

    assert download.content.startswith(b"\xef\xbb\xbf")
    assert result.errors == []
    assert values == [
        ("idhm_e", CAMPO_GRANDE, 2010, 0.724),
        ("idhm_e", DOURADOS, 2010, 0.681),
    ]
