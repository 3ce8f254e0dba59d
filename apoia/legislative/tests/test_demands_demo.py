"""The demands' demo: the desk's login and three demands, once."""

import datetime as dt

import pytest
from django.contrib.auth.hashers import check_password

from apoia.accounts.models import Membership, User
from apoia.legislative import demo_demands
from apoia.legislative.models import ParliamentaryDemand
from apoia.legislative.tests.test_demands_helpers import TZ, at, load_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(state_ms, campo_grande, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    return load_desk()


def test_the_demo_files_three_demands_once_and_opens_the_desk_login(demo):
    with at(dt.datetime(2026, 6, 10, 9, tzinfo=TZ)):
        first = demo_demands.load()
        second = demo_demands.load()

    assert first == [
        "legislative demands: 3 demandas parlamentares de demonstração; mesa: "
        "legislativo@apoia.demo (coordenação de Superintendência de Acompanhamento "
        "Legislativo, mesma senha)"
    ]
    assert second[0].startswith("legislative demands: 0 demandas")
    assert ParliamentaryDemand.objects.count() == 3
    login = User.objects.get(email="legislativo@apoia.demo")
    assert check_password("demo-senha-1", login.password)
    assert list(Membership.objects.filter(user=login).values_list("role", "org_unit")) == [
        ("coordinator", demo.pk)
    ]


def test_the_demo_has_one_answered_demand_and_one_open_near_its_deadline(demo):
    with at(dt.datetime(2026, 6, 10, 9, tzinfo=TZ)):
        demo_demands.load()

    statuses = {
        d.legislator: (d.request.status, d.request.due_date)
        for d in ParliamentaryDemand.objects.select_related("request")
    }
    assert statuses["Deputada Estadual Marta Quintana"][0] == "concluded"
    status, due = statuses["Vereador Caio Brandão"]
    assert status == "received"
    assert dt.date(2026, 6, 11) <= due <= dt.date(2026, 6, 12)


def test_the_demo_without_the_desk_does_nothing(state_ms):
    assert demo_demands.load() == [
        "legislative demands: sem a mesa ms-segem-sal, nada a demonstrar"
    ]
