"""Reading, checking, committing and rolling back indicator files, on small hand-made files."""

import pytest
from openpyxl import Workbook

from apoia.indicators import importing
from apoia.indicators.import_files import decode_key
from apoia.indicators.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    IndicatorValue,
    ReplacedValue,
)
from apoia.territory.models import Municipality

CAMPO_GRANDE, DOURADOS, CUIABA = 5002704, 5003702, 5103403


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def places(state_ms, state_mt):
    Municipality.objects.create(ibge=CAMPO_GRANDE, name="Campo Grande", state=state_ms)
    Municipality.objects.create(ibge=DOURADOS, name="Dourados", state=state_ms)
    Municipality.objects.create(ibge=CUIABA, name="Cuiabá", state=state_mt)


@pytest.fixture
def idhm(places):
    return Indicator.objects.create(
        code="idhm", name="IDHM", direction="higher_better", min_value=0, max_value=1
    )


@pytest.fixture
def water(places):
    return Indicator.objects.create(
        code="t_agua", name="Água encanada", direction="higher_better", min_value=0, max_value=100
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def values_of(path, **kwargs):
    result = importing.read_values(path.read_bytes(), **kwargs)
    return result, sorted(
        (Indicator.objects.get(pk=i).code, ibge, period, value)
        for (i, period, ibge), value in ((decode_key(k), v) for k, v in result.values.items())
    )


def current():
    return sorted(
        IndicatorValue.objects.values_list("indicator__code", "municipality_id", "period", "value")
    )


# --- layouts ---------------------------------------------------------------------------------


def test_a_long_csv_with_english_headers_is_read_whole(tmp_path, idhm, water):
    path = write(
        tmp_path,
        "long.csv",
        "ibge,indicator,period,value\n"
        "5002704,idhm,2010,0.784\n"
        "5003702,idhm,2010,0.747\n"
        "5103403,t_agua,2000,97.5\n",
    )
    result, values = values_of(path)
    assert (result.layout, result.shape, result.rows_total, result.error_count) == (
        "long",
        "long",
        3,
        0,
    )
    assert values == [
        ("idhm", CAMPO_GRANDE, 2010, 0.784),
        ("idhm", DOURADOS, 2010, 0.747),
        ("t_agua", CUIABA, 2000, 97.5),
    ]


def test_the_shipped_portuguese_headers_and_extra_columns_are_accepted(tmp_path, idhm):
    path = write(
        tmp_path,
        "pt.csv",
        "codigo_ibge,uf,indicador,ano,valor\n5002704,MS,idhm,2010,0.784\n",
    )
    result, values = values_of(path)
    assert result.errors == []
    assert values == [("idhm", CAMPO_GRANDE, 2010, 0.784)]


def test_a_semicolon_csv_with_decimal_commas_is_read(tmp_path, idhm, water):
    path = write(
        tmp_path,
        "br.csv",
        "Código IBGE;Indicador;Ano;Valor\n5002704;idhm;2010;0,784\n5103403;t_agua;2010;1.234,5\n",
    )
    result, values = values_of(path)
    # 1.234,5 is out of t_agua's 0–100 range: read as 1234.5, not 1.2345.
    assert result.errors == [
        {
            "row": 3,
            "column": "Valor",
            "code": "out_of_range",
            "message": "Valor 1.234,5 fora do intervalo aceito para t_agua (0 a 100).",
        }
    ]
    assert values == [("idhm", CAMPO_GRANDE, 2010, 0.784)]


def test_an_xlsx_in_long_form_is_read(tmp_path, idhm):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ibge", "indicator", "period", "value"])
    sheet.append([5002704, "idhm", 2010, 0.784])
    sheet.append([5003702.0, "idhm", "2000", "0.6"])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    result, values = values_of(path)
    assert (result.layout, result.error_count) == ("long", 0)
    assert values == [("idhm", CAMPO_GRANDE, 2010, 0.784), ("idhm", DOURADOS, 2000, 0.6)]


def test_a_wide_file_with_one_column_per_indicator_is_read(tmp_path, idhm, water):
    path = write(
        tmp_path,
        "wide.csv",
        "ibge,nome,ano,idhm,t_agua\n"
        "5002704,Campo Grande,2010,0.784,98.1\n"
        "5003702,Dourados,2010,,91\n",
    )
    result, values = values_of(path)
    assert (result.layout, result.shape, result.rows_total, result.error_count) == (
        "wide",
        "by_indicator",
        3,
        0,
    )
    assert values == [
        ("idhm", CAMPO_GRANDE, 2010, 0.784),
        ("t_agua", CAMPO_GRANDE, 2010, 98.1),
        ("t_agua", DOURADOS, 2010, 91.0),
    ]


def test_a_wide_file_with_one_column_per_year_is_read(tmp_path, idhm):
    path = write(
        tmp_path,
        "years.csv",
        "ibge,indicator,1991,2000,2010\n5002704,idhm,0.562,0.673,0.784\n5103403,idhm,,0.6,\n",
    )
    result, values = values_of(path)
    assert (result.layout, result.shape, result.error_count) == ("wide", "by_period", 0)
    assert values == [
        ("idhm", CAMPO_GRANDE, 1991, 0.562),
        ("idhm", CAMPO_GRANDE, 2000, 0.673),
        ("idhm", CAMPO_GRANDE, 2010, 0.784),
        ("idhm", CUIABA, 2000, 0.6),
    ]


def test_a_latin_1_csv_saved_by_a_windows_spreadsheet_is_read(tmp_path, idhm):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "Código IBGE;Município;Indicador;Ano;Valor\n5002704;Campo Grande;idhm;2010;0,784\n".encode(
            "cp1252"
        )
    )
    result, values = values_of(path)
    assert result.errors == []
    assert values == [("idhm", CAMPO_GRANDE, 2010, 0.784)]


