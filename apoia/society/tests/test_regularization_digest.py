"""Alerts 30 days before a document expires, in the `apoia remind` digest of the staff and
of the organization, once."""

import datetime as dt

import pytest
from django.conf import settings

from apoia.society import reference_regularization
from apoia.society.digest_regularization import collect, render
from apoia.society.services_regularization import open_checklist
from apoia.society.tests.test_regularization_hooks import _request

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def checklist(db, organization, technician):
    reference_regularization.load()
    checklist = open_checklist(by=technician, organization=organization)
    checklist.items.filter(requirement__slug="crf-fgts").update(
        status="valid", expires_on=D(2026, 12, 15)
    )
    return checklist


def _crf(checklist):
    return checklist.items.get(requirement__slug="crf-fgts")


def test_an_expiring_certificate_alerts_staff_and_representatives(
    checklist, technician, organization_user
):
    found = collect(D(2026, 11, 20))
    item_id = _crf(checklist).pk
    assert found == {technician.pk: {"soon": [item_id]}, organization_user.pk: {"soon": [item_id]}}


def test_the_alert_goes_once(checklist, technician):
    collect(D(2026, 11, 20))
    assert collect(D(2026, 11, 21)) == {}
    assert _crf(checklist).expiry_alert_sent_on == D(2026, 11, 20)


def test_no_alert_more_than_30_days_before(checklist):
    assert collect(D(2026, 11, 14)) == {}


def test_alert_on_the_30th_day_before(checklist, technician):
    assert technician.pk in collect(D(2026, 11, 15))


def test_no_alert_for_an_already_expired_certificate(checklist):
    assert collect(D(2026, 12, 16)) == {}


def test_no_alert_for_a_missing_document(checklist):
    checklist.items.filter(requirement__slug="crf-fgts").update(status="missing")
    assert collect(D(2026, 11, 20)) == {}


def test_the_requests_assignee_and_unit_staff_are_alerted(
    checklist, community_unit, organization, coordinator, technician
):
    req = _request(community_unit, organization)
    req.assignee = technician
    req.save()
    checklist.requests.add(req)
    assert set(collect(D(2026, 11, 20))) >= {coordinator.pk, technician.pk}


def test_the_line_names_organization_document_date_and_link(checklist, organization):
    payload = collect(D(2026, 11, 20))
    person = next(iter(payload))
    groups = render(payload[person], D(2026, 11, 20))
    assert groups == [
        (
            "Documentos de regularização que vencem em até 30 dias",
            [
                "Associação de Moradores do Jardim Teste — CRF do FGTS vence em 15/12/2026 — "
                f"{settings.SITE_URL}/organizacoes/{organization.pk}/regularizacao/"
            ],
        )
    ]


def test_the_section_is_registered_for_remind(checklist, technician):
    from apoia.protocol.hooks import collect_digest_sections

    found = collect_digest_sections(D(2026, 11, 20))
    assert found[technician.pk]["society_regularization"] == {"soon": [_crf(checklist).pk]}
