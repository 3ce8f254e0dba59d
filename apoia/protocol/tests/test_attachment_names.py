"""Stored and downloaded attachment names carry the extension of the type read from the bytes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apoia.protocol.files import download_name

PDF = b"%PDF-1.4\n% oficio de teste\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_pdf_uploaded_as_png_is_stored_as_pdf_and_served_as_pdf(
    seeds, submit, coordinator, sign_in
):
    req = submit(attachments=[SimpleUploadedFile("x.png", PDF, "image/png")])
    attachment = req.attachments.get()

    assert re.fullmatch(r"protocol/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name == "x.png"
    response = sign_in(coordinator).get(
        reverse("protocol:attachment", args=[req.protocol_slug, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'


@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("x.png", "application/pdf", "x.pdf"),
        ("Ofício.PDF", "application/pdf", "Ofício.PDF"),
        ("foto.jpeg", "image/jpeg", "foto.jpeg"),
        ("foto.pdf", "image/jpeg", "foto.jpg"),
        ("relatorio", "application/pdf", "relatorio.pdf"),
        (".pdf", "image/png", ".pdf.png"),
    ],
)
def test_the_download_name_keeps_the_senders_name_with_the_sniffed_extension(
    original, content_type, expected
):
    assert download_name(original, content_type) == expected
