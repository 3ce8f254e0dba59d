"""Issue 3 end to end in headless Chromium: from the public form to the decision e-mail."""

import re

import pytest
from django.core import mail

from apoia.protocol.models import ServiceRequest, Status
from apoia.tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]


def test_a_visitor_files_a_request_and_the_coordinator_refuses_it_with_justification(
    page, live_server, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    # A community leader, without an account, files the request from the catalog.
    page.goto(f"{live_server.url}/servicos/orientacao-associacoes-comunitarias/")
    page.get_by_role("link", name="Solicitar este serviço").click()
    # gov.br DS radios are styled labels over a hidden input: people click the label.
    page.locator("label", has_text="Formação/capacitação").click()
    page.get_by_label("Município").select_option("5002704")
    page.get_by_label("Nome completo").fill("Maria da Silva")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("CPF ou CNPJ").fill("529.982.247-25")
    page.get_by_label("Descreva o pedido").fill("Formação da nova diretoria da associação.")
    page.get_by_label("Datas sugeridas").fill("10 a 14/03/2027")
    page.get_by_role("button", name="Enviar pedido").click()

    receipt = page.locator("main").inner_text()
    number = re.search(r"\d{5}\.\d{6}/\d{4}-\d{2}", receipt).group(0)
    req = ServiceRequest.objects.get(protocol=number)
    assert req.access_code in receipt
    assert req.due_date.strftime("%d/%m/%Y") in receipt
    assert [m.to for m in mail.outbox if number in m.subject][0] == ["maria@example.org"]

    # The coordinator of the unit finds it in the queue and refuses it, with a reason.
    page.goto(f"{live_server.url}/contas/entrar/")
    page.get_by_label("E-mail").fill("coordenador@apoia.demo")
    page.get_by_label("Senha").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.goto(f"{live_server.url}/protocolo/")
    page.get_by_role("link", name=number).click()
    decision = page.locator("#acao-decide")
    decision.locator("label", has_text="Recusar o pedido").click()
    decision.get_by_label("Motivo da recusa").select_option("out_of_scope")
    decision.get_by_role("button", name="Registrar decisão").click()
    assert "A recusa exige uma justificativa por escrito." in page.locator("main").inner_text()

    decision = page.locator("#acao-decide")
    decision.locator("label", has_text="Recusar o pedido").click()
    decision.get_by_label("Motivo da recusa").select_option("out_of_scope")
    decision.get_by_label("Justificativa").fill("A formação de conselhos é da assistência social.")
    decision.get_by_role("button", name="Registrar decisão").click()

    req.refresh_from_db()
    assert req.status == Status.REFUSED
    decision_mail = [m for m in mail.outbox if "não aceito" in m.subject]
    assert [m.to for m in decision_mail] == [["maria@example.org"]]
    assert "A formação de conselhos é da assistência social." in decision_mail[0].body
    assert "recorrer" in decision_mail[0].body
