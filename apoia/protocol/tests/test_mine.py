"""Meus pedidos: a requester's own space, and the request's own page for its requester party
(the filer's account, or a colleague of the institution that filed it)."""

import pytest
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import UserFactory
from apoia.catalog.models import Service
from apoia.protocol import queries, rules, services
from apoia.protocol.models import EventKind, ServiceRequest
from apoia.protocol.rules import Verb
from apoia.territory.models import Municipality

MINE = reverse("protocol:mine")


@pytest.fixture
def cg(seeds):
    return Municipality.objects.get(ibge=5002704)


@pytest.fixture
def focal_point(cg):
    """Márcia, a second focal point of Campo Grande: Mário's colleague."""
    user = UserFactory(email="marcia@apoia.test", full_name="Márcia Moreira")
    ensure_membership(user, Role.MUNICIPAL, municipality=cg)
    return user


@pytest.fixture
def colleague(organization):
    """Renata, a second representative of Paula's association."""
    user = UserFactory(email="renata@apoia.test", full_name="Renata Rocha")
    ensure_membership(user, Role.ORGANIZATION, organization=organization)
    return user


def _filed_by(submit, user, **kwargs):
    return submit(by=user, requester=None, organization=None, **kwargs)


def _rows(response):
    return [row["req"].protocol for row in response.context["rows"]]


def _complaint(by, municipality):
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        subject="Atendimento",
        description="Ninguém atende o telefone da subsecretaria.",
        by=by,
        municipality=municipality,
    )


# --- who gets which list ---------------------------------------------------------------------


def test_a_requester_opening_the_queue_is_sent_to_meus_pedidos(seeds, organization_user, sign_in):
    response = sign_in(organization_user).get(reverse("protocol:queue"))

    assert response.status_code == 302
    assert response["Location"] == MINE


def test_staff_opening_meus_pedidos_are_sent_to_the_queue(seeds, coordinator, sign_in):
    response = sign_in(coordinator).get(MINE)

    assert response["Location"] == reverse("protocol:queue")


