"""The browser fixtures (Playwright with Debian's Chromium) and their helpers, for every app.

Loaded once for the whole run by the root conftest.py (`pytest_plugins`), so that the tests of
every directory share one browser: a conftest re-exporting these fixtures would start a second
Playwright in the same thread, which Playwright refuses.
"""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "demo-senha-navegador"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; the Django test server and ORM
    # calls made by the test itself are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class BrowserErrors:
    """What the browser logged as an error on one tab: console errors and uncaught exceptions.

    A document that answers 4xx or 5xx is logged as a failed load too; that status is the test's
    to assert (it reads the response), so only the failed loads of a page's own resources (a
    script, a stylesheet, an image, an htmx call) count here.
    """

    def __init__(self, page):
        self.found: list[str] = []
        self.documents: set[str] = set()
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))

    def _response(self, response) -> None:
        if response.request.resource_type == "document" and response.status >= 400:
            self.documents.add(response.url)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") in self.documents
        ):
            return
        self.found.append(f"console error: {message.text} ({message.location.get('url')})")


@pytest.fixture
def browser_errors():
    """Filled by the `page` fixture; a test that provokes an error on purpose clears it."""
    return []


@pytest.fixture
def page(browser, browser_errors):
    """A fresh tab; the test fails if the browser logged an error during it."""
    context = browser.new_context(locale="pt-BR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = BrowserErrors(page)
    errors.found = browser_errors
    yield page
    context.close()
    if browser_errors:
        pytest.fail("the browser logged errors:\n" + "\n".join(browser_errors))


def log_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Signs a demo user in through the login form, as a person would."""
    page.goto(f"{base_url}/contas/entrar/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(password)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()


@pytest.fixture
def demo_site(transactional_db, settings):
    """Reference and demo data exactly as `make run` loads them."""
    from django.core.management import call_command

    settings.APOIA_DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
