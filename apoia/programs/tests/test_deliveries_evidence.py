"""Evidence: files typed by their bytes with their SHA-256, SEI numbers and links checked,
versions that never replace each other, and the permission-checked download."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apoia.accounts.tests.factories import bearer
from apoia.programs.models import DeliveryStatus, Evidence, ImmutableEvidence
from apoia.programs.services import deliveries as services
from apoia.programs.tests.delivery_helpers import (
    PDF,
    PNG,
    SEI,
    delivery_world,
    fill_and_submit,
    pdf,
    png,
)
from apoia.programs.tests.plan_helpers import at

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2024, 8, 12)


@pytest.fixture
def dw(state_ms, community_unit, coordinator, municipal_user):
    return delivery_world(state_ms, community_unit, coordinator, municipal_user)


def messages_of(exc, field):
    return exc.value.message_dict[field]


def test_a_photo_is_stored_under_a_random_name_with_the_sha256_of_its_bytes(dw, municipal_user):
    with at(MONDAY):
        row = services.send_evidence(
            dw.delivery, kind="photo", file=png("reuniao com prefeito.png"), by=municipal_user
        )
    assert (row.version, row.content_type, row.size, row.sha256, row.original_name) == (
        1,
        "image/png",
        len(PNG),
        hashlib.sha256(PNG).hexdigest(),
        "reuniao com prefeito.png",
    )
    assert row.file.name.startswith("programs/evidence/")
    assert row.file.name.endswith(".png")
    assert "reuniao" not in row.file.name


def test_sending_the_same_type_again_adds_version_two_and_keeps_version_one(dw, municipal_user):
    with at(MONDAY):
        first = services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
        second = services.send_evidence(
            dw.delivery, kind="photo", file=png("outra.png"), by=municipal_user
        )
    assert list(
        Evidence.objects.filter(delivery=dw.delivery)
        .order_by("version")
        .values_list("pk", "version")
    ) == [(first.pk, 1), (second.pk, 2)]


def test_stored_evidence_can_be_neither_changed_nor_deleted(dw, municipal_user):
    with at(MONDAY):
        row = services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
    row.title = "Trocada"
    with pytest.raises(ImmutableEvidence):
        row.save()
    with pytest.raises(ImmutableEvidence):
        row.delete()
    assert Evidence.objects.get(pk=row.pk).title == "foto.png"


def test_a_pdf_is_not_a_photo(dw, municipal_user):
    with at(MONDAY), pytest.raises(ValidationError) as exc:
        services.send_evidence(dw.delivery, kind="photo", file=pdf(), by=municipal_user)
    assert messages_of(exc, "file") == ["Uma foto deve ser uma imagem (PNG, JPEG, GIF ou WEBP)."]


def test_a_file_whose_bytes_are_no_accepted_type_is_refused_whatever_its_name(dw, municipal_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with at(MONDAY), pytest.raises(ValidationError) as exc:
        services.send_evidence(dw.delivery, kind="photo", file=fake, by=municipal_user)
    assert messages_of(exc, "file") == [
        "foto.png não é um tipo aceito (PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP)."
    ]


@pytest.mark.parametrize("value", ["123-2024", "12345.123456/24-12", "abc/2024", "1/2"])
def test_a_process_number_must_have_the_sei_or_an_offices_format(dw, municipal_user, value):
    with at(MONDAY), pytest.raises(ValidationError) as exc:
        services.send_evidence(dw.delivery, kind="process_number", value=value, by=municipal_user)
    assert messages_of(exc, "value") == [
        "Número de processo inválido: use o formato do SEI, NNNNN.NNNNNN/AAAA-DD "
        "(por exemplo, 12345.123456/2024-12), ou o número do órgão seguido do ano (por "
        "exemplo, 1.234/2024)."
    ]


@pytest.mark.parametrize("value", ["1.234/2024", "00123-4/2023", "4567/2025-8", "123/2024"])
def test_an_offices_own_process_number_is_taken(dw, municipal_user, value):
    with at(MONDAY):
        row = services.send_evidence(
            dw.delivery, kind="process_number", value=value, by=municipal_user
        )
    assert (row.kind, row.value) == ("process_number", value)


def test_a_sei_number_is_stored_as_the_value_and_the_title(dw, municipal_user):
    with at(MONDAY):
        row = services.send_evidence(
            dw.delivery, kind="process_number", value=f" {SEI} ", by=municipal_user
        )
    assert (row.value, row.title, row.sha256, bool(row.file)) == (SEI, SEI, "", False)


def test_a_type_the_delivery_does_not_ask_for_is_refused(dw, municipal_user):
    with at(MONDAY), pytest.raises(ValidationError) as exc:
        services.send_evidence(
            dw.delivery, kind="link", value="https://exemplo.ms.gov.br", by=municipal_user
        )
    assert messages_of(exc, "kind") == [
        "Esta entrega não pede “Link”; envie um de: Foto, Número de processo (SEI ou outro)."
    ]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("https://www.campogrande.ms.gov.br/ata.pdf", True),
        ("http://exemplo.ms.gov.br", True),
        ("ftp://exemplo.ms.gov.br/ata.pdf", False),
        ("javascript:alert(1)", False),
        ("www.exemplo.ms.gov.br", False),
    ],
)
def test_a_link_must_be_an_http_or_https_address(
    state_ms, community_unit, coordinator, municipal_user, value, accepted
):
    dw = delivery_world(state_ms, community_unit, coordinator, municipal_user, evidence=("link",))
    with at(MONDAY):
        try:
            services.send_evidence(dw.delivery, kind="link", value=value, by=municipal_user)
            outcome = True
        except ValidationError as exc:
            assert exc.message_dict["value"] == [
                "Link inválido: informe um endereço completo, começando por https://."
            ]
            outcome = False
    assert outcome is accepted


def test_a_submitted_delivery_takes_no_new_evidence(dw, municipal_user):
    fill_and_submit(dw.delivery, municipal_user)
    with at(MONDAY), pytest.raises(services.DeliveryTransitionError) as exc:
        services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
    assert exc.value.message == (
        "Esta entrega está “Enviada para validação”: não recebe novas evidências."
    )


def test_a_technician_does_not_send_the_municipalitys_evidence(dw, technician):
    with at(MONDAY), pytest.raises(PermissionDenied):
        services.send_evidence(dw.delivery, kind="photo", file=png(), by=technician)


def test_the_download_serves_bytes_whose_hash_is_the_stored_sha256(
    client, sign_in, dw, municipal_user, technician
):
    with at(MONDAY):
        row = services.send_evidence(
            dw.delivery, kind="photo", file=png("foto da oficina.png"), by=municipal_user
        )
    url = reverse("programs:delivery_evidence", args=[dw.delivery.pk, row.pk])
    response = sign_in(technician).get(url)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert hashlib.sha256(body).hexdigest() == row.sha256
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        "no-store" in response["Cache-Control"],
    ) == ("image/png", 'attachment; filename="foto da oficina.png"', True)


def test_the_api_download_serves_the_same_bytes(client, dw, municipal_user):
    with at(MONDAY):
        row = services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
    response = client.get(
        f"/api/v1/deliveries/{dw.delivery.pk}/evidence/{row.pk}/file", **bearer(municipal_user)
    )
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == row.sha256


def test_another_municipalitys_focal_point_neither_reads_nor_downloads_the_evidence(
    client, sign_in, dw, municipal_user
):
    with at(MONDAY):
        row = services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
    browser = sign_in(dw.bruna)
    page = browser.get(reverse("programs:delivery", args=[dw.delivery.pk]))
    download = browser.get(reverse("programs:delivery_evidence", args=[dw.delivery.pk, row.pk]))
    api = client.get(f"/api/v1/deliveries/{dw.delivery.pk}", **bearer(dw.bruna))
    api_file = client.get(
        f"/api/v1/deliveries/{dw.delivery.pk}/evidence/{row.pk}/file", **bearer(dw.bruna)
    )
    assert (page.status_code, download.status_code, api.status_code, api_file.status_code) == (
        404,
        404,
        404,
        404,
    )


def test_another_municipalitys_focal_point_cannot_upload_evidence_web_or_api(client, sign_in, dw):
    web = sign_in(dw.bruna).post(
        reverse("programs:delivery_evidence_send", args=[dw.delivery.pk]),
        {"kind": "photo", "file": png()},
    )
    api = client.post(
        f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
        {"kind": "photo", "file": png()},
        **bearer(dw.bruna),
    )
    assert (web.status_code, api.status_code) == (404, 404)
    assert Evidence.objects.count() == 0


def test_the_focal_point_sends_a_file_from_the_delivery_page(client, sign_in, dw, municipal_user):
    with at(MONDAY):
        response = sign_in(municipal_user).post(
            reverse("programs:delivery_evidence_send", args=[dw.delivery.pk]),
            {"kind": "photo", "file": png(), "title": "Oficina de 12/08"},
        )
    row = Evidence.objects.get()
    assert response.status_code == 302
    assert (row.kind, row.title, row.version, row.sent_by) == (
        "photo",
        "Oficina de 12/08",
        1,
        municipal_user,
    )


def test_a_bad_sei_number_on_the_page_is_a_form_error_and_nothing_is_saved(
    client, sign_in, dw, municipal_user
):
    with at(MONDAY):
        response = sign_in(municipal_user).post(
            reverse("programs:delivery_evidence_send", args=[dw.delivery.pk]),
            {"kind": "process_number", "value": "abc"},
        )
    assert response.status_code == 422
    assert "Número de processo inválido" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_the_api_takes_a_multipart_file_and_answers_its_version_and_hash(
    client, dw, municipal_user
):
    with at(MONDAY):
        response = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
            {"kind": "photo", "file": png(), "title": "Oficina"},
            **bearer(municipal_user),
        )
    row = Evidence.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": row.pk,
        "kind": "photo",
        "version": 1,
        "title": "Oficina",
        "value": "",
        "original_name": "foto.png",
        "content_type": "image/png",
        "size": len(PNG),
        "sha256": hashlib.sha256(PNG).hexdigest(),
        "sent_by": "Mário Mendes",
        "sent_at": "2024-08-12T14:00:00Z",
        "download": f"/api/v1/deliveries/{dw.delivery.pk}/evidence/{row.pk}/file",
    }


def test_the_api_takes_a_sei_number_as_json_under_the_kind_sei(client, dw, municipal_user):
    with at(MONDAY):
        response = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
            {"kind": "sei", "value": SEI},
            content_type="application/json",
            **bearer(municipal_user),
        )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["value"]) == ("process_number", SEI)


def test_the_api_names_the_field_of_a_bad_sei_number(client, dw, municipal_user):
    with at(MONDAY):
        response = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
            {"kind": "sei", "value": "1/2"},
            content_type="application/json",
            **bearer(municipal_user),
        )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["value"]


def test_the_api_answers_409_to_evidence_for_a_validated_delivery(
    client, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    with at(MONDAY):
        services.review_delivery(dw.delivery, decision="validate", by=technician)
        response = client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
            {"kind": "photo", "file": png()},
            **bearer(municipal_user),
        )
    assert response.status_code == 409
    dw.delivery.refresh_from_db()
    assert dw.delivery.status == DeliveryStatus.VALIDATED


def test_a_pdf_document_keeps_its_bytes(state_ms, community_unit, coordinator, municipal_user):
    dw = delivery_world(
        state_ms, community_unit, coordinator, municipal_user, evidence=("document",)
    )
    with at(MONDAY):
        row = services.send_evidence(dw.delivery, kind="document", file=pdf(), by=municipal_user)
    with row.file.open("rb") as stored:
        assert stored.read() == PDF


def test_the_admin_shows_evidence_but_neither_changes_nor_deletes_it(
    client, dw, municipal_user, admin_user
):
    with at(MONDAY):
        row = services.send_evidence(dw.delivery, kind="photo", file=png(), by=municipal_user)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:programs_evidence_changelist"))
    change = client.post(
        reverse("admin:programs_evidence_change", args=[row.pk]), {"title": "Trocada"}
    )
    delete = client.post(reverse("admin:programs_evidence_delete", args=[row.pk]), {"post": "yes"})
    add = client.get(reverse("admin:programs_evidence_add"))
    assert (listing.status_code, change.status_code, delete.status_code, add.status_code) == (
        200,
        403,
        403,
        403,
    )
    assert Evidence.objects.get(pk=row.pk).title == "foto.png"
