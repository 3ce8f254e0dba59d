from django.contrib.auth.models import AnonymousUser

from apoia.accounts.models import Role
from apoia.accounts.queries import units_visible_to, visible_to
from apoia.accounts.tests.factories import MembershipFactory, OrgUnitFactory, UserFactory


def test_an_administrator_sees_everyone(admin_user, technician, municipal_user, organization_user):
    assert set(visible_to(admin_user)) == {
        admin_user,
        technician,
        municipal_user,
        organization_user,
    }


def test_a_coordinator_sees_members_of_their_unit_and_sub_units_but_not_other_units(
    coordinator, technician, ombudsman, municipal_user, community_unit
):
    sub_unit = OrgUnitFactory(parent=community_unit, state=community_unit.state)
    sub_unit_member = MembershipFactory(org_unit=sub_unit, user__full_name="Sara Sub").user
    other_unit_member = MembershipFactory(user__full_name="Ivo Outro").user

    visible = visible_to(coordinator)

    assert set(visible) == {coordinator, technician, sub_unit_member}
    assert other_unit_member not in visible
    assert ombudsman not in visible


def test_a_member_with_two_roles_in_the_unit_is_listed_once(coordinator, community_unit):
    person = UserFactory()
    MembershipFactory(user=person, org_unit=community_unit, role=Role.TECHNICIAN)
    MembershipFactory(user=person, org_unit=community_unit, role=Role.OMBUDSMAN)

    assert list(visible_to(coordinator).filter(pk=person.pk)) == [person]
    assert visible_to(coordinator).count() == 2


def test_a_coordinator_manages_their_unit_and_its_sub_units(coordinator, community_unit):
    sub_unit = OrgUnitFactory(parent=community_unit, state=community_unit.state)
    OrgUnitFactory(slug="fora")

    assert set(units_visible_to(coordinator)) == {community_unit, sub_unit}


def test_a_technician_sees_only_themselves(technician, coordinator):
    assert list(visible_to(technician)) == [technician]
    assert list(units_visible_to(technician)) == []


def test_an_ombudsman_sees_only_themselves(ombudsman, technician):
    assert list(visible_to(ombudsman)) == [ombudsman]


def test_a_municipal_user_sees_only_themselves(municipal_user, technician):
    assert list(visible_to(municipal_user)) == [municipal_user]


def test_an_organization_user_sees_only_themselves(organization_user, other_organization_user):
    assert list(visible_to(organization_user)) == [organization_user]
    assert list(visible_to(other_organization_user)) == [other_organization_user]


def test_an_anonymous_visitor_sees_nobody(technician):
    assert list(visible_to(AnonymousUser())) == []


def test_an_inactive_coordinator_sees_nobody(coordinator, technician):
    coordinator.is_active = False

    assert list(visible_to(coordinator)) == []