def test_the_six_digit_datasus_code_finds_the_municipality(tmp_path, idhm):
    path = write(tmp_path, "d.csv", "ibge,indicator,period,value\n500270,idhm,2010,0.784\n")
    assert values_of(path)[1] == [("idhm", CAMPO_GRANDE, 2010, 0.784)]


# --- errors ----------------------------------------------------------------------------------


def test_each_kind_of_error_is_reported_with_its_row_and_column(tmp_path, idhm, water):
    path = write(
        tmp_path,
        "bad.csv",
        "ibge,indicator,period,value\n"
        "5002704,idhm,2010,0.784\n"  # 2: fine
        "9999999,idhm,2010,0.5\n"  # 3: unknown municipality
        "5002704,ivs,2010,0.5\n"  # 4: unknown indicator
        "5003702,idhm,2010,n/d\n"  # 5: not a number
        "5002704,idhm,2010,0.784\n"  # 6: repeats row 2
        "5003702,t_agua,2010,100.5\n"  # 7: above 100
        "5003702,idhm,dez,0.5\n"  # 8: not a year
        "5003702,idhm,2000,\n",  # 9: empty
    )
    result = importing.read_values(path.read_bytes())
    assert [(e["row"], e["column"], e["code"]) for e in result.errors] == [
        (3, "ibge", "unknown_municipality"),
        (4, "indicator", "unknown_indicator"),
        (5, "value", "not_numeric"),
        (6, "value", "duplicate"),
        (7, "value", "out_of_range"),
        (8, "period", "invalid_period"),
        (9, "value", "empty_value"),
    ]
    assert [e["message"] for e in result.errors] == [
        "Código de município desconhecido: “9999999”.",
        "Indicador desconhecido: “ivs”.",
        "Valor não numérico: “n/d”.",
        "Valor repetido: idhm, município 5002704, período 2010 já aparece antes.",
        "Valor 100.5 fora do intervalo aceito para t_agua (0 a 100).",
        "Período inválido: “dez”; informe o ano com quatro dígitos.",
        "Valor vazio.",
    ]
    assert (result.rows_total, len(result.values), result.error_count) == (8, 1, 7)
    assert not result.is_valid


