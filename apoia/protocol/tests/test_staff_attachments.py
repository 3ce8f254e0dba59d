"""The permission-checked attachment download (/protocolo/<n>/anexos/<id>/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apoia.protocol import services

PDF = b"%PDF-1.4\n% oficio de teste\n"


def download_url(attachment) -> str:
    return reverse("protocol:attachment", args=[attachment.request.protocol_slug, attachment.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def with_file(submit):
    """A request filed with "Ofício nº 12.pdf"; returns its attachment."""
    req = submit(attachments=[SimpleUploadedFile("Ofício nº 12.pdf", PDF, "text/plain")])
    return req.attachments.get()


@pytest.fixture
def internal_file(with_file, coordinator):
    event = services.post_message(
        with_file.request,
        text="Parecer interno.",
        by=coordinator,
        internal=True,
        attachments=[SimpleUploadedFile("parecer.pdf", PDF, "application/pdf")],
    )
    return event.attachments.get()


def test_staff_get_the_bytes_with_the_original_name_and_sniffed_type(
    seeds, with_file, coordinator, sign_in
):
    response = sign_in(coordinator).get(download_url(with_file))

    assert response.status_code == 200
    assert body(response) == PDF
    # Sniffed from the content, not the "text/plain" the browser claimed.
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Of%C3%ADcio%20n%C2%BA%2012.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_detail_page_links_to_the_download(seeds, with_file, coordinator, sign_in):
    html = sign_in(coordinator).get(with_file.request.get_absolute_url()).content.decode()

    assert f'href="{download_url(with_file)}"' in html
    assert "Ofício nº 12.pdf" in html


def test_an_unrelated_user_gets_a_404(seeds, with_file, other_organization_user, sign_in):
    assert sign_in(other_organization_user).get(download_url(with_file)).status_code == 404


def test_an_anonymous_visitor_gets_a_404(seeds, with_file, client):
    assert client.get(download_url(with_file)).status_code == 404


def test_the_id_must_belong_to_that_protocol(seeds, with_file, submit, coordinator, sign_in):
    other = submit()

    response = sign_in(coordinator).get(
        reverse("protocol:attachment", args=[other.protocol_slug, with_file.pk])
    )

    assert response.status_code == 404


def test_internal_files_are_for_staff_only(seeds, submit, organization_user, coordinator, sign_in):
    req = submit(by=organization_user, requester=None, organization=None)
    event = services.post_message(
        req,
        text="Parecer interno.",
        by=coordinator,
        internal=True,
        attachments=[SimpleUploadedFile("parecer.pdf", PDF, "application/pdf")],
    )
    internal = event.attachments.get()

    assert sign_in(organization_user).get(download_url(internal)).status_code == 404
    assert body(sign_in(coordinator).get(download_url(internal))) == PDF


def test_a_requester_who_tracked_the_request_in_this_session_may_download(
    seeds, with_file, internal_file, client
):
    session = client.session
    session["tracked_requests"] = [with_file.request.protocol]
    session.save()

    response = client.get(download_url(with_file))

    assert response.status_code == 200
    assert body(response) == PDF
    assert client.get(download_url(internal_file)).status_code == 404
