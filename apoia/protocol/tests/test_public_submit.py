"""The public submission form: servicos/<service>/solicitar/."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apoia.accounts.models import Organization
from apoia.catalog.models import Service
from apoia.protocol.models import Attachment, ProtocolSequence, ServiceRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def submit_url(slug="orientacao-associacoes-comunitarias"):
    return reverse("protocol:submit", args=[slug])


def form_data(service, **overrides):
    data = {
        "option": service.options.get(slug="formacao-capacitacao").pk,
        "name": "Maria da Silva",
        "email": "maria@example.org",
        "document": "529.982.247-25",
        "phone": "(67) 99999-0000",
        "organization_name": "Associação do Bairro Teste",
        "organization_cnpj": "11.222.333/0001-81",
        "municipality": 5002704,
        "description": "Pedimos uma formação para a diretoria da associação.",
        "suggested_dates": "10 a 14/03/2027",
        "suggested_agenda": "Manhã: estatuto; tarde: prestação de contas.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def nothing_was_saved():
    return (
        ServiceRequest.objects.count(),
        Organization.objects.count(),
        Attachment.objects.count(),
        ProtocolSequence.objects.count(),
    ) == (0, 0, 0, 0)


def test_the_form_shows_the_options_and_the_deadline_rule(client, community_service):
    response = client.get(submit_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "Formação/capacitação" in body
    assert "Apoio à regularização de OSC" in body
    assert "10 dias úteis, contados conforme a Lei nº 9.784/1999, art. 66." in body
    assert 'name="suggested_dates"' in body
    assert 'name="anonymous"' not in body


def test_a_public_submission_creates_one_request_with_the_calendar_due_date(
    wednesday_2026_03_18, client, community_service, mailoutbox, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("ofício da associação.pdf", PDF, content_type="text/plain")
    photo = SimpleUploadedFile("foto.png", PNG, content_type="application/octet-stream")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url(), {**form_data(community_service), "attachments": [upload, photo]}
        )

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("protocol:receipt", args=[req.protocol_slug])
    assert client.session["tracked_requests"] == [req.protocol]
    assert (req.requester_name, req.requester_email, req.requester_document) == (
        "Maria da Silva",
        "maria@example.org",
        "52998224725",
    )
    assert req.option.slug == "formacao-capacitacao"
    # Typed by someone who represents no organization: kept as text, linked to nothing.
    assert (req.organization, req.organization_name, req.organization_cnpj) == (
        None,
        "Associação do Bairro Teste",
        "11222333000181",
    )
    assert req.suggested_dates == "10 a 14/03/2027"
    assert req.channel == "web"
    assert req.unit.slug == "ms-sec-spp-comunitarios"
    # Received Wednesday 18 March 2026: the tenth business day after it.
    assert req.due_date == dt.date(2026, 4, 1)
    stored = {a.original_name: a for a in req.attachments.all()}
    assert sorted(stored) == ["foto.png", "ofício da associação.pdf"]
    assert stored["ofício da associação.pdf"].content_type == "application/pdf"
    assert stored["foto.png"].content_type == "image/png"
    for attachment in stored.values():
        assert "ofício" not in attachment.file.name
        assert "foto" not in attachment.file.name
        assert attachment.from_requester
    assert mailoutbox[0].to == ["maria@example.org"]
    assert mailoutbox[0].subject == f"Protocolo {req.protocol} — pedido recebido"


def test_invalid_input_returns_400_with_every_message_and_saves_nothing(client, community_service):
    exe = SimpleUploadedFile("planilha.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    big = SimpleUploadedFile("grande.pdf", PDF + b"0" * (11 * 1024 * 1024))

    response = client.post(
        submit_url(),
        {
            **form_data(community_service, option=None, email="maria@", document="111.111.111-12"),
            "attachments": [exe, big],
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["option"] == ["Escolha uma das opções do serviço."]
    assert errors["email"] == ["E-mail inválido."]
    assert errors["document"] == ["CPF ou CNPJ inválido."]
    assert errors["attachments"] == [
        "planilha.pdf não é um tipo aceito (PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP).",
        "grande.pdf tem mais de 10 MB.",
    ]
    body = response.content.decode()
    assert "CPF ou CNPJ inválido." in body
    assert 'value="Maria da Silva"' in body  # what was typed stays
    assert nothing_was_saved()


def test_an_invalid_organization_cnpj_saves_no_organization(client, community_service):
    response = client.post(
        submit_url(), form_data(community_service, organization_cnpj="11.222.333/0001-00")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["organization_cnpj"] == ["CNPJ inválido."]
    assert nothing_was_saved()


def test_missing_identity_is_reported_field_by_field(client, community_service):
    response = client.post(
        submit_url(), form_data(community_service, name="", email="", document="")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["name"] == ["Informe seu nome."]
    assert errors["email"] == ["Informe seu e-mail."]
    assert errors["document"] == ["Informe seu CPF ou o CNPJ da organização."]
    assert nothing_was_saved()


def test_a_service_that_requires_login_asks_visitors_to_sign_in(client, seeds):
    url = submit_url("adesao-ms-ativo")

    page = client.get(url)
    post = client.post(url, {"description": "Queremos aderir ao programa MS Ativo."})

    assert page.status_code == 200
    assert page.context["sign_in_url"] == (
        "/contas/entrar/?next=%2Fservicos%2Fadesao-ms-ativo%2Fsolicitar%2F"
    )
    assert "Este serviço pede que você entre com sua conta." in page.content.decode()
    assert post.status_code == 403
    assert ServiceRequest.objects.count() == 0


def test_a_signed_in_focal_point_files_with_the_municipality_prefilled(
    seeds, sign_in, django_capture_on_commit_callbacks
):
    from apoia.accounts.models import Role, User
    from apoia.accounts.services import ensure_membership
    from apoia.territory.models import Municipality

    dourados = Municipality.objects.get(ibge=5003702)
    mayor_aide = User.objects.create_user(email="ponto@dourados.test", full_name="Rita Ramos")
    ensure_membership(mayor_aide, Role.MUNICIPAL, municipality=dourados)
    client = sign_in(mayor_aide)
    url = submit_url("adesao-ms-ativo")

    page = client.get(url)
    assert page.context["form"]["municipality"].value() == 5003702
    assert "name" not in page.context["form"].fields

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "municipality": 5003702,
                "description": "A prefeitura de Dourados pede a adesão ao MS Ativo.",
                "suggested_dates": "abril de 2027",
            },
        )

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (req.requester, req.requester_name, req.municipality) == (
        mayor_aide,
        "Rita Ramos",
        dourados,
    )


def test_the_ombudsman_form_shows_the_legal_deadline_and_no_organization(client, seeds):
    response = client.get(submit_url("ouvidoria-reclamacao"))

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "30 dias corridos, contados conforme a Lei nº 9.784/1999, art. 66. Prorrogável uma única "
        "vez por mais 30 dias corridos, com justificativa (Lei nº 13.460/2017, art. 16)."
    ) in body
    assert 'name="subject"' in body
    assert 'name="organization_name"' not in body
    assert 'name="anonymous"' not in body


def test_the_information_request_form_shows_twenty_days_extendable_by_ten(client, seeds):
    response = client.get(submit_url("acesso-a-informacao"))

    assert (
        "20 dias corridos, contados conforme a Lei nº 9.784/1999, art. 66. Prorrogável por mais "
        "10 dias corridos, mediante justificativa expressa (Lei nº 12.527/2011, art. 11, § 2º)."
    ) in response.content.decode()


def test_an_anonymous_denuncia_gets_a_protocol_and_stores_no_identity(
    client, seeds, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url("ouvidoria-denuncia"),
            {
                "anonymous": "on",
                "name": "Fulano",
                "email": "fulano@example.org",
                "subject": "Desvio de materiais",
                "description": "Materiais do centro comunitário foram levados para uso pessoal.",
            },
        )

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert req.is_anonymous
    assert (req.requester, req.requester_name, req.requester_email, req.requester_document) == (
        None,
        "",
        "",
        "",
    )
    assert req.subject == "Desvio de materiais"
    assert req.unit.slug == "ms-ouvidoria"
    assert len(req.access_code) == 10
    assert client.session["tracked_requests"] == [req.protocol]
    assert "fulano@example.org" not in {address for m in mailoutbox for address in m.to}


def test_a_denuncia_without_anonymity_requires_the_identity(client, seeds):
    response = client.post(
        submit_url("ouvidoria-denuncia"),
        {"subject": "Desvio", "description": "Materiais do centro comunitário sumiram."},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Informe seu nome."]
    assert ServiceRequest.objects.count() == 0


def test_a_service_not_accepting_anonymity_ignores_a_forged_anonymous_field(
    client, community_service
):
    client.post(submit_url(), form_data(community_service, anonymous="on"))

    assert ServiceRequest.objects.get().is_anonymous is False


def test_an_unpublished_service_is_not_found(client, community_service):
    Service.objects.filter(pk=community_service.pk).update(is_published=False)

    assert client.get(submit_url()).status_code == 404


def test_the_service_page_links_to_the_form(client, community_service):
    response = client.get(community_service.get_absolute_url())

    assert f'href="{submit_url()}"' in response.content.decode()