def test_meus_pedidos_asks_an_anonymous_visitor_to_sign_in(seeds, client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_staff_work_the_queue(seeds, coordinator, technician, ombudsman, municipal_user):
    assert [rules.works_the_queue(u) for u in (coordinator, technician, ombudsman)] == [True] * 3
    assert rules.works_the_queue(municipal_user) is False


def test_the_menu_says_meus_pedidos_to_a_requester_and_fila_to_staff(
    seeds, organization_user, coordinator, sign_in, client
):
    mine_html = sign_in(organization_user).get(MINE).content.decode()
    client.logout()
    queue_html = sign_in(coordinator).get(reverse("protocol:queue")).content.decode()

    assert f'href="{MINE}" aria-current="page"' in mine_html
    assert "Fila de pedidos" not in mine_html
    assert "Painel de prazos" not in mine_html
    assert "Fila de pedidos" in queue_html
    assert 'href="/meus-pedidos/"' not in queue_html


# --- what the list holds ---------------------------------------------------------------------


def test_a_focal_point_sees_what_the_prefeitura_filed_not_what_citizens_asked(
    seeds, submit, municipal_user, focal_point, cg, sign_in
):
    by_colleague = _filed_by(submit, focal_point, municipality=cg)
    by_citizen = submit(municipality=cg, organization=None)

    response = sign_in(municipal_user).get(MINE)

    assert _rows(response) == [by_colleague.protocol]
    assert by_citizen.protocol not in response.content.decode()


def test_a_representative_sees_the_requests_of_her_organization(
    seeds, submit, organization_user, colleague, other_organization_user, sign_in, client
):
    req = _filed_by(submit, colleague)

    mine = sign_in(organization_user).get(MINE)
    client.logout()
    other = sign_in(other_organization_user).get(MINE)

    assert _rows(mine) == [req.protocol]
    assert _rows(other) == []


def test_a_municipal_colleague_never_sees_a_complaint_filed_by_a_focal_point(
    seeds, municipal_user, focal_point, cg, sign_in
):
    complaint = _complaint(focal_point, cg)

    client = sign_in(municipal_user)

    assert complaint.municipality == cg
    assert list(queries.visible_to(municipal_user)) == []
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert _rows(client.get(MINE)) == []


def test_the_filer_of_a_complaint_still_sees_it_in_meus_pedidos(seeds, focal_point, cg, sign_in):
    complaint = _complaint(focal_point, cg)

    response = sign_in(focal_point).get(MINE)

    assert _rows(response) == [complaint.protocol]
    assert f"Manifestação {complaint.protocol}" in response.content.decode()


def test_each_row_shows_status_due_date_and_the_next_step(
    seeds, submit, organization_user, coordinator, technician, sign_in, wednesday_2026_03_18
):
    req = _filed_by(submit, organization_user)
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto.", by=technician)

    html = sign_in(organization_user).get(MINE).content.decode()

    assert 'data-status="waiting_requester">Aguardando o demandante</span>' in html
    assert '<dd data-next-step="your_reply"><strong>Aguardando sua resposta</strong></dd>' in html
    assert "<dd>01/04/2026</dd>" in html
    assert f'href="/protocolo/{req.protocol_slug}/"' in html


@pytest.mark.parametrize(
    ("situacao", "expected"),
    [("abertos", ["open"]), ("encerrados", ["done"]), ("", ["open", "done"])],
)
def test_the_list_filters_open_and_closed_requests(
    situacao, expected, seeds, submit, organization_user, coordinator, technician, sign_in
):
    done = _filed_by(submit, organization_user)
    services.decide(done, accepted=True, by=coordinator, assignee=technician)
    services.conclude(done, outcome="Feito.", by=technician)
    opened = _filed_by(submit, organization_user)
    names = {opened.protocol: "open", done.protocol: "done"}

    response = sign_in(organization_user).get(MINE, {"situacao": situacao})

    assert [names[p] for p in _rows(response)] == expected


def test_the_list_finds_a_request_by_part_of_its_number(seeds, submit, organization_user, sign_in):
    first = _filed_by(submit, organization_user)
    _filed_by(submit, organization_user)
    sequence = first.protocol.split(".")[1].split("/")[0]  # "000001"

    by_part = sign_in(organization_user).get(MINE, {"q": sequence + "/" + first.protocol[-7:-3]})
    by_whole = sign_in(organization_user).get(MINE, {"q": first.protocol_slug})
    by_text = sign_in(organization_user).get(MINE, {"q": "estatuto"})

    assert _rows(by_part) == [first.protocol]
    assert _rows(by_whole) == [first.protocol]
    assert _rows(by_text) == []


def test_an_empty_list_points_to_the_carta_de_servicos(seeds, organization_user, sign_in):
    html = sign_in(organization_user).get(MINE).content.decode()

    assert "Você ainda não fez nenhum pedido." in html
    assert f'href="{reverse("catalog:list")}">Ver a Carta de Serviços</a>' in html


def test_the_list_has_no_staff_filters(seeds, organization_user, sign_in):
    form = sign_in(organization_user).get(MINE).context["form"]

    assert list(form.fields) == ["q", "situacao"]


def test_the_list_is_paginated_by_twenty(seeds, submit, organization_user, sign_in, settings):
    for _ in range(21):
        _filed_by(submit, organization_user)

    first = sign_in(organization_user).get(MINE)
    second = sign_in(organization_user).get(MINE, {"page": 2})

    assert (len(_rows(first)), len(_rows(second))) == (20, 1)


# --- the request's own page, for its requester party ------------------------------------------


def test_the_requesters_page_offers_reply_and_the_receipt(
    seeds, submit, organization_user, colleague, sign_in
):
    req = _filed_by(submit, colleague)

    response = sign_in(organization_user).get(req.get_absolute_url())
    html = response.content.decode()

    assert response.context["can_reply"] is True
    assert f'action="/acompanhar/{req.protocol_slug}/responder/"' in html
    assert '<input type="hidden" name="origem" value="conta">' in html
    assert f'href="/protocolo/{req.protocol_slug}/recibo/"' in html
    assert response.context["breadcrumbs"][0] == ("Meus pedidos", MINE)


def test_a_colleague_replies_from_the_requests_page_and_returns_there(
    seeds, submit, organization_user, colleague, coordinator, technician, sign_in
):
    req = _filed_by(submit, colleague)
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto.", by=technician)

    response = sign_in(organization_user).post(
        reverse("protocol:track_reply", args=[req.protocol_slug]),
        {"text": "Segue o estatuto.", "origem": "conta"},
    )

    reply = req.events.get(kind=EventKind.REQUESTER_MESSAGE)
    assert response["Location"] == req.get_absolute_url()
    assert (reply.actor, reply.text) == (organization_user, "Segue o estatuto.")
    assert ServiceRequest.objects.get(pk=req.pk).status == "in_progress"


def test_a_concluded_request_offers_rating_and_reopening_to_the_colleague(
    seeds, submit, municipal_user, focal_point, cg, coordinator, technician, sign_in
):
    req = _filed_by(submit, focal_point, municipality=cg)
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.conclude(req, outcome="Formação realizada.", by=technician)

    response = sign_in(municipal_user).get(req.get_absolute_url())

    assert (response.context["can_rate"], response.context["can_reopen"]) == (True, True)
    assert response.context["next_step"].code == "rate"
    assert rules.allowed_verbs(municipal_user, req) == {Verb.RATE, Verb.REOPEN}


def test_a_refused_request_offers_the_appeal(
    seeds, submit, organization_user, coordinator, sign_in
):
    req = _filed_by(submit, organization_user)
    services.decide(
        req,
        accepted=False,
        reason="out_of_scope",
        justification="Não é desta unidade.",
        by=coordinator,
    )

    response = sign_in(organization_user).post(
        reverse("protocol:track_appeal", args=[req.protocol_slug]),
        {"text": "É sim: veja o art. 6.", "origem": "conta"},
    )

    assert response["Location"] == req.get_absolute_url()
    assert ServiceRequest.objects.get(pk=req.pk).status == "appealed"


def test_staff_posting_a_requesters_action_get_a_404(seeds, submit, coordinator, sign_in):
    req = submit()

    response = sign_in(coordinator).post(
        reverse("protocol:track_reply", args=[req.protocol_slug]), {"text": "Eu?"}
    )

    assert response.status_code == 404


def test_the_staff_page_stays_for_the_unit_handling_the_request(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    response = sign_in(coordinator).get(req.get_absolute_url())

    assert [t.name for t in response.templates][0] == "protocol/staff/detail.html"
