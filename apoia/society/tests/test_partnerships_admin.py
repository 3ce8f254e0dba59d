"""Admin of partnerships: inlines, filters and search."""

import pytest

from apoia.society.tests.test_partnerships_pages import partnership  # noqa: F401

pytestmark = pytest.mark.django_db


def test_change_page_has_goals_amendments_and_reports_inline(
    sign_in,
    admin_user,
    partnership,  # noqa: F811
):
    page = sign_in(admin_user).get(f"/admin/society/partnership/{partnership.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert ("Meta única" in body, "1º trimestre" in body) == (True, True)


def test_list_searches_by_term_number(sign_in, admin_user, partnership):  # noqa: F811
    body = sign_in(admin_user).get("/admin/society/partnership/", {"q": "TF 3/2026"})
    assert "Hortas comunitárias" in body.content.decode()


def test_list_searches_by_organization(sign_in, admin_user, partnership):  # noqa: F811
    body = sign_in(admin_user).get("/admin/society/partnership/", {"q": "Cooperativa"})
    assert "Hortas comunitárias" not in body.content.decode()


def test_list_filters_by_status(sign_in, admin_user, partnership):  # noqa: F811
    body = sign_in(admin_user).get("/admin/society/partnership/", {"status__exact": "closed"})
    assert "Hortas comunitárias" not in body.content.decode()


def test_report_list_opens(sign_in, admin_user, partnership):  # noqa: F811
    page = sign_in(admin_user).get("/admin/society/accountabilityreport/")
    assert page.status_code == 200
