"""The import pages: upload, preview, progress, commit and roll back — admins only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apoia.indicators import importing, tasks
from apoia.indicators.models import ImportBatch, ImportStatus, Indicator, IndicatorValue
from apoia.territory.models import Municipality

GOOD = b"ibge,indicator,period,value\n5002704,idhm,2010,0.784\n5003702,idhm,2010,0.7\n"
BAD = b"ibge,indicator,period,value\n5002704,idhm,2010,0.784\n5002704,idhm,2010,0.8\n"


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


def send(client, content=GOOD, name="valores.csv"):
    return client.post(
        reverse("indicators:import_new"), {"file": SimpleUploadedFile(name, content)}
    )


def test_anonymous_people_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("indicators:imports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_other_roles_are_forbidden(sign_in, technician, idhm):
    client = sign_in(technician)
    assert client.get(reverse("indicators:imports")).status_code == 403
    assert send(client).status_code == 403
    assert ImportBatch.objects.count() == 0


def test_the_list_shows_every_batch_with_who_file_checksum_status_and_counts(
    admin_client, admin_user, idhm
):
    send(admin_client)
    batch = ImportBatch.objects.get()
    response = admin_client.get(reverse("indicators:imports"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    for text in [
        "valores.csv",
        "Ana Andrade",
        "Pré-visualizado",
        batch.sha256[:12],
        reverse("indicators:import_detail", args=[batch.pk]),
    ]:
        assert text in row


def test_a_valid_upload_shows_the_sample_and_the_confirm_button(admin_client, idhm):
    response = send(admin_client)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("indicators:import_detail", args=[batch.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert "Confirmar importação" in page
    assert "Campo Grande (5002704)" in page
    assert "hx-trigger" not in page
    assert IndicatorValue.objects.count() == 0


def test_an_invalid_upload_shows_the_error_table_and_no_confirm_button(admin_client, idhm):
    page = admin_client.get(send(admin_client, BAD)["Location"]).content.decode()
    assert "<td>3</td><td>value</td><td>Valor repetido: idhm, município 5002704" in page
    assert "Confirmar importação" not in page
    assert ImportBatch.objects.get().status == ImportStatus.INVALID


def test_confirming_writes_the_values_and_offers_to_undo(admin_client, admin_user, idhm):
    send(admin_client)
    batch = ImportBatch.objects.get()
    response = admin_client.post(reverse("indicators:import_commit", args=[batch.pk]), follow=True)
    page = response.content.decode()
    assert "Importação concluída: 2 valores gravados." in page
    assert ">Desfazer</button>" in page
    assert IndicatorValue.objects.filter(batch=batch).count() == 2
    batch.refresh_from_db()
    assert batch.committed_by == admin_user


def test_undo_restores_the_previous_state(admin_client, admin_user, idhm):
    send(admin_client)
    batch = ImportBatch.objects.get()
    admin_client.post(reverse("indicators:import_commit", args=[batch.pk]))
    response = admin_client.post(
        reverse("indicators:import_rollback", args=[batch.pk]), follow=True
    )
    assert "Importação desfeita: os valores anteriores voltaram." in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.rolled_back_by) == (ImportStatus.ROLLED_BACK, admin_user)
    assert IndicatorValue.objects.count() == 0


def test_undo_is_refused_with_a_message_when_a_later_import_changed_the_values(admin_client, idhm):
    send(admin_client)
    first = ImportBatch.objects.get()
    admin_client.post(reverse("indicators:import_commit", args=[first.pk]))
    send(admin_client, b"ibge,indicator,period,value\n5002704,idhm,2010,0.8\n", "nova.csv")
    second = ImportBatch.objects.latest("pk")
    admin_client.post(reverse("indicators:import_commit", args=[second.pk]))
    detail = admin_client.get(reverse("indicators:import_detail", args=[first.pk]))
    assert f"desfaça antes a importação nº {second.pk}" in detail.content.decode()
    response = admin_client.post(
        reverse("indicators:import_rollback", args=[first.pk]), follow=True
    )
    assert (
        f"a importação nº {second.pk} (nova.csv), feita depois, alterou valores desta"
        in response.content.decode()
    )
    first.refresh_from_db()
    assert first.status == ImportStatus.COMMITTED


def test_the_same_file_already_imported_is_warned_in_the_preview(admin_client, idhm):
    send(admin_client)
    first = ImportBatch.objects.get()
    admin_client.post(reverse("indicators:import_commit", args=[first.pk]))
    page = admin_client.get(send(admin_client)["Location"]).content.decode()
    assert f"já foi importado na importação nº {first.pk}" in page


def test_a_big_file_is_worked_by_the_task_and_the_page_polls_until_it_settles(
    admin_client, idhm, settings
):
    settings.APOIA_IMPORT_BACKGROUND_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send(admin_client)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PENDING
    progress_url = reverse("indicators:import_progress", args=[batch.pk])
    page = admin_client.get(reverse("indicators:import_detail", args=[batch.pk])).content.decode()
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert '<progress id="import-progress" class="indicators-progress" max="100" value="0">' in page

    tasks.preview_import.call(batch.pk)  # what the worker does
    partial = admin_client.get(progress_url).content.decode()
    assert "hx-trigger" not in partial
    assert "Confirmar importação" in partial


def test_with_the_in_process_backend_the_task_has_run_before_the_redirect(
    admin_client, idhm, settings, django_capture_on_commit_callbacks
):
    settings.APOIA_IMPORT_BACKGROUND_BYTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        send(admin_client)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.progress, batch.rows_valid) == (ImportStatus.PREVIEWED, 100, 2)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("indicators:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert IndicatorValue.objects.count() == 2


def test_a_queued_commit_shows_progress_instead_of_the_button(admin_client, idhm, settings):
    send(admin_client)
    batch = ImportBatch.objects.get()
    settings.APOIA_IMPORT_BACKGROUND_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    admin_client.post(reverse("indicators:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    page = admin_client.get(reverse("indicators:import_detail", args=[batch.pk])).content.decode()
    assert "Processando o arquivo…" in page
    assert "Confirmar importação" not in page
    importing.run_commit(batch)  # what the worker does
    assert IndicatorValue.objects.count() == 2


def test_an_upload_that_is_not_a_spreadsheet_is_refused_by_the_form(admin_client, idhm):
    response = send(admin_client, b"\x00\x00binary", "x.csv")
    assert response.status_code == 200
    assert "O arquivo não é um CSV nem uma planilha XLSX." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_batch_left_running_by_a_stopped_worker_can_be_marked_interrupted(admin_client, idhm):
    import datetime as dt

    from django.utils import timezone

    send(admin_client)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, running_since=timezone.now() - dt.timedelta(hours=1)
    )

    page = admin_client.get(reverse("indicators:import_detail", args=[batch.pk])).content.decode()
    assert "Marcar como interrompida" in page
    admin_client.post(reverse("indicators:import_abandon", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["message"].startswith("Interrompida: o processamento parou")
    assert IndicatorValue.objects.count() == 0


def test_a_batch_running_for_a_short_while_is_not_interrupted(admin_client, idhm):
    from django.utils import timezone

    send(admin_client)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, running_since=timezone.now()
    )

    response = admin_client.post(reverse("indicators:import_abandon", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    assert [str(m) for m in response.context["messages"]] == [
        "Esta importação não está parada; aguarde o fim do processamento."
    ]
