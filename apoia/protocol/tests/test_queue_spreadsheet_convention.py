"""The queue's CSV follows the page-download convention; the API's CSV keeps its ISO dates."""

import csv
import io

from django.urls import reverse

from apoia.accounts.tests.factories import bearer

QUEUE = reverse("protocol:queue")


def rows_of(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_queue_csv_writes_brazilian_dates(
    wednesday_2026_03_18, seeds, submit, coordinator, sign_in
):
    submit()

    header, row = rows_of(sign_in(coordinator).get(QUEUE, {"formato": "csv"}))

    line = dict(zip(header, row, strict=True))
    assert line["Recebido em"] == "18/03/2026 10:00"
    assert line["Prazo de resposta"] == "01/04/2026"
    assert line["Prazo prorrogado"] == "Não"


def test_the_api_csv_keeps_iso_dates(wednesday_2026_03_18, seeds, submit, coordinator, client):
    submit()

    response = client.get("/api/v1/requests/export.csv", **bearer(coordinator))

    header, row = rows_of(response)
    line = dict(zip(header, row, strict=True))
    assert line["Recebido em"] == "2026-03-18 10:00"
    assert line["Prazo de resposta"] == "2026-04-01"


def test_the_queue_csv_punctuates_documents_for_reading(seeds, submit, coordinator, sign_in):
    submit()

    header, row = rows_of(sign_in(coordinator).get(QUEUE, {"formato": "csv"}))

    line = dict(zip(header, row, strict=True))
    assert line["CPF ou CNPJ"] == "529.982.247-25"
    assert line["CNPJ da organização"] == "11.222.333/0001-81"


def test_the_api_csv_keeps_the_digits(seeds, submit, coordinator, client):
    submit()

    header, row = rows_of(client.get("/api/v1/requests/export.csv", **bearer(coordinator)))

    line = dict(zip(header, row, strict=True))
    assert line["CPF ou CNPJ"] == "52998224725"
    assert line["CNPJ da organização"] == "11222333000181"
