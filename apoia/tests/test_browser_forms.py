"""The forms' behaviours in headless Chromium: untouched radios, select placeholders, the
anonymity switch and the gov.br DS upload component over the native file input."""

import pytest

from apoia.protocol.models import ServiceRequest

pytestmark = pytest.mark.browser

OFICIO = "/servicos/orientacao-associacoes-comunitarias/solicitar/"
DENUNCIA = "/servicos/ouvidoria-denuncia/solicitar/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# --danger of the gov.br DS.
DANGER = "rgb(229, 34, 7)"

RADIO_BORDER = """
    label => getComputedStyle(label, "::before").borderTopColor
"""


@pytest.fixture
def catalog(transactional_db, settings, tmp_path):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    settings.MEDIA_ROOT = tmp_path
    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_a_required_radio_is_red_only_after_the_form_comes_back_with_its_error(
    page, live_server, catalog
):
    page.goto(f"{live_server.url}{OFICIO}")
    label = page.locator("label", has_text="Formação/capacitação")

    assert label.evaluate(RADIO_BORDER) != DANGER

    page.get_by_role("button", name="Enviar pedido").click()

    assert "Escolha uma das opções do serviço." in page.locator("main").inner_text()
    assert page.locator("label", has_text="Formação/capacitação").evaluate(RADIO_BORDER) == DANGER


def test_a_required_select_shows_its_placeholder_which_cannot_be_chosen(page, live_server, catalog):
    page.goto(f"{live_server.url}{OFICIO}")
    municipality = page.get_by_label("Município")

    assert municipality.evaluate("s => s.options[s.selectedIndex].text") == "Selecione o município"
    assert municipality.evaluate("s => s.options[0].disabled") is True

    municipality.select_option("5002704")

    assert municipality.evaluate("s => s.options[s.selectedIndex].text") == "Campo Grande/MS"


def test_ticking_anonymity_hides_and_empties_the_identity_fields(page, live_server, catalog):
    page.goto(f"{live_server.url}{DENUNCIA}")
    page.get_by_label("Nome completo").fill("Fulano de Tal")
    page.get_by_label("E-mail").fill("fulano@example.org")

    page.locator("label", has_text="Quero me manter anônimo").click()

    for field in ("#id_name", "#id_email", "#id_document", "#id_phone"):
        assert page.locator(field).is_hidden(), field
    assert page.locator("#id_name").input_value() == ""

    page.locator("label", has_text="Quero me manter anônimo").click()

    assert page.locator("#id_name").is_visible()
    assert page.locator("#id_name").input_value() == ""


def test_an_anonymous_denuncia_sent_from_the_browser_keeps_no_identity(page, live_server, catalog):
    page.goto(f"{live_server.url}{DENUNCIA}")
    page.get_by_label("Nome completo").fill("Fulano de Tal")
    page.locator("label", has_text="Quero me manter anônimo").click()
    page.get_by_label("Assunto").fill("Desvio de materiais")
    page.get_by_label("Descreva sua manifestação").fill("Materiais do centro foram levados.")
    page.get_by_role("button", name="Registrar manifestação").click()

    page.wait_for_url("**/recibo/**")
    req = ServiceRequest.objects.get()
    assert (req.is_anonymous, req.requester_name) == (True, "")


def test_the_upload_lists_the_chosen_files_and_sends_only_those_left(page, live_server, catalog):
    page.goto(f"{live_server.url}{OFICIO}")
    upload = page.locator("[data-apoia-upload]")

    assert upload.get_attribute("class") == "apoia-upload br-upload"
    assert upload.locator(".upload-button").inner_text() == (
        "Selecione os arquivos ou arraste-os até aqui"
    )

    page.get_by_label("Anexos").set_input_files([pdf("estatuto.pdf"), pdf("ata.pdf")])
    page.get_by_label("Anexos").set_input_files(pdf("oficio.pdf"))

    assert upload.locator(".upload-list .content").all_inner_texts() == [
        "estatuto.pdf",
        "ata.pdf",
        "oficio.pdf",
    ]

    upload.get_by_role("button", name="Remover ata.pdf").click()

    assert upload.locator(".upload-list .content").all_inner_texts() == [
        "estatuto.pdf",
        "oficio.pdf",
    ]

    page.locator("label", has_text="Formação/capacitação").click()
    page.get_by_label("Município").select_option("5002704")
    page.get_by_label("Nome completo").fill("Maria da Silva")
    page.get_by_label("E-mail").fill("maria@example.org")
    page.get_by_label("CPF ou CNPJ").fill("529.982.247-25")
    page.get_by_label("Descreva o pedido").fill("Formação da nova diretoria da associação.")
    page.get_by_role("button", name="Enviar pedido").click()

    page.wait_for_url("**/recibo/**")
    req = ServiceRequest.objects.get()
    assert sorted(a.original_name for a in req.attachments.all()) == ["estatuto.pdf", "oficio.pdf"]


def test_without_javascript_the_native_file_input_is_shown_and_sends_the_file(
    browser, live_server, catalog
):
    context = browser.new_context(locale="pt-BR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{OFICIO}")
        assert page.locator("#id_attachments").is_visible()
        page.get_by_label("Anexos").set_input_files(pdf("estatuto.pdf"))
        page.locator("label", has_text="Formação/capacitação").click()
        page.get_by_label("Município").select_option("5002704")
        page.get_by_label("Nome completo").fill("Maria da Silva")
        page.get_by_label("E-mail").fill("maria@example.org")
        page.get_by_label("CPF ou CNPJ").fill("529.982.247-25")
        page.get_by_label("Descreva o pedido").fill("Formação da nova diretoria da associação.")
        page.get_by_role("button", name="Enviar pedido").click()
        page.wait_for_url("**/recibo/**")
    finally:
        context.close()

    req = ServiceRequest.objects.get()
    assert [a.original_name for a in req.attachments.all()] == ["estatuto.pdf"]
