"""The ranking page, saving a priority list and reopening it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from apoia.indicators.models import Indicator, IndicatorValue, Ranking
from apoia.territory.models import Municipality

ALFA, BETA, GAMA, DELTA = 5000001, 5000002, 5000003, 5000004
URL = "/indicadores/ranking/"
PARAMS = {"uf": "MS", "period": "2010", "method": "minmax", "w_idhm": "1", "w_t_analf18m": "3"}


@pytest.fixture
def toy(state_ms):
    for ibge, name in [(ALFA, "Alfa"), (BETA, "Beta"), (GAMA, "Gama"), (DELTA, "Delta")]:
        Municipality.objects.create(ibge=ibge, name=name, state=state_ms)
    idhm = Indicator.objects.create(code="idhm", name="IDHM", direction="higher_better", decimals=3)
    illiteracy = Indicator.objects.create(
        code="t_analf18m", name="Analfabetismo", direction="lower_better", decimals=1
    )
    Indicator.objects.create(code="populacao", name="População", direction="neutral")
    for indicator, values in [
        (idhm, {ALFA: 0.5, BETA: 0.7, GAMA: 0.9}),
        (illiteracy, {ALFA: 10, BETA: 30, GAMA: 20}),
    ]:
        for ibge, value in values.items():
            IndicatorValue.objects.create(
                indicator=indicator, municipality_id=ibge, period=2010, value=value
            )


def ranked(response):
    return [(row["rank"], row["municipality"], row["score"]) for row in response.context["rows"]]


def test_the_ranking_lives_at_indicadores_ranking():
    assert reverse("indicators:ranking") == URL
    assert reverse("indicators:saved_rankings") == "/indicadores/listas/"
    assert reverse("indicators:saved_ranking", args=[3]) == "/indicadores/listas/3/"


def test_the_form_offers_a_weight_per_directed_indicator(client, toy):
    response = client.get(URL)

    form = response.context["form"]
    assert [f.name for f in form.weight_fields()] == ["w_t_analf18m", "w_idhm"]
    assertNotContains(response, "População")


def test_the_results_show_rank_score_contributions_and_missing_data(client, toy):
    response = client.get(URL, PARAMS)

    assert ranked(response) == [
        (1, "Beta", 0.875),
        (2, "Gama", 0.375),
        (3, "Alfa", 0.25),
        (None, "Delta", None),
    ]
    assertContains(response, '<a href="/indicadores/municipios/5000002/">Beta</a>', html=True)
    assertContains(response, "0,875")
    # Beta: idhm 1·0.5/4 = 0.125 (value 0.700), analf 3·1/4 = 0.750 (value 30.0).
    assertContains(response, '0,125<span class="apoia-unit">valor 0,700</span>')
    assertContains(response, '0,750<span class="apoia-unit">valor 30,0</span>')
    assertContains(response, '<span class="apoia-missing">sem dado</span>', count=2)
    assertNotContains(response, "Salvar como lista de prioridade")  # anonymous


def test_a_neutral_or_missing_weight_is_explained_on_the_form(client, toy):
    response = client.get(URL, {"uf": "MS", "period": "2010", "method": "minmax"})

    assertContains(response, "Escolha ao menos um indicador com peso maior que zero.")
    assert "rows" not in response.context


def test_staff_save_the_ranking_as_a_priority_list(client, sign_in, admin_user, toy):
    sign_in(admin_user)
    page = client.get(URL, PARAMS)
    assertContains(page, "Salvar como lista de prioridade")

    response = client.post(reverse("indicators:ranking_save"), {**PARAMS, "name": "Visitas 2026"})

    saved = Ranking.objects.get()
    assertRedirects(response, f"/indicadores/listas/{saved.pk}/")
    assert (saved.name, saved.state.uf, saved.period, saved.method, saved.weights) == (
        "Visitas 2026",
        "MS",
        2010,
        "minmax",
        {"idhm": 1.0, "t_analf18m": 3.0},
    )
    assert saved.created_by == admin_user
    assert [row["ibge"] for row in saved.rows] == [BETA, GAMA, ALFA, DELTA]


def test_saved_lists_are_listed_and_reopen_with_their_rows(client, sign_in, technician, toy):
    sign_in(technician)
    client.post(reverse("indicators:ranking_save"), {**PARAMS, "name": "Focais"})
    saved = Ranking.objects.get()

    listing = client.get("/indicadores/listas/")
    detail = client.get(f"/indicadores/listas/{saved.pk}/")

    assertContains(listing, f'<a href="/indicadores/listas/{saved.pk}/">Focais</a>', html=True)
    assert ranked(detail) == [
        (1, "Beta", 0.875),
        (2, "Gama", 0.375),
        (3, "Alfa", 0.25),
        (None, "Delta", None),
    ]
    assertContains(detail, "Mín–máx (0 a 1)")
    assertContains(
        detail,
        "/indicadores/ranking/?uf=MS&amp;period=2010&amp;method=minmax&amp;w_idhm=1"
        "&amp;w_t_analf18m=3",
    )


def test_saving_needs_a_name(client, sign_in, admin_user, toy):
    sign_in(admin_user)

    response = client.post(reverse("indicators:ranking_save"), PARAMS)

    assert Ranking.objects.count() == 0
    assert response.status_code == 302
    assert response["Location"].startswith("/indicadores/ranking/?uf=MS")


def test_people_outside_state_staff_cannot_save_or_see_lists(client, sign_in, municipal_user, toy):
    sign_in(municipal_user)

    assert (
        client.post(reverse("indicators:ranking_save"), {**PARAMS, "name": "X"}).status_code == 403
    )
    assert client.get("/indicadores/listas/").status_code == 403
    assert Ranking.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in_for_lists(client, toy):
    response = client.get("/indicadores/listas/")

    assert response.status_code == 302
    assert "/contas/" in response["Location"]


def test_a_saved_list_downloads_as_csv_with_values_contributions_and_missing_data(
    client, sign_in, technician, toy
):
    sign_in(technician)
    client.post(reverse("indicators:ranking_save"), {**PARAMS, "name": "Focais"})
    saved = Ranking.objects.get()

    response = client.get(reverse("indicators:saved_ranking_csv", args=[saved.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="lista-prioridade-{saved.pk}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # Columns in the form's order (axis, then name): Analfabetismo before IDHM.
    assert rows[0] == [
        "Posição",
        "Código IBGE",
        "Município",
        "Escore",
        "Analfabetismo — valor",
        "Analfabetismo — contribuição",
        "IDHM — valor",
        "IDHM — contribuição",
        "Sem dado",
    ]
    assert rows[1] == ["1", str(BETA), "Beta", "0,875", "30", "0,75", "0,7", "0,125", ""]
    assert rows[-1] == ["", str(DELTA), "Delta", "", "", "", "", "", "Analfabetismo, IDHM"]


def test_a_saved_list_downloads_as_xlsx_with_real_numbers(client, sign_in, technician, toy):
    sign_in(technician)
    client.post(reverse("indicators:ranking_save"), {**PARAMS, "name": "Focais"})
    saved = Ranking.objects.get()

    response = client.get(reverse("indicators:saved_ranking_xlsx", args=[saved.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Focais"
    assert [c.value for c in sheet[2]] == [1, BETA, "Beta", 0.875, 30, 0.75, 0.7, 0.125, None]
