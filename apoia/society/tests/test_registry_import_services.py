"""CSV import of organizations: preview with row-level errors, all-or-nothing commit."""

import pytest
from django.core.exceptions import ValidationError

from apoia.accounts.models import Organization
from apoia.society import services_registry_import as si
from apoia.society.models.registry import AreaOfWork, ImportBatch
from apoia.territory.models import Municipality

pytestmark = pytest.mark.django_db

HEADER = "nome;tipo;cnpj;municipio_ibge;natureza_juridica;data_fundacao;areas\n"
GOOD = (
    "Coletivo Novo;Coletivo informal;11.222.333/0001-81;5002704;"
    "Associação privada;20/05/2001;Cultura\n"
)


@pytest.fixture
def cultura(db):
    return AreaOfWork.objects.create(slug="cultura", name="Cultura")


def _preview(user, text, name="org.csv"):
    return si.preview_import(by=user, file_name=name, content=text)


def test_a_good_file_is_previewed_with_its_counts(coordinator, campo_grande, cultura):
    batch = _preview(coordinator, HEADER + GOOD)
    assert (batch.status, batch.row_count, batch.created_count, batch.errors) == (
        "previewed",
        1,
        1,
        [],
    )


def test_preview_writes_nothing(coordinator, campo_grande, cultura):
    _preview(coordinator, HEADER + GOOD)
    assert not Organization.objects.filter(name="Coletivo Novo").exists()


def test_commit_creates_the_organization_with_its_record(coordinator, campo_grande, cultura):
    batch = si.commit_import(by=coordinator, batch=_preview(coordinator, HEADER + GOOD))
    org = Organization.objects.get(cnpj="11222333000181")
    assert (org.name, org.kind, str(org.record.founded_on)) == (
        "Coletivo Novo",
        "collective",
        "2001-05-20",
    )
    assert list(org.record.areas.values_list("slug", flat=True)) == ["cultura"]
    assert (batch.status, batch.created_count, batch.updated_count) == ("committed", 1, 0)


def test_a_row_with_a_known_cnpj_updates_that_organization(coordinator, organization):
    text = (
        f"nome,tipo,cnpj,municipio_ibge,email\nNome Atualizado,osc,{organization.cnpj},5002704,\n"
    )
    batch = si.commit_import(by=coordinator, batch=_preview(coordinator, text))
    organization.refresh_from_db()
    assert (organization.name, organization.kind) == ("Nome Atualizado", "osc")
    assert (batch.created_count, batch.updated_count) == (0, 1)


def test_a_row_without_cnpj_matches_by_name_and_municipality(coordinator, organization):
    text = (
        "nome;tipo;municipio_ibge;endereco\n"
        "associação de moradores do jardim teste;association;5002704;Rua A, 1\n"
    )
    si.commit_import(by=coordinator, batch=_preview(coordinator, text))
    organization.refresh_from_db()
    assert organization.record.address == "Rua A, 1"
    assert Organization.objects.count() == 1


def test_an_invalid_cnpj_is_a_row_error(coordinator, campo_grande):
    batch = _preview(coordinator, HEADER + "Coletivo;collective;11.222.333/0001-00;5002704;;;\n")
    assert batch.status == "invalid"
    assert batch.errors == [{"row": 2, "field": "cnpj", "message": "CNPJ inválido."}]


def test_a_duplicate_cnpj_in_the_file_is_an_error_on_the_second_row(
    coordinator, campo_grande, cultura
):
    batch = _preview(coordinator, HEADER + GOOD + GOOD.replace("Coletivo Novo", "Outro"))
    assert batch.errors == [{"row": 3, "field": "cnpj", "message": "CNPJ repetido (linha 2)."}]


def test_a_missing_required_column_is_named(coordinator):
    batch = _preview(coordinator, "nome;cnpj\nA;\n")
    assert batch.errors == [
        {"row": 1, "field": "tipo", "message": "Falta a coluna obrigatória “tipo”."},
        {
            "row": 1,
            "field": "municipio_ibge",
            "message": "Falta a coluna obrigatória “municipio_ibge”.",
        },
    ]


def test_an_empty_file_is_refused(coordinator):
    assert _preview(coordinator, b"").errors == [
        {"row": None, "field": "file", "message": "O arquivo está vazio."}
    ]


def test_more_than_5000_rows_are_refused(coordinator, campo_grande):
    text = "nome;tipo;municipio_ibge\n" + "".join(f"Org {n};osc;5002704\n" for n in range(5001))
    assert _preview(coordinator, text).errors == [
        {"row": None, "field": "file", "message": "O arquivo tem mais de 5.000 linhas."}
    ]


