"""The unit queue (/protocolo/): who sees what, filters, search, sorting and pagination."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apoia.accounts.models import OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.catalog.models import Service
from apoia.catalog.tests.factories import ServiceFactory
from apoia.protocol import services
from apoia.protocol.models import ServiceRequest
from apoia.territory.models import Municipality

QUEUE = reverse("protocol:queue")


def protocols(response) -> list[str]:
    return [req.protocol for req in response.context["requests"]]


def person(email: str, name: str, role: str, **scope) -> User:
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    ensure_membership(user, role, **scope)
    return user


@pytest.fixture
def quick_service(seeds):
    """A community-unit service answered in 1 business day: always "due soon" when new."""
    return ServiceFactory(
        slug="servico-rapido",
        name="Serviço de prazo curto",
        deadline_amount=1,
        responsible_unit=OrgUnit.objects.get(slug="ms-sec-spp-comunitarios"),
        allows_public_submission=True,
    )


@pytest.fixture
def segem_coordinator(seeds):
    """Sérgio, coordinator of another unit (SEGEM): none of the community requests are his."""
    return person(
        "sergio@apoia.test",
        "Sérgio Souza",
        Role.COORDINATOR,
        org_unit=OrgUnit.objects.get(slug="ms-segem"),
    )


@pytest.fixture
def three_deadlines(submit, quick_service):
    """One late, one due soon, one on time, all in the community unit."""
    now = timezone.now()
    late = submit(received_at=now - dt.timedelta(days=60), description="Pedido antigo, atrasado.")
    soon = submit(service=quick_service, option=None, description="Pedido que vence logo.")
    on_time = submit(description="Pedido novo, dentro do prazo.")
    return late, soon, on_time


def test_the_queue_asks_for_login(client, db):
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={QUEUE}"


def test_a_coordinator_sees_their_units_requests_and_another_unit_sees_none(
    seeds, submit, coordinator, segem_coordinator, sign_in
):
    req = submit()

    own = sign_in(coordinator).get(QUEUE)
    assert protocols(own) == [req.protocol]
    assert req.protocol in own.content.decode()

    other = sign_in(segem_coordinator).get(QUEUE)
    assert protocols(other) == []
    assert "Nenhum pedido na sua fila por enquanto." in other.content.decode()
    assert sign_in(segem_coordinator).get(req.get_absolute_url()).status_code == 404


def test_a_technician_sees_only_the_requests_assigned_to_them(
    seeds, submit, coordinator, technician, sign_in
):
    assigned = submit(description="Pedido designado ao Tiago.")
    submit(description="Pedido ainda sem técnico.")
    services.decide(assigned, accepted=True, by=coordinator, assignee=technician)

    response = sign_in(technician).get(QUEUE)

    assert protocols(response) == [assigned.protocol]


def test_the_status_filter_keeps_only_that_status(seeds, submit, coordinator, sign_in):
    accepted = submit(description="Pedido que será aceito.")
    submit(description="Pedido só recebido.")
    services.decide(accepted, accepted=True, by=coordinator)

    response = sign_in(coordinator).get(QUEUE, {"situacao": "accepted"})

    assert protocols(response) == [accepted.protocol]


@pytest.mark.parametrize("state, index", [("late", 0), ("due_soon", 1), ("on_time", 2)])
def test_the_deadline_filter_keeps_one_deadline_state(
    seeds, three_deadlines, coordinator, sign_in, state, index
):
    response = sign_in(coordinator).get(QUEUE, {"prazo": state})

    assert protocols(response) == [three_deadlines[index].protocol]


def test_each_row_carries_its_deadline_tag(seeds, three_deadlines, coordinator, sign_in):
    response = sign_in(coordinator).get(QUEUE, {"ordem": "recebido"})
    html = response.content.decode()

    assert [req.deadline_tag["label"] for req in response.context["requests"]] == [
        "Atrasado",
        "Vence em breve",
        "No prazo",
    ]
    assert '<span class="br-tag small danger" data-deadline="late">Atrasado</span>' in html
    assert 'data-deadline="due_soon">Vence em breve</span>' in html
    assert '<span class="br-tag small success" data-deadline="on_time">No prazo</span>' in html


def test_a_concluded_request_has_no_deadline_state(seeds, submit, coordinator, sign_in):
    req = submit(received_at=timezone.now() - dt.timedelta(days=60))
    services.decide(req, accepted=True, by=coordinator)
    services.conclude(req, outcome="Formação realizada em março.", by=coordinator)

    response = sign_in(coordinator).get(QUEUE)
    late = sign_in(coordinator).get(QUEUE, {"prazo": "late"})

    assert [r.deadline_tag for r in response.context["requests"]] == [None]
    assert protocols(late) == []


def test_the_municipality_filter(seeds, submit, coordinator, sign_in):
    campo_grande = submit()
    dourados = submit(municipality=Municipality.objects.get(ibge=5003702), organization=None)

    response = sign_in(coordinator).get(QUEUE, {"municipio": "5003702"})

    assert protocols(response) == [dourados.protocol]
    assert campo_grande.protocol not in response.content.decode()


def test_the_service_filter(seeds, submit, quick_service, coordinator, sign_in):
    submit()
    quick = submit(service=quick_service, option=None)

    response = sign_in(coordinator).get(QUEUE, {"servico": "servico-rapido"})

    assert protocols(response) == [quick.protocol]


def test_the_unit_filter_and_requests_without_a_unit(seeds, submit, admin_user, sign_in):
    community = submit()
    unrouted_service = ServiceFactory(
        slug="sem-unidade", allows_public_submission=True, responsible_unit=None
    )
    unrouted = submit(service=unrouted_service, option=None)

    client = sign_in(admin_user)

    assert protocols(client.get(QUEUE, {"unidade": "ms-sec-spp-comunitarios"})) == [
        community.protocol
    ]
    assert protocols(client.get(QUEUE, {"unidade": "nenhuma"})) == [unrouted.protocol]


def test_the_assignee_filter_mine_and_unassigned(seeds, submit, coordinator, sign_in):
    mine = submit(description="Pedido que a Carla atende.")
    nobody = submit(description="Pedido ainda sem técnico.")
    services.decide(mine, accepted=True, by=coordinator, assignee=coordinator)

    client = sign_in(coordinator)

    assert protocols(client.get(QUEUE, {"responsavel": "meus"})) == [mine.protocol]
    assert protocols(client.get(QUEUE, {"responsavel": "nenhum"})) == [nobody.protocol]


def test_the_received_since_filter(seeds, submit, coordinator, sign_in):
    now = timezone.now()
    submit(received_at=now - dt.timedelta(days=40))
    recent = submit(received_at=now - dt.timedelta(days=2))

    since = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    response = sign_in(coordinator).get(QUEUE, {"recebido_de": since})

    assert protocols(response) == [recent.protocol]


def test_search_finds_by_protocol_digits_description_and_requester_name(
    seeds, submit, coordinator, services_requester, sign_in
):
    first = submit(description="Oficina sobre cooperativismo rural.")
    second = submit(requester=services_requester, description="Capacitação da diretoria.")
    client = sign_in(coordinator)

    assert protocols(client.get(QUEUE, {"q": first.protocol_slug})) == [first.protocol]
    assert protocols(client.get(QUEUE, {"q": "cooperativismo"})) == [first.protocol]
    assert protocols(client.get(QUEUE, {"q": "Joana"})) == [second.protocol]


@pytest.fixture
def services_requester():
    return services.RequesterData(
        name="Joana Dias", email="joana@example.org", document="529.982.247-25"
    )


@pytest.fixture
def ombudsman_coordinator(seeds):
    """Coordinator of the ombudsman unit: sees its queue, not who complained."""
    return person(
        "celia@apoia.test",
        "Célia Campos",
        Role.COORDINATOR,
        org_unit=OrgUnit.objects.get(slug="ms-ouvidoria"),
    )


def test_an_ombudsman_requesters_name_is_searchable_only_by_the_ombudsman(
    seeds, ombudsman_coordinator, ombudsman, sign_in, client
):
    complaint = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no CRAS demorou três horas.",
        requester=services.RequesterData(
            name="Rogério Reclamante", email="rogerio@example.org", document="529.982.247-25"
        ),
    )

    hidden = sign_in(ombudsman_coordinator).get(QUEUE, {"q": "Rogério"})
    assert protocols(sign_in(ombudsman_coordinator).get(QUEUE)) == [complaint.protocol]
    assert protocols(hidden) == []

    shown = sign_in(ombudsman).get(QUEUE, {"q": "Rogério"})
    assert protocols(shown) == [complaint.protocol]


def test_sorting_by_due_date_received_and_protocol(seeds, three_deadlines, coordinator, sign_in):
    late, soon, on_time = three_deadlines
    client = sign_in(coordinator)

    assert protocols(client.get(QUEUE)) == [late.protocol, soon.protocol, on_time.protocol]
    assert protocols(client.get(QUEUE, {"ordem": "-prazo"})) == [
        on_time.protocol,
        soon.protocol,
        late.protocol,
    ]
    assert protocols(client.get(QUEUE, {"ordem": "-recebido"})) == [
        on_time.protocol,
        soon.protocol,
        late.protocol,
    ]
    by_number = sorted(r.protocol for r in three_deadlines)
    assert protocols(client.get(QUEUE, {"ordem": "protocolo"})) == by_number


def test_sorting_by_status_follows_the_pipeline(seeds, submit, coordinator, sign_in):
    concluded = submit(description="Pedido concluído.")
    received = submit(description="Pedido recebido.")
    accepted = submit(description="Pedido aceito.")
    services.decide(accepted, accepted=True, by=coordinator)
    services.decide(concluded, accepted=True, by=coordinator)
    services.conclude(concluded, outcome="Feito.", by=coordinator)

    response = sign_in(coordinator).get(QUEUE, {"ordem": "situacao"})

    assert protocols(response) == [received.protocol, accepted.protocol, concluded.protocol]


def test_an_unknown_filter_value_is_ignored_and_flagged(seeds, submit, coordinator, sign_in):
    req = submit()

    response = sign_in(coordinator).get(QUEUE, {"situacao": "inexistente", "ordem": "xyz"})

    assert protocols(response) == [req.protocol]
    assert "Alguns filtros são inválidos e foram ignorados." in response.content.decode()


def test_the_queue_pages_by_25(seeds, submit, coordinator, sign_in):
    for n in range(26):
        submit(description=f"Pedido número {n:02d} da fila.")

    client = sign_in(coordinator)
    first = client.get(QUEUE, {"ordem": "protocolo"})
    second = client.get(QUEUE, {"ordem": "protocolo", "page": 2})

    assert len(protocols(first)) == 25
    assert len(protocols(second)) == 1
    assert set(protocols(first)) | set(protocols(second)) == set(
        ServiceRequest.objects.values_list("protocol", flat=True)
    )
    assert "Página 1 de 2" in first.content.decode()


def test_a_filter_that_matches_nothing_offers_to_clear_it(seeds, submit, coordinator, sign_in):
    submit()

    response = sign_in(coordinator).get(QUEUE, {"q": "nada-parecido"})

    assert protocols(response) == []
    assert "Nenhum pedido atende a estes filtros." in response.content.decode()


def test_the_export_links_keep_the_filters(seeds, submit, coordinator, sign_in):
    submit()

    response = sign_in(coordinator).get(QUEUE, {"prazo": "on_time", "page": "1"})

    assert response.context["csv_url"] == "?prazo=on_time&formato=csv"
    assert response.context["xlsx_url"] == "?prazo=on_time&formato=xlsx"


def test_the_queue_costs_the_same_queries_for_more_rows(
    seeds, submit, coordinator, technician, sign_in
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(QUEUE)
        return len(captured.captured_queries)

    client = sign_in(coordinator)
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    few = queries()
    for n in range(5):
        done = submit(description=f"Pedido extra número {n}.")
        services.decide(done, accepted=True, by=coordinator, assignee=technician)

    assert queries() == few
