"""Tracking and replying in headless Chromium: a requester who filed a request comes back on
another browser session with the number and the access code, reaches the request's clean
address and answers with a message and a PDF."""

import re

import pytest

from apoia.protocol.models import EventKind, ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file_a_request(page, site) -> ServiceRequest:
    page.goto(f"{site}/servicos/orientacao-associacoes-comunitarias/solicitar/")
    # gov.br DS radios are styled labels over a hidden input: people click the label.
    page.locator("label", has_text="Formação/capacitação").click()
    page.get_by_label("Município").select_option("5002704")
    page.get_by_label("Nome completo").fill("Maria da Silva")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("CPF ou CNPJ").fill("529.982.247-25")
    page.get_by_label("Descreva o pedido").fill("Formação da nova diretoria da associação.")
    page.get_by_role("button", name="Enviar pedido").click()
    number = re.search(r"\d{5}\.\d{6}/\d{4}-\d{2}", page.locator("main").inner_text())[0]
    return ServiceRequest.objects.get(protocol=number)


def test_a_requester_tracks_the_request_with_its_code_and_replies_with_a_pdf(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    site = live_server.url
    req = file_a_request(page, site)
    # Another day, another browser: nothing remembers the request but the receipt's data.
    page.context.clear_cookies()

    page.goto(f"{site}/acompanhar/")
    page.get_by_label("Número do protocolo").fill(req.protocol)
    page.get_by_label("Código de acesso").fill(req.access_code.lower())
    page.get_by_role("button", name="Consultar").click()

    assert page.url == f"{site}/acompanhar/{req.protocol_slug}/"
    assert page.locator("h1").inner_text() == f"Protocolo {req.protocol}"

    reply = page.locator("#reply-section")
    reply.get_by_label("Mensagem").fill("Segue o estatuto registrado da associação.")
    reply.get_by_label("Anexos").set_input_files(
        {"name": "estatuto.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    reply.get_by_role("button", name="Enviar").click()

    assert page.url == f"{site}/acompanhar/{req.protocol_slug}/"
    assert "Mensagem enviada." in page.locator("main").inner_text()
    timeline = page.locator("ol.apoia-timeline")
    assert "Segue o estatuto registrado da associação." in timeline.inner_text()
    assert timeline.get_by_role("link", name=re.compile("estatuto.pdf")).count() == 1
    event = req.events.get(kind=EventKind.REQUESTER_MESSAGE)
    assert event.text == "Segue o estatuto registrado da associação."
    assert [a.original_name for a in event.attachments.all()] == ["estatuto.pdf"]
