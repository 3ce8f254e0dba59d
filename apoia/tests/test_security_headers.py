"""The Content-Security-Policy every response carries (django-csp)."""

import pytest


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", ["/", "/servicos/", "/api/v1/docs", "/api/v1/openapi.json"])
def test_every_page_forbids_inline_code_framing_and_other_hosts(client, db, path):
    response = client.get(path)

    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
