"""The deadline dashboard (/protocolo/painel/): counts per unit, each linking to the queue."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apoia.accounts.models import OrgUnit
from apoia.catalog.tests.factories import ServiceFactory
from apoia.protocol import services

DASHBOARD = reverse("protocol:dashboard")


@pytest.fixture
def community_requests(submit, coordinator):
    """Two late, one due soon, one on time and one concluded and rated 4."""
    quick = ServiceFactory(
        slug="servico-rapido",
        deadline_amount=1,
        responsible_unit=OrgUnit.objects.get(slug="ms-sec-spp-comunitarios"),
        allows_public_submission=True,
    )
    long_ago = timezone.now() - dt.timedelta(days=60)
    submit(received_at=long_ago)
    submit(received_at=long_ago)
    submit(service=quick, option=None)
    submit()
    done = submit()
    services.decide(done, accepted=True, by=coordinator)
    services.conclude(done, outcome="Oficina realizada.", by=coordinator)
    services.rate(done, score=4, holds_code=True)


def test_the_dashboard_counts_each_deadline_state_of_the_unit(
    seeds, community_requests, coordinator, sign_in
):
    response = sign_in(coordinator).get(DASHBOARD)

    [unit] = response.context["units"]
    assert unit["name"] == "Subsecretaria de Políticas Públicas para Assuntos Comunitários"
    counts = {key: unit[key] for key in ("open", "on_time", "due_soon", "late", "concluded")}
    assert counts == {"open": 4, "on_time": 1, "due_soon": 1, "late": 2, "concluded": 1}
    assert unit["received"] == 3  # the late ones came in 60 days ago, before this month
    assert unit["rating"] == 4


def test_each_count_links_to_the_same_list_in_the_queue(
    seeds, community_requests, coordinator, sign_in
):
    client = sign_in(coordinator)
    unit = client.get(DASHBOARD).context["units"][0]

    for key in ("open", "on_time", "due_soon", "late", "received", "concluded"):
        link = urlsplit(unit["links"][key])
        assert link.path == reverse("protocol:queue")
        queue = client.get(link.path, parse_qs(link.query))
        assert queue.context["page_obj"].paginator.count == unit[key], key


def test_the_dashboard_shows_only_the_users_units(seeds, community_requests, technician, sign_in):
    response = sign_in(technician).get(DASHBOARD)

    assert response.context["units"] == []
    assert "Nenhum pedido nas suas unidades por enquanto." in response.content.decode()


def test_the_page_shows_a_bar_of_late_requests(seeds, community_requests, coordinator, sign_in):
    html = sign_in(coordinator).get(DASHBOARD).content.decode()

    assert '<meter min="0" max="4" low="0.400000" high="1.000000" optimum="0" value="2"' in html
    assert 'data-count="late" aria-label="2 atrasados">2</a>' in html


def test_one_late_request_is_counted_in_the_singular(seeds, submit, coordinator, sign_in):
    with time_machine.travel("2026-01-05T10:00-04:00", tick=False):
        submit()
    with time_machine.travel("2026-03-18T10:00-04:00", tick=False):
        html = sign_in(coordinator).get(DASHBOARD).content.decode()

    assert 'data-count="late" aria-label="1 atrasado">1</a>' in html
    assert 'data-count="open" aria-label="1 pedido aberto">1</a>' in html
    assert 'aria-label="1 de 1 aberto atrasado"' in html


def test_a_requester_may_not_open_the_dashboard(seeds, organization_user, sign_in):
    response = sign_in(organization_user).get(DASHBOARD)

    assert response.status_code == 403
