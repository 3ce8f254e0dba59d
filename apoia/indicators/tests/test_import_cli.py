"""`apoia import_indicators FILE [--commit] [--layout long|wide]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apoia.indicators.models import ImportBatch, ImportStatus, Indicator, IndicatorValue
from apoia.territory.models import Municipality


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def idhm(state_ms):
    Municipality.objects.create(ibge=5002704, name="Campo Grande", state=state_ms)
    Municipality.objects.create(ibge=5003702, name="Dourados", state=state_ms)
    return Indicator.objects.create(
        code="idhm", name="IDHM", direction="higher_better", min_value=0, max_value=1
    )


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_indicators", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_without_commit_it_previews_and_writes_nothing(tmp_path, idhm):
    path = tmp_path / "v.csv"
    path.write_text("ibge,indicator,period,value\n5002704,idhm,2010,0.784\n")
    out, err = run(path)
    batch = ImportBatch.objects.get()
    assert out.splitlines() == [
        f"Importação nº {batch.pk}: v.csv (formato long, SHA-256 {batch.sha256})",
        "Valores lidos: 1; válidos: 1; erros: 0.",
        "Nada foi gravado: use --commit para importar.",
    ]
    assert err.endswith("[##############################] 100%\n")
    assert batch.status == ImportStatus.PREVIEWED
    assert IndicatorValue.objects.count() == 0


def test_with_commit_it_writes_the_values_and_draws_a_progress_bar(tmp_path, idhm):
    path = tmp_path / "v.csv"
    path.write_text("ibge,indicator,period,value\n5002704,idhm,2010,0.784\n5003702,idhm,2010,0.7\n")
    out, err = run(path, "--commit")
    assert out.splitlines()[-1] == "Importado: 2 valores (2 novos, 0 substituídos)."
    assert "\r[###############...............]  50%" in err
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED
    assert sorted(IndicatorValue.objects.values_list("municipality_id", "value")) == [
        (5002704, 0.784),
        (5003702, 0.7),
    ]


def test_an_invalid_file_prints_the_errors_and_exits_with_1(tmp_path, idhm):
    path = tmp_path / "v.csv"
    path.write_text("ibge,indicator,period,value\n5002704,idhm,2010,1.7\n9,idhm,2010,0.5\n")
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_indicators", str(path), "--commit", stdout=out, stderr=StringIO())
    assert failure.value.returncode == 1
    assert str(failure.value) == "O arquivo tem 2 erro(s); nada foi importado."
    assert out.getvalue().splitlines()[1:] == [
        "Valores lidos: 2; válidos: 0; erros: 2.",
        "  linha 2, coluna value: Valor 1.7 fora do intervalo aceito para idhm (0 a 1).",
        "  linha 3, coluna ibge: Código de município desconhecido: “9”.",
    ]
    assert IndicatorValue.objects.count() == 0


def test_the_layout_can_be_forced(tmp_path, idhm):
    path = tmp_path / "v.csv"
    path.write_text("ibge,indicator,2010\n5002704,idhm,0.784\n")
    with pytest.raises(CommandError):
        run(path, "--layout", "long")
    assert [(e["column"], e["code"]) for e in ImportBatch.objects.get().errors] == [
        ("period", "missing_column"),
        ("value", "missing_column"),
    ]
    run(path, "--layout", "wide")
    assert ImportBatch.objects.latest("pk").status == ImportStatus.PREVIEWED


def test_a_missing_file_is_an_error(tmp_path, db):
    with pytest.raises(CommandError) as failure:
        run(tmp_path / "nada.csv")
    assert str(failure.value) == f"Arquivo não encontrado: {tmp_path / 'nada.csv'}"