def test_a_municipality_of_another_state_is_a_row_error(coordinator, state_mt):
    Municipality.objects.create(ibge=5103403, name="Cuiabá", state=state_mt)
    batch = _preview(coordinator, "nome;tipo;municipio_ibge\nOrg;osc;5103403\n")
    assert batch.errors == [
        {
            "row": 2,
            "field": "municipio_ibge",
            "message": "Você não gerencia as organizações deste estado.",
        }
    ]


def test_unknown_kind_area_and_bad_date_are_row_errors(coordinator, campo_grande):
    batch = _preview(coordinator, HEADER + "Org;fantasia;;5002704;;31/02/2001;Pesca\n")
    assert [(e["row"], e["field"]) for e in batch.errors] == [
        (2, "tipo"),
        (2, "data_fundacao"),
        (2, "areas"),
    ]


def test_a_latin1_file_with_bom_free_header_is_read(coordinator, campo_grande):
    text = "nome;tipo;municipio_ibge;natureza_juridica\nAção Local;osc;5002704;Associação\n"
    si.commit_import(by=coordinator, batch=_preview(coordinator, text.encode("latin-1")))
    assert Organization.objects.get(name="Ação Local").record.legal_nature == "Associação"


def test_a_utf8_file_with_bom_is_read(coordinator, campo_grande):
    text = "\ufeffnome,tipo,municipio_ibge\nAção Local,Cooperativa,5002704\n"
    batch = _preview(coordinator, text.encode("utf-8"))
    assert (batch.status, batch.created_count) == ("previewed", 1)


def test_one_failing_row_at_commit_writes_nothing(coordinator, campo_grande, cultura):
    batch = _preview(coordinator, HEADER + GOOD + "Segunda;osc;;5002704;;;\n")
    AreaOfWork.objects.all().delete()  # the first row's area vanished since the preview
    with pytest.raises(ValidationError):
        si.commit_import(by=coordinator, batch=batch)
    assert not Organization.objects.filter(name__in=["Coletivo Novo", "Segunda"]).exists()


def test_a_batch_with_errors_cannot_be_committed(coordinator, campo_grande):
    batch = _preview(coordinator, HEADER + "Org;fantasia;;5002704;;;\n")
    with pytest.raises(ValidationError) as error:
        si.commit_import(by=coordinator, batch=batch)
    assert error.value.messages == ["Corrija os erros do arquivo e envie-o de novo."]


def test_a_committed_batch_cannot_be_committed_twice(coordinator, campo_grande, cultura):
    batch = si.commit_import(by=coordinator, batch=_preview(coordinator, HEADER + GOOD))
    with pytest.raises(ValidationError) as error:
        si.commit_import(by=coordinator, batch=batch)
    assert error.value.messages == ["Esta importação já foi feita."]
    assert Organization.objects.filter(name="Coletivo Novo").count() == 1


def test_a_representative_cannot_import(organization_user):
    with pytest.raises(ValidationError):
        _preview(organization_user, "nome;tipo;municipio_ibge\nOrg;osc;5002704\n")
    assert ImportBatch.objects.count() == 0


def test_a_row_reports_all_its_errors_at_once(coordinator, campo_grande):
    text = "nome;tipo;municipio_ibge;data_fundacao;email\nOrg;fantasia;5002704;2001-13-01;x@\n"
    assert [(e["row"], e["field"]) for e in _preview(coordinator, text).errors] == [
        (2, "tipo"),
        (2, "data_fundacao"),
        (2, "email"),
    ]


def test_rows_are_numbered_as_the_spreadsheet_shows_them(coordinator, campo_grande):
    text = 'nome;tipo;municipio_ibge\n"Linha\ndupla";osc;5002704\n\nOrg;fantasia;5002704\n'
    assert [e["row"] for e in _preview(coordinator, text).errors] == [4]


def test_a_binary_file_is_refused_as_not_csv(coordinator):
    assert _preview(coordinator, b"PK\x03\x04\x00\x00binary").errors == [
        {
            "row": None,
            "field": "file",
            "message": "O arquivo não é um CSV (texto separado por ; ou ,).",
        }
    ]


def test_a_municipality_code_without_7_digits_is_a_row_error(coordinator, campo_grande):
    batch = _preview(coordinator, "nome;tipo;municipio_ibge\nOrg;osc;99999999999999999999\n")
    assert batch.errors == [
        {
            "row": 2,
            "field": "municipio_ibge",
            "message": "Informe o código IBGE do município (7 dígitos).",
        }
    ]
