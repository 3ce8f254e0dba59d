# ruff: noqa: F811 - the fixture imported from test_councils_pages is an argument by name
"""Admin of councils: lists and searches without councillors' e-mail; the forms open."""

import pytest

from apoia.society.tests.test_councils_pages import cmas  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_mandate_list_shows_no_email(sign_in, admin_user, cmas):
    page = sign_in(admin_user).get("/admin/society/mandate/").content.decode()
    assert "Titular Secretaria de Saúde" in page
    assert "titular@exemplo.test" not in page


def test_searching_mandates_by_email_finds_nothing(sign_in, admin_user, cmas):
    url = "/admin/society/mandate/?q=titular@exemplo.test"
    assert "Titular Secretaria de Saúde" not in sign_in(admin_user).get(url).content.decode()


def test_the_mandate_form_shows_the_email_to_the_admin(sign_in, admin_user, cmas):
    mandate = cmas.seats_built[0][1]
    page = sign_in(admin_user).get(f"/admin/society/mandate/{mandate.pk}/change/")
    assert "titular@exemplo.test" in page.content.decode()


@pytest.mark.parametrize("path", ["council", "seat", "councilmeeting", "resolution", "mandate"])
def test_every_council_admin_page_opens(sign_in, admin_user, cmas, path):
    client = sign_in(admin_user)
    assert client.get(f"/admin/society/{path}/").status_code == 200
    assert client.get(f"/admin/society/{path}/add/").status_code == 200


def test_the_council_page_shows_its_seats_inline(sign_in, admin_user, cmas):
    page = sign_in(admin_user).get(f"/admin/society/council/{cmas.pk}/change/").content.decode()
    assert "Entidades de assistência" in page
