import datetime

import pytest
from django.test import override_settings

from apoia.society import digest_councils
from apoia.society.models.councils import Mandate
from apoia.society.tests.test_councils_services import make_council, seat_with_holders

D = datetime.date


@pytest.fixture
def ending(technician, campo_grande, organization):
    """A civil-society seat of the CMAS held by `organization`; both mandates end 2027-02-28."""
    council = make_council(technician, campo_grande)
    seat, titular, alternate = seat_with_holders(
        technician, council, "civil_society", "Entidades de assistência", organization
    )
    return titular, alternate


@pytest.mark.django_db
def test_mandate_ending_within_sixty_days_alerts_coordinator_and_organization(
    ending, coordinator, organization_user, technician
):
    titular, alternate = ending
    found = digest_councils.collect(D(2027, 1, 15))
    assert found[coordinator.pk] == {"ending": [titular.pk, alternate.pk]}
    assert found[organization_user.pk] == {"ending": [titular.pk, alternate.pk]}
    assert technician.pk not in found


@pytest.mark.django_db
def test_ending_mandate_is_alerted_once(ending, coordinator):
    digest_councils.collect(D(2027, 1, 15))
    assert digest_councils.collect(D(2027, 1, 16)) == {}
    assert Mandate.objects.filter(end_alert_sent_on=D(2027, 1, 15)).count() == 2


@pytest.mark.django_db
def test_mandate_ending_in_sixty_one_days_has_no_alert(ending, coordinator):
    assert digest_councils.collect(D(2026, 12, 29)) == {}


@pytest.mark.django_db
def test_mandate_ending_in_exactly_sixty_days_is_alerted(ending, coordinator):
    assert coordinator.pk in digest_councils.collect(D(2026, 12, 30))


@pytest.mark.django_db
def test_ended_mandate_has_no_alert(ending, coordinator):
    assert digest_councils.collect(D(2027, 3, 1)) == {}


@pytest.mark.django_db
def test_coordinator_of_another_state_is_not_alerted(ending, state_mt):
    from apoia.accounts.models import Role
    from apoia.accounts.services import ensure_membership
    from apoia.accounts.tests.factories import OrgUnitFactory, UserFactory

    unit = OrgUnitFactory(slug="mt-unidade", state=state_mt)
    mt_coordinator = UserFactory(email="coord-mt@apoia.test")
    ensure_membership(mt_coordinator, Role.COORDINATOR, org_unit=unit)
    assert mt_coordinator.pk not in digest_councils.collect(D(2027, 1, 15))


@pytest.mark.django_db
@override_settings(SITE_URL="https://apoia.example")
def test_render_names_council_person_role_seat_and_date(ending, coordinator):
    titular, _ = ending
    payload = digest_councils.collect(D(2027, 1, 15))[coordinator.pk]
    [(heading, lines)] = digest_councils.render(payload, D(2027, 1, 15))
    assert heading == "Mandatos de conselheiros que terminam em até 60 dias"
    assert lines[0] == (
        "CMAS Campo Grande — mandato de Titular Entidades de assistência (titular, "
        "Entidades de assistência) termina em 28/02/2027 — "
        f"https://apoia.example/conselhos/{titular.seat.council_id}/"
    )


@pytest.mark.django_db
def test_mandate_whose_successor_is_registered_has_no_alert(ending, coordinator, technician):
    from apoia.society import services_councils

    titular, alternate = ending
    services_councils.add_mandate(
        by=technician,
        seat=titular.seat,
        role="titular",
        person_name="Sucessora",
        starts_on=D(2027, 3, 1),
        ends_on=D(2029, 2, 28),
    )
    assert digest_councils.collect(D(2027, 1, 15))[coordinator.pk] == {"ending": [alternate.pk]}
