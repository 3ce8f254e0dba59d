"""/favicon.ico, which browsers ask for on pages without an icon link, leads to the site's icon:
a 404 there would be a console error on every admin and API documentation page."""


def test_favicon_ico_redirects_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].startswith("/static/apoia/favicon")
    assert response["Location"].endswith(".svg")
