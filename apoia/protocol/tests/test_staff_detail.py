"""A request's staff page: every field, the deadline, the timeline, and who sees what."""

import pytest
from django.utils import timezone

from apoia.accounts.models import OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.queries import public_events


def action_names(response) -> list[str]:
    return [action["name"] for action in response.context["actions"]]


@pytest.fixture
def ombudsman_coordinator(seeds):
    """Célia, coordinator of the ombudsman unit: handles complaints without knowing who."""
    user = User.objects.create_user(
        email="celia@apoia.test", password="senha-de-teste-1", full_name="Célia Campos"
    )
    ensure_membership(user, Role.COORDINATOR, org_unit=OrgUnit.objects.get(slug="ms-ouvidoria"))
    return user


def complain(**kwargs):
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no CRAS demorou três horas.",
        **kwargs,
    )


def test_the_page_shows_every_field_the_deadline_and_the_timeline(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    response = sign_in(coordinator).get(req.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert f"Pedido {req.protocol}" in html
    for text in (
        "Solicitar orientação técnica para a criação e fortalecimento de associações",
        req.option.name,
        "Pedimos uma formação para a diretoria da associação.",
        "10 a 14/03/2027",
        "Manhã: estatuto; tarde: prestação de contas.",
        "Maria da Silva",
        "maria@example.org",
        "529.982.247-25",
        "Associação do Bairro Teste",
        "Campo Grande/MS",
        "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        req.due_date.strftime("%d/%m/%Y"),
        'data-deadline="on_time">No prazo</span>',
        'data-status="received">Recebido</span>',
    ):
        assert text in html, text
    assert [e.kind for e in response.context["events"]] == ["submitted", "routed"]
    assert response.context["due_history"][0]["due"] == req.original_due_date


def test_the_protocol_can_be_typed_with_its_punctuation(seeds, submit, coordinator, sign_in):
    req = submit()

    response = sign_in(coordinator).get(f"/protocolo/{req.protocol.replace('/', '')}/")

    assert response.context["req"] == req


def test_a_mistyped_number_is_a_404(seeds, submit, coordinator, sign_in):
    req = submit()
    wrong = req.protocol_slug[:-1] + str((int(req.protocol_slug[-1]) + 1) % 10)

    assert sign_in(coordinator).get(f"/protocolo/{wrong}/").status_code == 404


def test_another_organization_gets_a_404(seeds, submit, other_organization_user, sign_in):
    req = submit()

    assert sign_in(other_organization_user).get(req.get_absolute_url()).status_code == 404


def test_a_coordinator_of_the_unit_may_decide_or_reroute_a_new_request(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    response = sign_in(coordinator).get(req.get_absolute_url())

    assert action_names(response) == ["decide", "message", "reroute"]
    assert f'action="/protocolo/{req.protocol_slug}/decidir/"' in response.content.decode()


def test_the_assigned_technician_handles_but_does_not_decide(
    seeds, submit, coordinator, technician, sign_in
):
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)

    response = sign_in(technician).get(req.get_absolute_url())

    assert action_names(response) == ["contact", "message", "wait", "conclude"]
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_a_waiting_request_offers_to_resume(seeds, submit, coordinator, technician, sign_in):
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto.", by=technician)

    response = sign_in(coordinator).get(req.get_absolute_url())

    assert action_names(response) == ["assign", "contact", "message", "resume", "conclude"]


def test_the_requester_on_this_page_sees_no_internal_notes_and_no_staff_actions(
    seeds, submit, organization_user, coordinator, sign_in
):
    req = submit(by=organization_user, requester=None, organization=None)
    services.post_message(req, text="Conferir o CNPJ antes.", by=coordinator, internal=True)
    services.post_message(req, text="Recebemos seu pedido.", by=coordinator)

    response = sign_in(organization_user).get(req.get_absolute_url())
    html = response.content.decode()

    assert [t.name for t in response.templates][0] == "protocol/public/track_detail.html"
    assert "/decidir/" not in html
    assert "Recebemos seu pedido." in html
    assert "Conferir o CNPJ antes." not in html


def test_staff_see_internal_notes_marked_as_such(seeds, submit, coordinator, sign_in):
    req = submit()
    note = services.post_message(req, text="Conferir o CNPJ antes.", by=coordinator, internal=True)

    html = sign_in(coordinator).get(req.get_absolute_url()).content.decode()

    assert note not in public_events(req)
    assert 'data-event="note" data-internal="true"' in html
    assert "Conferir o CNPJ antes." in html
    assert "Carla Coelho" in html


def test_an_ombudsman_requester_is_hidden_from_a_coordinator(
    seeds, ombudsman_coordinator, organization_user, sign_in
):
    req = complain(by=organization_user)

    response = sign_in(ombudsman_coordinator).get(req.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-requester="hidden"' in html
    assert "Paula Pires" not in html
    assert "paula@apoia.test" not in html
    assert "Associação de Moradores do Jardim Teste" not in html
    assert response.context["events"][0].who == "Demandante"


def test_the_ombudsman_sees_who_complained(seeds, ombudsman, organization_user, sign_in):
    req = complain(by=organization_user)

    html = sign_in(ombudsman).get(req.get_absolute_url()).content.decode()

    assert 'data-requester="shown"' in html
    assert "Paula Pires" in html
    assert "paula@apoia.test" in html


def test_an_anonymous_report_says_anonimo(seeds, ombudsman, sign_in):
    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        description="Desvio de cestas básicas no município.",
        anonymous=True,
    )

    html = sign_in(ombudsman).get(req.get_absolute_url()).content.decode()

    assert '<p data-requester="anonymous">Anônimo</p>' in html


def test_the_due_date_history_lists_each_change_and_why(seeds, ombudsman, sign_in):
    req = complain(
        requester=services.RequesterData(
            name="Rogério", email="rogerio@example.org", document="529.982.247-25"
        )
    )
    original = req.due_date
    services.extend_deadline(req, justification="Depende de resposta do município.", by=ombudsman)

    history = sign_in(ombudsman).get(req.get_absolute_url()).context["due_history"]

    assert [change["due"] for change in history] == [original, req.due_date]
    assert history[1]["why"].endswith("Justificativa: Depende de resposta do município.")
    assert history[0]["at"] == req.received_at
    assert history[1]["at"] <= timezone.now()


def _footer(response) -> str:
    content = response.content.decode()
    return content[content.index('id="footer-contact"') : content.index('id="footer-open-data"')]


def test_the_footer_shows_the_contacts_of_the_unit_holding_the_request(
    seeds, submit, coordinator, organization_user, sign_in, client
):
    req = submit(by=organization_user, requester=None, organization=None)
    req.unit.email, req.unit.phones = "vigilancia@sec.ms.gov.br", "(67) 3318-1234 / 99999-0000"
    req.unit.save(update_fields=["email", "phones"])

    staff_footer = _footer(sign_in(coordinator).get(req.get_absolute_url()))
    client.logout()
    requester_footer = _footer(sign_in(organization_user).get(req.get_absolute_url()))

    for footer in (staff_footer, requester_footer):
        assert "vigilancia@sec.ms.gov.br" in footer
        assert ">(67) 3318-1234</a>" in footer


def test_the_staff_page_links_the_receipt_and_the_requesters_view(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    body = sign_in(coordinator).get(req.get_absolute_url()).content.decode()

    assert f'href="/protocolo/{req.protocol_slug}/recibo/"' in body
    assert f'href="/acompanhar/{req.protocol_slug}/"' in body
