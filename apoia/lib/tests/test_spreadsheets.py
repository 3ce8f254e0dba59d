"""The one convention of page downloads: Brazilian Excel opens them right."""

import csv
import datetime as dt
import decimal
import io

from openpyxl import load_workbook

from apoia.lib.spreadsheets import csv_cell, csv_response, sheet_title, xlsx_response

HEADERS = ["Município", "Valor", "Data", "Recebido em", "Ativo"]
ROWS = [
    ["Água Clara", 0.875, dt.date(2025, 3, 7), dt.datetime(2025, 3, 7, 14, 5), True],
    ["Alcinópolis", 1234.5, None, None, False],
]


def test_the_csv_starts_with_a_bom_and_separates_with_semicolons():
    response = csv_response("lista.csv", HEADERS, ROWS)

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8")[1:].splitlines()[0] == (
        "Município;Valor;Data;Recebido em;Ativo"
    )


def test_the_csv_writes_decimal_commas_brazilian_dates_and_yes_no():
    response = csv_response("lista.csv", HEADERS, ROWS)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Água Clara", "0,875", "07/03/2025", "07/03/2025 14:05", "Sim"]
    assert rows[2] == ["Alcinópolis", "1234,5", "", "", "Não"]


def test_the_csv_is_named_and_typed_for_a_download():
    response = csv_response("lista-prioridade-3.csv", HEADERS, [])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lista-prioridade-3.csv"'


def test_a_name_with_accents_gets_an_ascii_fallback_and_the_utf8_name():
    response = csv_response("população.csv", HEADERS, [])

    assert response["Content-Disposition"] == (
        "attachment; filename=\"popula__o.csv\"; filename*=UTF-8''popula%C3%A7%C3%A3o.csv"
    )


def test_an_aware_moment_is_written_in_local_wall_clock_time():
    # America/Campo_Grande is UTC−4: 12:00 UTC is 08:00 there.
    assert csv_cell(dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)) == "02/06/2025 08:00"


def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe():
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+55 67 3318") == "'+55 67 3318"
    assert csv_cell("@soma") == "'@soma"


def test_negative_numbers_stay_numbers():
    assert csv_cell(-0.25) == "-0,25"
    assert csv_cell(-3) == "-3"


def test_numbers_never_take_an_exponent_nor_a_trailing_zero():
    assert csv_cell(0.0000001) == "0,0000001"
    assert csv_cell(30.0) == "30"
    assert csv_cell(decimal.Decimal("12.50")) == "12,50"
    assert csv_cell(float("nan")) == ""


def test_the_xlsx_has_a_bold_header_real_numbers_and_dates():
    response = xlsx_response("lista.xlsx", HEADERS, ROWS, title="Lista de prioridade")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Lista de prioridade"
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == [
        "Água Clara",
        0.875,
        dt.datetime(2025, 3, 7),
        dt.datetime(2025, 3, 7, 14, 5),
        "Sim",
    ]
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["D2"].number_format == "DD/MM/YYYY HH:MM"


def test_xlsx_text_is_never_a_formula():
    response = xlsx_response("x.xlsx", ["Nome"], [["=1+1"]], title="X")

    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert (cell.data_type, cell.value) == ("s", "=1+1")


def test_a_sheet_title_loses_the_characters_excel_refuses_and_fits_31():
    assert sheet_title("Lista: visitas/2026 [MS] — assistência social") == (
        "Lista  visitas 2026  MS  — assi"
    )
