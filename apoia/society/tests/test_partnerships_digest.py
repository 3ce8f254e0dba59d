import datetime

from apoia.society.digest_partnerships import collect
from apoia.society.tests.test_partnerships_pages import partnership  # noqa: F401

D = datetime.date


def test_late_report_goes_in_digest_once(partnership, technician, organization_user):  # noqa: F811
    first = collect(D(2026, 3, 10))
    report_id = partnership.reports.get().pk
    assert first[technician.pk] == {"late": [report_id]}
    assert first[organization_user.pk] == {"late": [report_id]}
    assert collect(D(2026, 3, 11)) == {}


def test_report_due_soon_alert(partnership, technician):  # noqa: F811
    assert collect(D(2026, 2, 25))[technician.pk] == {"soon": [partnership.reports.get().pk]}


def test_report_due_later_has_no_alert(partnership):  # noqa: F811
    assert collect(D(2026, 2, 1)) == {}
