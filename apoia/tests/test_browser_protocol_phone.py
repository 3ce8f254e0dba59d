"""Protocol pages on a phone (390 × 844): none scrolls sideways, for staff and for a requester;
and a focal point answers the unit from Meus pedidos, as she would on her phone."""

import pytest

from apoia.protocol.models import ServiceRequest
from apoia.tests.conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _check(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    scroll, width = _fits(page)
    assert scroll <= width, f"{url} is {scroll} px wide at {width} px"


def test_the_staff_protocol_pages_fit_a_phone(page, live_server, demo_site):
    page.set_viewport_size(PHONE)
    req = ServiceRequest.objects.filter(requester_email="rui@exemplo.demo").get()
    log_in(page, live_server.url, "coordenador@apoia.demo")

    for path in ("/protocolo/", "/protocolo/painel/", req.get_absolute_url()):
        _check(page, live_server.url + path)


def test_the_requesters_protocol_pages_fit_a_phone(page, live_server, demo_site):
    page.set_viewport_size(PHONE)
    req = ServiceRequest.objects.filter(
        requester__email="municipio@apoia.demo", status="waiting_requester"
    ).get()
    log_in(page, live_server.url, "municipio@apoia.demo")

    for path in (
        "/meus-pedidos/",
        req.get_absolute_url(),
        f"/protocolo/{req.protocol_slug}/recibo/",
        f"/acompanhar/{req.protocol_slug}/",
        "/acompanhar/",
    ):
        _check(page, live_server.url + path)


def test_a_focal_point_answers_the_unit_from_meus_pedidos(page, live_server, demo_site):
    page.set_viewport_size(PHONE)
    req = ServiceRequest.objects.filter(
        requester__email="municipio@apoia.demo", status="waiting_requester"
    ).get()
    log_in(page, live_server.url, "municipio@apoia.demo")

    page.goto(f"{live_server.url}/meus-pedidos/")
    item = page.locator(f'[data-protocol="{req.protocol}"]')
    assert item.locator("[data-next-step]").inner_text() == "Aguardando sua resposta"
    item.get_by_role("link", name="Abrir e agir").click()
    page.get_by_label("Mensagem").fill("Seguem os conselhos: Prosa, Mata do Jacinto e Noroeste.")
    page.locator("#reply-section").get_by_role("button", name="Enviar").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}{req.get_absolute_url()}"
    assert "Mensagem enviada." in page.content()
    assert page.locator("#request-status").inner_text() == "Em atendimento"
