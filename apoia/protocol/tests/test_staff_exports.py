"""CSV and XLSX exports of the queue: the same filtered list, every row, identities guarded."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apoia.accounts.models import OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.catalog.models import Service
from apoia.protocol import services

QUEUE = reverse("protocol:queue")
HEADER = [
    "Protocolo",
    "Recebido em",
    "Serviço",
    "Opção",
    "Situação",
    "Prazo de resposta",
    "Prazo original",
    "Situação do prazo",
    "Prazo prorrogado",
    "Unidade",
    "Técnico responsável",
    "Município",
    "UF",
    "Anônimo",
    "Organização",
    "CNPJ da organização",
    "Demandante",
    "E-mail do demandante",
    "CPF ou CNPJ",
    "Telefone",
    "Concluído em",
    "Avaliação",
    "Canal",
]
REQUESTER_COLUMNS = slice(14, 20)  # Organização … Telefone


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def late_and_new(submit):
    late = submit(
        received_at=timezone.now() - dt.timedelta(days=60), description="Pedido antigo, atrasado."
    )
    new = submit(description="Pedido novo, no prazo.")
    return late, new


@pytest.fixture
def complaint(seeds):
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no CRAS demorou três horas.",
        requester=services.RequesterData(
            name="Rogério Reclamante", email="rogerio@example.org", document="529.982.247-25"
        ),
    )


@pytest.fixture
def ombudsman_coordinator(seeds):
    user = User.objects.create_user(
        email="celia@apoia.test", password="senha-de-teste-1", full_name="Célia Campos"
    )
    ensure_membership(user, Role.COORDINATOR, org_unit=OrgUnit.objects.get(slug="ms-ouvidoria"))
    return user


def test_the_csv_holds_exactly_the_filtered_rows(seeds, late_and_new, coordinator, sign_in):
    late, _new = late_and_new

    response = sign_in(coordinator).get(QUEUE, {"prazo": "late", "formato": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="pedidos-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [late.protocol]
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["Situação"] == "Recebido"
    assert row["Prazo de resposta"] == f"{late.due_date:%d/%m/%Y}"
    assert row["Situação do prazo"] == "Atrasado"
    assert row["Unidade"] == "Subsecretaria de Políticas Públicas para Assuntos Comunitários"
    assert row["Município"] == "Campo Grande"
    assert row["Demandante"] == "Maria da Silva"
    assert row["E-mail do demandante"] == "maria@example.org"
    assert row["Organização"] == "Associação do Bairro Teste"


def test_the_export_has_every_row_not_just_the_page(seeds, submit, coordinator, sign_in):
    for n in range(27):
        submit(description=f"Pedido número {n:02d} da fila.")

    response = sign_in(coordinator).get(QUEUE, {"formato": "csv", "page": 2})

    assert len(csv_rows(response)) == 1 + 27


def test_the_xlsx_holds_the_filtered_rows_with_real_dates(
    seeds, late_and_new, coordinator, sign_in
):
    late, new = late_and_new

    response = sign_in(coordinator).get(QUEUE, {"formato": "xlsx", "ordem": "recebido"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = xlsx_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [late.protocol, new.protocol]
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["Prazo de resposta"] == dt.datetime.combine(late.due_date, dt.time.min)
    assert first["Recebido em"] == timezone.localtime(late.received_at).replace(
        tzinfo=None, microsecond=0
    )
    assert first["Situação do prazo"] == "Atrasado"
    assert first["Concluído em"] is None


def test_the_xlsx_follows_the_filters_too(seeds, late_and_new, coordinator, sign_in):
    _late, new = late_and_new

    response = sign_in(coordinator).get(QUEUE, {"formato": "xlsx", "prazo": "on_time"})

    assert [row[0] for row in xlsx_rows(response)[1:]] == [new.protocol]


def test_text_that_looks_like_a_formula_stays_text(seeds, submit, coordinator, sign_in):
    submit(
        requester=services.RequesterData(
            name='=HYPERLINK("http://x")', email="f@example.org", document="529.982.247-25"
        )
    )
    client = sign_in(coordinator)

    csv_row = dict(zip(HEADER, csv_rows(client.get(QUEUE, {"formato": "csv"}))[1], strict=True))
    sheet = load_workbook(io.BytesIO(client.get(QUEUE, {"formato": "xlsx"}).content)).active

    assert csv_row["Demandante"] == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=17).data_type == "s"
    assert sheet.cell(row=2, column=17).value == '=HYPERLINK("http://x")'


def test_an_ombudsman_requester_is_blank_in_a_coordinators_exports(
    seeds, complaint, ombudsman_coordinator, sign_in
):
    client = sign_in(ombudsman_coordinator)

    csv_row = csv_rows(client.get(QUEUE, {"formato": "csv"}))[1]
    xlsx_row = xlsx_rows(client.get(QUEUE, {"formato": "xlsx"}))[1]

    assert csv_row[0] == complaint.protocol
    assert csv_row[REQUESTER_COLUMNS] == ["", "", "", "", "", ""]
    assert xlsx_row[REQUESTER_COLUMNS] == [None, None, None, None, None, None]
    assert "Rogério" not in client.get(QUEUE, {"formato": "csv"}).content.decode()


def test_the_ombudsman_sees_the_requester_in_exports(seeds, complaint, ombudsman, sign_in):
    csv_row = csv_rows(sign_in(ombudsman).get(QUEUE, {"formato": "csv"}))[1]

    assert csv_row[REQUESTER_COLUMNS] == [
        "",
        "",
        "Rogério Reclamante",
        "rogerio@example.org",
        "529.982.247-25",
        "",
    ]