def test_a_missing_column_is_reported_on_the_header_row(tmp_path, idhm):
    path = write(tmp_path, "m.csv", "ibge,indicator,value\n5002704,idhm,0.5\n")
    result = importing.read_values(path.read_bytes())
    assert result.errors == [
        {
            "row": 1,
            "column": "period",
            "code": "missing_column",
            "message": "Coluna obrigatória ausente: period (aceitos: ano, period, periodo, year).",
        }
    ]


def test_an_unknown_indicator_column_of_a_wide_file_is_reported(tmp_path, idhm):
    path = write(tmp_path, "w.csv", "ibge,ano,idhm,ivs\n5002704,2010,0.784,0.2\n")
    result = importing.read_values(path.read_bytes())
    assert [(e["row"], e["column"], e["code"]) for e in result.errors] == [
        (1, "ivs", "unknown_indicator")
    ]


def test_only_the_first_200_errors_are_kept_but_all_are_counted(tmp_path, idhm):
    lines = "".join(f"5002704,idhm,{1800 + i},x\n" for i in range(250))
    path = write(tmp_path, "many.csv", "ibge,indicator,period,value\n" + lines)
    result = importing.read_values(path.read_bytes())
    assert (len(result.errors), result.error_count) == (200, 250)
    assert result.errors[-1]["row"] == 201


def test_a_binary_file_that_is_not_a_spreadsheet_is_refused(tmp_path, idhm):
    result = importing.read_values(b"PK\x03\x04 not really a zip")
    assert [(e["code"], e["message"]) for e in result.errors] == [
        ("unreadable", "Não foi possível ler o arquivo: use CSV ou XLSX.")
    ]


# --- preview, commit, rollback ---------------------------------------------------------------


def test_preview_records_the_counts_and_writes_no_value(tmp_path, idhm):
    path = write(tmp_path, "p.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.784\n")
    batch, result = importing.import_file(path)
    batch.refresh_from_db()
    assert (batch.status, batch.layout, batch.rows_total, batch.rows_valid, batch.error_count) == (
        ImportStatus.PREVIEWED,
        "long",
        1,
        1,
        0,
    )
    assert batch.file_name == "p.csv"
    assert IndicatorValue.objects.count() == 0


def test_an_invalid_file_cannot_be_committed_and_writes_nothing(tmp_path, idhm):
    path = write(
        tmp_path,
        "bad.csv",
        "ibge,indicator,period,value\n5002704,idhm,2010,0.784\n5003702,idhm,2010,1.5\n",
    )
    batch, result = importing.import_file(path, commit=True)
    assert batch.status == ImportStatus.INVALID
    assert batch.errors[0]["code"] == "out_of_range"
    with pytest.raises(importing.ImportRefused) as refused:
        importing.commit_batch(batch)
    assert str(refused.value) == "Só é possível importar um arquivo pré-visualizado e sem erros."
    assert IndicatorValue.objects.count() == 0
    assert ReplacedValue.objects.count() == 0


def test_commit_upserts_and_keeps_the_values_it_overwrote(tmp_path, idhm):
    first, _ = importing.import_file(
        write(
            tmp_path,
            "a.csv",
            "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n5003702,idhm,2010,0.6\n",
        ),
        commit=True,
    )
    second, _ = importing.import_file(
        write(
            tmp_path,
            "b.csv",
            "ibge,indicator,period,value\n5003702,idhm,2010,0.65\n5103403,idhm,2010,0.78\n",
        ),
        commit=True,
    )
    assert (first.status, second.status) == (ImportStatus.COMMITTED, ImportStatus.COMMITTED)
    assert current() == [
        ("idhm", CAMPO_GRANDE, 2010, 0.7),
        ("idhm", DOURADOS, 2010, 0.65),
        ("idhm", CUIABA, 2010, 0.78),
    ]
    assert dict(IndicatorValue.objects.values_list("municipality_id", "batch_id")) == {
        CAMPO_GRANDE: first.pk,
        DOURADOS: second.pk,
        CUIABA: second.pk,
    }
    assert list(
        ReplacedValue.objects.values_list(
            "batch_id", "indicator__code", "municipality_id", "period", "value", "previous_batch_id"
        )
    ) == [(second.pk, "idhm", DOURADOS, 2010, 0.6, first.pk)]


