# The browser fixtures (browser, page, browser_errors, demo_site) come from the plugin the root
# conftest.py loads, apoia/tests/browser.py: one browser for every directory's tests.
