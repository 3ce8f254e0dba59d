# ruff: noqa: F811 - the fixtures imported from test_bills_helpers are arguments by name
"""Who may see and do what on a bill (apoia.legislative.queries), persona by persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apoia.accounts.models import Role
from apoia.legislative import queries
from apoia.legislative.tests.test_bills_helpers import (  # noqa: F401 - fixtures
    bill,
    desk,
    desk_user,
    mt_unit,
    person,
    route,
    segem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulted(bill, desk_user, community_unit):
    (req,) = route(desk_user, bill, [community_unit])
    return req


def _rules(user, bill, req):
    return (
        queries.may_see_internal(user, bill),
        queries.is_desk_for(user, bill),
        queries.may_answer(user, req),
        queries.is_consulted(user, req),
    )


def test_the_desk_sees_acts_and_may_answer_but_is_not_consulted(bill, consulted, desk_user):
    assert _rules(desk_user, bill, consulted) == (True, True, True, False)


def test_the_consulted_unit_sees_and_answers_but_does_not_act(bill, consulted, technician):
    assert _rules(technician, bill, consulted) == (True, False, True, True)


def test_another_unit_of_the_state_only_sees(bill, consulted, ombudsman_unit):
    other = person("outra@apoia.test", ombudsman_unit, Role.TECHNICIAN)
    assert _rules(other, bill, consulted) == (True, False, False, False)


def test_staff_of_another_state_see_nothing_internal(bill, consulted, mt_unit):
    other = person("mt@apoia.test", mt_unit, Role.TECHNICIAN)
    assert _rules(other, bill, consulted) == (False, False, False, False)


def test_the_ombudsman_role_is_no_desk_staff(bill, consulted, ombudsman):
    assert _rules(ombudsman, bill, consulted) == (False, False, False, False)


def test_anonymous_people_see_only_public_facts(bill, consulted):
    assert _rules(AnonymousUser(), bill, consulted) == (False, False, False, False)
    assert list(queries.public_bills()) == [bill]


def test_an_admin_may_everything(bill, consulted, admin_user):
    assert _rules(admin_user, bill, consulted) == (True, True, True, True)
