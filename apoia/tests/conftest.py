# The browser fixtures are a plugin the root conftest.py loads (apoia/tests/browser.py); the
# helpers stay importable from here for the tests that import them so.
from apoia.tests.browser import CHROMIUM, DEMO_PASSWORD, BrowserErrors, log_in  # noqa: F401
