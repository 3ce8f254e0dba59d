"""The Content-Security-Policy holds in a real browser: the main pages run no inline script or
style, so Chromium reports no violation on any of them."""

import pytest

from apoia.indicators.models import Indicator
from apoia.protocol.models import ServiceRequest
from apoia.tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

# Injected by Playwright through the DevTools protocol, which the page's policy does not
# govern: it records every violation the page reports, whatever directive it breaks.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + (event.sourceFile || document.location.pathname) + ":" + event.lineNumber
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, and a recorder of the CSP violations reported on each address visited."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    violations: dict[str, list[str]] = {}

    def record(address: str) -> None:
        page.wait_for_load_state("networkidle")
        found = console + page.evaluate("window.__cspViolations")
        console.clear()
        if found:
            violations[address] = found

    return page, record, violations


def test_the_main_pages_report_no_content_security_policy_violation(watched, live_server):
    page, record, violations = watched
    site = live_server.url
    indicator = Indicator.objects.order_by("code").first()
    req = (
        ServiceRequest.objects.filter(service__slug="orientacao-associacoes-comunitarias")
        .order_by("received_at")
        .first()
    )

    def visit(path: str) -> None:
        response = page.goto(site + path)
        assert response.status == 200, path
        # The policy must really be sent, or an empty report proves nothing.
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        record(path)

    # The public side.
    for path in (
        "/",
        "/servicos/",
        "/servicos/orientacao-associacoes-comunitarias/",
        "/servicos/orientacao-associacoes-comunitarias/solicitar/",
        "/indicadores/",
        f"/indicadores/{indicator.code}/",
        "/indicadores/municipios/5002704/",
        "/indicadores/ranking/",
        "/indicadores/mapa/",
        "/territorio/calendario/",
        "/api/v1/docs",
        "/acompanhar/",
    ):
        visit(path)
        if path == "/api/v1/docs":
            # Swagger UI drew the operations: the policy lets its own files work.
            assert page.locator(".opblock").count() > 10

    # Tracking: the number and the access code typed into the public form.
    page.get_by_label("Número do protocolo").fill(req.protocol)
    page.get_by_label("Código de acesso").fill(req.access_code)
    page.locator("main").get_by_role("button", name="Consultar").click()
    page.wait_for_load_state()
    assert req.protocol in page.locator("main").inner_text()
    record("tracking")

    # The staff side: the coordinator's queue, a request's page with its action forms, the
    # dashboard.
    def log_in(email: str) -> None:
        page.goto(f"{site}/contas/entrar/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Senha").fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Entrar").click()
        page.wait_for_load_state()
        record(f"login {email}")

    log_in("coordenador@apoia.demo")
    for path in (
        "/protocolo/",
        f"/protocolo/{req.protocol_slug}/",
        f"/protocolo/{req.protocol_slug}/recibo/",
        "/protocolo/painel/",
    ):
        visit(path)

    # The administrator: the TOTP page's inline SVG QR code, the Django admin.
    page.context.clear_cookies()
    log_in("admin@apoia.demo")
    for path in (
        "/contas/dois-fatores/",
        "/admin/",
        "/admin/protocol/servicerequest/",
        f"/admin/protocol/servicerequest/{req.pk}/change/",
    ):
        visit(path)

    assert violations == {}
