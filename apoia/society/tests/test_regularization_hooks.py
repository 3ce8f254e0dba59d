"""Accepting a request of the "Apoio à regularização de OSC" option opens (or links) the
organization's checklist; the request's page and the organization's page show it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from apoia.catalog.models import ServiceKind, ServiceOption
from apoia.catalog.tests.factories import ServiceFactory
from apoia.protocol import services as protocol
from apoia.protocol.models import ServiceRequest
from apoia.protocol.numbering import ProtocolNumber
from apoia.society import reference_regularization
from apoia.society.hooks_regularization import checklist_panel, checklist_section
from apoia.society.models.regularization import Checklist
from apoia.society.services_regularization import open_checklist

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def first_of_december_2026():
    with time_machine.travel("2026-12-01 12:00", tick=False):
        yield


@pytest.fixture
def requirements(db):
    reference_regularization.load()


def _request(unit, organization, option_slug="apoio-regularizacao-osc", number="1"):
    service = ServiceFactory(
        slug="orientacao-associacoes-comunitarias", kind=ServiceKind.SERVICE, state=unit.state
    )
    option, _ = ServiceOption.objects.get_or_create(
        service=service, slug=option_slug, defaults={"name": option_slug}
    )
    now = timezone.now()
    return ServiceRequest.objects.create(
        protocol=str(ProtocolNumber("12345", int(number), 2026)),
        service=service,
        option=option,
        channel="web",
        organization=organization,
        state=unit.state,
        unit=unit,
        description="Precisamos regularizar a associação.",
        received_at=now,
        due_date=D(2026, 12, 15),
        original_due_date=D(2026, 12, 15),
    )


@pytest.fixture
def regularization_request(requirements, community_unit, organization):
    return _request(community_unit, organization)


def test_accepting_the_request_opens_the_checklist_for_the_assignee(
    regularization_request, coordinator, technician
):
    regularization_request.assignee = technician
    regularization_request.save()
    protocol.decide(regularization_request, accepted=True, by=coordinator)
    checklist = Checklist.objects.get()
    assert checklist.opened_by == technician
    assert checklist.items.count() == 13
    assert list(checklist.requests.all()) == [regularization_request]


def test_accepting_without_assignee_opens_it_for_who_decided(regularization_request, coordinator):
    protocol.decide(regularization_request, accepted=True, by=coordinator)
    assert Checklist.objects.get().opened_by == coordinator


def test_accepting_links_an_existing_checklist(
    regularization_request, coordinator, technician, organization
):
    existing = open_checklist(by=technician, organization=organization)
    protocol.decide(regularization_request, accepted=True, by=coordinator)
    assert Checklist.objects.get().pk == existing.pk
    assert list(existing.requests.all()) == [regularization_request]


def test_a_request_without_organization_is_accepted_without_checklist(
    requirements, community_unit, coordinator
):
    req = _request(community_unit, None)
    protocol.decide(req, accepted=True, by=coordinator)
    req.refresh_from_db()
    assert (req.status, Checklist.objects.count()) == ("accepted", 0)


def test_a_request_of_another_option_opens_nothing(
    requirements, community_unit, organization, coordinator
):
    req = _request(community_unit, organization, option_slug="formacao-capacitacao")
    protocol.decide(req, accepted=True, by=coordinator)
    assert Checklist.objects.count() == 0


def _accepted_with_items(req, coordinator):
    protocol.decide(req, accepted=True, by=coordinator)
    checklist = Checklist.objects.get()
    checklist.items.filter(requirement__slug="crf-fgts").update(
        status="valid", expires_on=D(2026, 12, 15)
    )
    checklist.items.filter(requirement__slug="estatuto-registrado").update(status="valid")
    checklist.items.filter(requirement__slug="cndt").update(
        status="valid", expires_on=D(2026, 11, 20)
    )
    return checklist


def test_panel_counts_valid_items_and_names_next_expiry(
    regularization_request, coordinator, technician
):
    _accepted_with_items(regularization_request, coordinator)
    panel = checklist_panel(regularization_request, technician)
    assert panel.rows == (
        ("Itens válidos", "2 de 13"),
        ("Vencidos", "CNDT trabalhista"),
        ("Próximo vencimento", "CRF do FGTS em 15/12/2026"),
    )
    assert panel.url == f"/organizacoes/{regularization_request.organization_id}/regularizacao/"


def test_panel_shows_to_the_organizations_representative(
    regularization_request, coordinator, organization_user
):
    _accepted_with_items(regularization_request, coordinator)
    assert checklist_panel(regularization_request, organization_user) is not None


def test_panel_hidden_from_another_organizations_representative(
    regularization_request, coordinator, other_organization_user
):
    _accepted_with_items(regularization_request, coordinator)
    assert checklist_panel(regularization_request, other_organization_user) is None


def test_request_page_shows_the_checklist_panel(
    regularization_request, coordinator, technician, sign_in
):
    _accepted_with_items(regularization_request, coordinator)
    body = sign_in(coordinator).get(regularization_request.get_absolute_url()).content.decode()
    assert "Checklist de regularização" in body
    assert "CRF do FGTS em 15/12/2026" in body


def test_organization_section_offers_staff_to_open_a_checklist(
    requirements, organization, technician
):
    section = checklist_section(organization, technician)
    assert (section.title, section.context["checklist"]) == ("Regularização", None)


def test_organization_section_hidden_from_the_public(requirements, organization, municipal_user):
    assert checklist_section(organization, municipal_user) is None


def test_organization_page_shows_the_summary_to_its_representative(
    regularization_request, coordinator, organization, organization_user, sign_in
):
    _accepted_with_items(regularization_request, coordinator)
    body = sign_in(organization_user).get(f"/organizacoes/{organization.pk}/").content.decode()
    assert "Itens válidos" in body and "2 de 13" in body


def test_organization_page_hides_the_checklist_from_anonymous(
    regularization_request, coordinator, organization, client
):
    _accepted_with_items(regularization_request, coordinator)
    body = client.get(f"/organizacoes/{organization.pk}/").content.decode()
    assert "Itens válidos" not in body