def test_rollback_restores_exactly_the_previous_values_and_deletes_the_new_ones(
    tmp_path, idhm, admin_user
):
    first, _ = importing.import_file(
        write(
            tmp_path,
            "a.csv",
            "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n5003702,idhm,2010,0.6\n",
        ),
        commit=True,
    )
    before = current()
    second, _ = importing.import_file(
        write(
            tmp_path,
            "b.csv",
            "ibge,indicator,period,value\n5003702,idhm,2010,0.65\n5103403,idhm,2010,0.78\n",
        ),
        commit=True,
    )
    importing.rollback_batch(second, by=admin_user)
    second.refresh_from_db()
    assert current() == before
    assert dict(IndicatorValue.objects.values_list("municipality_id", "batch_id")) == {
        CAMPO_GRANDE: first.pk,
        DOURADOS: first.pk,
    }
    assert (second.status, second.rolled_back_by) == (ImportStatus.ROLLED_BACK, admin_user)
    assert second.rolled_back_at is not None
    # Then the first one can go too, leaving nothing.
    importing.rollback_batch(first)
    assert current() == []


def test_rollback_is_refused_while_a_later_import_changed_the_same_values(tmp_path, idhm):
    first, _ = importing.import_file(
        write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n"),
        commit=True,
    )
    second, _ = importing.import_file(
        write(tmp_path, "b.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.71\n"),
        commit=True,
    )
    with pytest.raises(importing.ImportRefused) as refused:
        importing.rollback_batch(first)
    assert str(refused.value) == (
        f"Não é possível desfazer: a importação nº {second.pk} (b.csv), feita depois, "
        "alterou valores desta. Desfaça-a primeiro."
    )
    first.refresh_from_db()
    assert first.status == ImportStatus.COMMITTED
    assert current() == [("idhm", CAMPO_GRANDE, 2010, 0.71)]


def test_a_later_import_of_other_values_does_not_block_a_rollback(tmp_path, idhm):
    first, _ = importing.import_file(
        write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n"),
        commit=True,
    )
    importing.import_file(
        write(tmp_path, "b.csv", "ibge,indicator,period,value\n5003702,idhm,2010,0.6\n"),
        commit=True,
    )
    importing.rollback_batch(first)
    assert current() == [("idhm", DOURADOS, 2010, 0.6)]


def test_a_batch_is_committed_only_once(tmp_path, idhm):
    batch, _ = importing.import_file(
        write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n"),
        commit=True,
    )
    with pytest.raises(importing.ImportRefused):
        importing.commit_batch(batch)
    assert ReplacedValue.objects.count() == 0


def test_commit_checks_the_file_again_against_the_current_catalog(tmp_path, idhm):
    batch, _ = importing.import_file(
        write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n")
    )
    Indicator.objects.filter(pk=idhm.pk).update(max_value=0.5)
    with pytest.raises(importing.ImportRefused):
        importing.commit_batch(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.error_count) == (ImportStatus.INVALID, 1)
    assert IndicatorValue.objects.count() == 0


def test_the_same_file_committed_before_is_pointed_out(tmp_path, idhm):
    path = write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n")
    first, _ = importing.import_file(path, commit=True)
    again, _ = importing.import_file(path)
    assert importing.already_committed(again) == first
    assert importing.already_committed(first) is None


def test_the_sample_shows_the_first_values_with_municipality_names(tmp_path, idhm):
    batch, _ = importing.import_file(
        write(tmp_path, "a.csv", "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n")
    )
    assert importing.sample_values(batch) == [
        {
            "indicator": "idhm",
            "ibge": CAMPO_GRANDE,
            "period": 2010,
            "value": 0.7,
            "municipality": "Campo Grande",
        }
    ]


def test_the_file_is_stored_under_a_random_name_with_its_checksum(tmp_path, idhm):
    import hashlib

    text = "ibge,indicator,period,value\n5002704,idhm,2010,0.7\n"
    batch, _ = importing.import_file(write(tmp_path, "valores.csv", text))
    assert batch.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert batch.file.name.startswith("indicators/imports/")
    assert "valores" not in batch.file.name
    assert ImportBatch.objects.get().file_name == "valores.csv"
