# The browser fixtures live with the project's other browser tests (apoia/tests/conftest.py);
# re-exported here so the indicator pages' own browser test can use them.
from apoia.tests.conftest import browser, browser_errors, demo_site, page  # noqa: F401
