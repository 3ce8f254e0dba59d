import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.society import reference_regularization
from apoia.society.models.regularization import Checklist, ItemStatus, Requirement
from apoia.society.services_regularization import (
    effective_status,
    open_checklist,
    sync_items,
    update_item,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def first_of_december_2026():
    with time_machine.travel("2026-12-01 12:00", tick=False):
        yield


@pytest.fixture
def requirements(db):
    reference_regularization.load()


@pytest.fixture
def checklist(requirements, organization, technician):
    return open_checklist(by=technician, organization=organization)


def _item(checklist, slug):
    return checklist.items.get(requirement__slug=slug)


def test_reference_loads_thirteen_requirements_once():
    assert reference_regularization.load() == "regularização: 13 itens"
    assert reference_regularization.load() == "regularização: 13 itens"
    assert Requirement.objects.count() == 13


def test_reference_keeps_an_admins_reordering(requirements):
    Requirement.objects.filter(slug="cebas").update(order=1)
    reference_regularization.load()
    assert Requirement.objects.first().slug == "cebas"


def test_reference_marks_certificates_with_expiry(requirements):
    assert Requirement.objects.get(slug="crf-fgts").has_expiry is True
    assert Requirement.objects.get(slug="estatuto-registrado").has_expiry is False


def test_open_checklist_adds_an_item_per_active_requirement(requirements, organization, technician):
    Requirement.objects.filter(slug="oscip").update(active=False)
    checklist = open_checklist(by=technician, organization=organization)
    assert checklist.items.count() == 12
    assert checklist.opened_by == technician
    assert set(checklist.items.values_list("status", flat=True)) == {ItemStatus.MISSING}


def test_open_checklist_twice_returns_the_same_checklist(checklist, organization, coordinator):
    again = open_checklist(by=coordinator, organization=organization)
    assert again.pk == checklist.pk
    assert Checklist.objects.count() == 1
    assert again.opened_by.email == "tiago@apoia.test"


def test_representative_may_not_open_a_checklist(requirements, organization, organization_user):
    with pytest.raises(PermissionDenied):
        open_checklist(by=organization_user, organization=organization)


def test_staff_of_another_state_may_not_open_a_checklist(requirements, organization, state_mt):
    from apoia.accounts.models import Role, User
    from apoia.accounts.services import ensure_membership
    from apoia.catalog.tests.factories import OrgUnitFactory

    unit = OrgUnitFactory(slug="mt-unidade", state=state_mt)
    user = User.objects.create_user(email="mt@apoia.test", password="x-senha-1", full_name="M")
    ensure_membership(user, Role.TECHNICIAN, org_unit=unit)
    with pytest.raises(PermissionDenied):
        open_checklist(by=user, organization=organization)


def test_sync_items_adds_a_newly_active_requirement(checklist):
    Requirement.objects.create(slug="alvara", name="Alvará de funcionamento", order=200)
    assert sync_items(checklist) == 1
    assert checklist.items.count() == 14
    assert sync_items(checklist) == 0


def test_staff_validate_a_certificate_with_expiry(checklist, technician):
    item = update_item(
        by=technician,
        item=_item(checklist, "crf-fgts"),
        status=ItemStatus.VALID,
        expires_on=D(2026, 12, 15),
        reference="CRF 2026111512345",
    )
    assert (item.status, item.expires_on, item.updated_by) == ("valid", D(2026, 12, 15), technician)


def test_valid_certificate_without_expiry_date_is_refused(checklist, technician):
    with pytest.raises(ValidationError) as refused:
        update_item(by=technician, item=_item(checklist, "crf-fgts"), status=ItemStatus.VALID)
    assert refused.value.message_dict == {"expires_on": ["Informe a validade do documento."]}


def test_expiry_date_on_a_document_without_expiry_is_refused(checklist, technician):
    with pytest.raises(ValidationError) as refused:
        update_item(
            by=technician,
            item=_item(checklist, "estatuto-registrado"),
            status=ItemStatus.VALID,
            expires_on=D(2027, 1, 1),
        )
    assert refused.value.message_dict == {"expires_on": ["Este documento não tem validade."]}


@time_machine.travel("2026-12-01 12:00", tick=False)
def test_valid_with_a_past_expiry_is_refused(checklist, technician):
    with pytest.raises(ValidationError) as refused:
        update_item(
            by=technician,
            item=_item(checklist, "cndt"),
            status=ItemStatus.VALID,
            expires_on=D(2026, 11, 30),
        )
    assert list(refused.value.message_dict) == ["expires_on"]


def test_unknown_status_is_refused(checklist, technician):
    with pytest.raises(ValidationError) as refused:
        update_item(by=technician, item=_item(checklist, "cnpj-ativo"), status="approved")
    assert refused.value.message_dict == {"status": ["Situação inválida."]}


def test_representative_marks_an_item_as_sent_with_reference(checklist, organization_user):
    item = update_item(
        by=organization_user,
        item=_item(checklist, "ata-eleicao"),
        status=ItemStatus.SENT,
        reference="Registro 4521, 2º Cartório de Campo Grande",
    )
    assert (item.status, item.reference) == ("sent", "Registro 4521, 2º Cartório de Campo Grande")


def test_representative_may_not_validate(checklist, organization_user):
    with pytest.raises(ValidationError) as refused:
        update_item(
            by=organization_user,
            item=_item(checklist, "ata-eleicao"),
            status=ItemStatus.VALID,
            reference="x",
        )
    assert list(refused.value.message_dict) == ["status"]


def test_representative_must_say_where_the_document_is(checklist, organization_user):
    with pytest.raises(ValidationError) as refused:
        update_item(by=organization_user, item=_item(checklist, "ata-eleicao"), status="sent")
    assert list(refused.value.message_dict) == ["reference"]


def test_another_organizations_representative_is_refused(checklist, other_organization_user):
    with pytest.raises(PermissionDenied):
        update_item(
            by=other_organization_user,
            item=_item(checklist, "ata-eleicao"),
            status="sent",
            reference="x",
        )


def test_changing_the_expiry_date_resets_the_alert(checklist, technician):
    item = _item(checklist, "cndt")
    item.status, item.expires_on, item.expiry_alert_sent_on = (
        "valid",
        D(2026, 12, 20),
        D(2026, 11, 20),
    )
    item.save()
    item = update_item(by=technician, item=item, status="valid", expires_on=D(2027, 6, 20))
    assert item.expiry_alert_sent_on is None


def test_keeping_the_expiry_date_keeps_the_alert(checklist, technician):
    item = _item(checklist, "cndt")
    item.status, item.expires_on, item.expiry_alert_sent_on = (
        "valid",
        D(2026, 12, 20),
        D(2026, 11, 20),
    )
    item.save()
    with time_machine.travel("2026-11-25 12:00", tick=False):
        item = update_item(
            by=technician, item=item, status="valid", expires_on=D(2026, 12, 20), note="ok"
        )
    assert item.expiry_alert_sent_on == D(2026, 11, 20)


def test_a_valid_item_past_its_expiry_shows_as_expired(checklist):
    item = _item(checklist, "cndt")
    item.status, item.expires_on = "valid", D(2026, 12, 15)
    assert effective_status(item, D(2026, 12, 15)) == "valid"
    assert effective_status(item, D(2026, 12, 16)) == "expired"
