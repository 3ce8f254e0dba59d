"""POST /api/v1/indicators/imports, …/{id}/commit, …/{id}/rollback and GET …/{id}."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.tests.factories import bearer
from apoia.indicators.models import ImportBatch, ImportStatus, Indicator, IndicatorValue
from apoia.territory.models import Municipality

URL = "/api/v1/indicators/imports"
GOOD = b"ibge,indicator,period,value\n5002704,idhm,2010,0.784\n5003702,idhm,2010,0.7\n"


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


def upload(client, headers, content=GOOD, name="v.csv", **data):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data}, **headers)


def test_an_admin_uploads_a_file_and_gets_the_preview(client, admin_user, idhm):
    response = upload(client, bearer(admin_user))
    assert response.status_code == 201
    body = response.json()
    batch = ImportBatch.objects.get()
    assert {k: body[k] for k in ["id", "file_name", "layout", "status", "rows_total"]} == {
        "id": batch.pk,
        "file_name": "v.csv",
        "layout": "long",
        "status": "previewed",
        "rows_total": 2,
    }
    assert (body["rows_valid"], body["error_count"], body["errors"]) == (2, 0, [])
    assert (body["sha256"], body["same_file_batch"]) == (batch.sha256, None)
    assert batch.uploaded_by == admin_user
    assert IndicatorValue.objects.count() == 0


def test_the_errors_come_back_by_row_and_column(client, admin_user, idhm):
    response = upload(
        client, bearer(admin_user), b"ibge,indicator,period,value\n5002704,idhm,2010,abc\n"
    )
    body = response.json()
    assert (response.status_code, body["status"], body["error_count"]) == (201, "invalid", 1)
    assert body["errors"] == [
        {
            "row": 2,
            "column": "value",
            "code": "not_numeric",
            "message": "Valor não numérico: “abc”.",
        }
    ]


def test_commit_then_rollback_through_the_api(client, admin_user, idhm):
    headers = bearer(admin_user)
    batch_id = upload(client, headers).json()["id"]
    response = client.post(f"{URL}/{batch_id}/commit", **headers)
    assert (response.status_code, response.json()["status"]) == (200, "committed")
    assert sorted(IndicatorValue.objects.values_list("municipality_id", "value")) == [
        (5002704, 0.784),
        (5003702, 0.7),
    ]
    response = client.get(f"{URL}/{batch_id}", **headers)
    assert response.json()["committed_at"] is not None
    response = client.post(f"{URL}/{batch_id}/rollback", **headers)
    assert (response.status_code, response.json()["status"]) == (200, "rolled_back")
    assert IndicatorValue.objects.count() == 0


def test_an_invalid_file_cannot_be_committed(client, admin_user, idhm):
    headers = bearer(admin_user)
    batch_id = upload(client, headers, b"ibge,indicator,period,value\n1,idhm,2010,0.5\n").json()[
        "id"
    ]
    response = client.post(f"{URL}/{batch_id}/commit", **headers)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Só é possível importar um arquivo pré-visualizado e sem erros."
    }
    assert IndicatorValue.objects.count() == 0


def test_a_rollback_blocked_by_a_later_import_answers_409(client, admin_user, idhm):
    headers = bearer(admin_user)
    first = upload(client, headers).json()["id"]
    client.post(f"{URL}/{first}/commit", **headers)
    second = upload(
        client, headers, b"ibge,indicator,period,value\n5002704,idhm,2010,0.8\n", "w.csv"
    ).json()["id"]
    client.post(f"{URL}/{second}/commit", **headers)
    response = client.post(f"{URL}/{first}/rollback", **headers)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Não é possível desfazer: a importação nº {second} (w.csv), feita depois, "
        "alterou valores desta. Desfaça-a primeiro."
    )


def test_a_non_admin_token_gets_403_and_nothing_is_stored(client, technician, idhm):
    response = upload(client, bearer(technician))
    assert response.status_code == 403
    assert response.json() == {"detail": "Apenas administradores podem importar indicadores."}
    assert ImportBatch.objects.count() == 0


def test_a_non_admin_cannot_commit_an_admins_upload(client, admin_user, technician, idhm):
    batch_id = upload(client, bearer(admin_user)).json()["id"]
    response = client.post(f"{URL}/{batch_id}/commit", **bearer(technician))
    assert response.status_code == 403
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_without_a_token_the_answer_is_401(client, idhm):
    response = client.post(URL, {"file": SimpleUploadedFile("v.csv", GOOD)})
    assert response.status_code == 401


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(client, admin_user, idhm):
    response = upload(client, bearer(admin_user), b"\x00\x01\x02binary", "x.csv")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "O arquivo não é um CSV nem uma planilha XLSX."}
    ]


def test_an_unknown_batch_answers_404(client, admin_user, idhm):
    assert client.get(f"{URL}/999", **bearer(admin_user)).status_code == 404
