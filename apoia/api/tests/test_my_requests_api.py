"""GET /api/v1/requests/mine: Meus pedidos through the API, with the same scope, fields and
filters as the page; and the requester's actions of a colleague answered as on the web."""

import json

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import UserFactory, bearer
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import services
from apoia.protocol.models import EventKind, ServiceRequest

MINE = "/api/v1/requests/mine"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def catalog(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    load_catalog()


@pytest.fixture
def colleague(organization):
    """Renata, a second representative of Paula's association."""
    user = UserFactory(email="renata@apoia.test", full_name="Renata Rocha")
    ensure_membership(user, Role.ORGANIZATION, organization=organization)
    return user


def _file(by, **kwargs):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    return services.submit_request(
        service=service,
        option=service.options.get(slug="formacao-capacitacao"),
        description="Pedimos uma formação para a diretoria da associação.",
        by=by,
        **kwargs,
    )


def _waiting(req, coordinator, technician):
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto.", by=technician)
    return req


def test_the_list_gives_status_due_date_next_step_and_actions(
    catalog, organization_user, colleague, coordinator, technician, client
):
    with time_machine.travel("2026-03-18T10:00-04:00", tick=False):
        req = _waiting(_file(colleague), coordinator, technician)
        body = client.get(MINE, **bearer(organization_user)).json()

    assert body["count"] == 1
    assert body["pages"] == 1
    (row,) = body["results"]
    assert row["protocol"] == req.protocol
    assert (row["status"], row["status_label"]) == ("waiting_requester", "Aguardando o demandante")
    assert row["due"] == "2026-04-01"
    assert row["next_step"] == {
        "code": "your_reply",
        "label": "Aguardando sua resposta",
        "yours": True,
    }
    assert row["actions"] == ["reply"]
    assert row["service"]["slug"] == "orientacao-associacoes-comunitarias"


def test_the_list_holds_the_same_requests_as_the_page(
    catalog, organization_user, colleague, other_organization_user, client
):
    own = _file(organization_user)
    theirs = _file(colleague)
    _file(other_organization_user)
    page = Client()
    page.force_login(organization_user, backend=MODEL_BACKEND)

    api = [r["protocol"] for r in client.get(MINE, **bearer(organization_user)).json()["results"]]
    web = [row["req"].protocol for row in page.get(reverse("protocol:mine")).context["rows"]]

    assert api == web == [theirs.protocol, own.protocol]


def test_the_state_and_number_filters_match_the_pages(
    catalog, organization_user, coordinator, technician, client
):
    done = _file(organization_user)
    services.decide(done, accepted=True, by=coordinator, assignee=technician)
    services.conclude(done, outcome="Feito.", by=technician)
    opened = _file(organization_user)
    token = bearer(organization_user)

    def protocols(**params):
        return [r["protocol"] for r in client.get(MINE, params, **token).json()["results"]]

    assert protocols(state="open") == [opened.protocol]
    assert protocols(state="closed") == [done.protocol]
    assert protocols(protocol=done.protocol_slug) == [done.protocol]


def test_an_unknown_state_answers_422(catalog, organization_user, client):
    response = client.get(MINE, {"state": "aberto"}, **bearer(organization_user))

    assert response.status_code == 422


def test_the_list_needs_a_token(catalog, client):
    assert client.get(MINE).status_code == 401


def test_mine_is_not_read_as_a_protocol_number(catalog, coordinator, client):
    response = client.get(MINE, **bearer(coordinator))

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_colleague_never_lists_a_complaint_a_focal_point_filed(
    catalog, municipal_user, campo_grande, client
):
    focal_point = UserFactory(email="marcia@apoia.test", full_name="Márcia Moreira")
    ensure_membership(focal_point, Role.MUNICIPAL, municipality=campo_grande)
    services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        subject="Atendimento",
        description="Ninguém atende o telefone.",
        by=focal_point,
        municipality=campo_grande,
    )

    colleague_rows = client.get(MINE, **bearer(municipal_user)).json()["results"]
    filer_rows = client.get(MINE, **bearer(focal_point)).json()["results"]

    assert colleague_rows == []
    assert [r["next_step"]["code"] for r in filer_rows] == ["unit_review"]
    assert filer_rows[0]["next_step"]["label"] == "Em análise pela ouvidoria"


# --- the same case through the page and through the API ---------------------------------------


def test_a_colleagues_reply_is_taken_alike_on_the_web_and_in_the_api(
    catalog, organization_user, colleague, coordinator, technician
):
    on_web = _waiting(_file(colleague), coordinator, technician)
    on_api = _waiting(_file(colleague), coordinator, technician)
    web = Client()
    web.force_login(organization_user, backend=MODEL_BACKEND)

    page = web.post(
        reverse("protocol:track_reply", args=[on_web.protocol_slug]),
        {"text": "Segue o estatuto.", "origem": "conta"},
    )
    api = Client().post(
        f"/api/v1/requests/{on_api.protocol_slug}/replies",
        json.dumps({"text": "Segue o estatuto."}),
        content_type="application/json",
        **bearer(organization_user),
    )

    assert (page.status_code, api.status_code) == (302, 201)
    for req in (on_web, on_api):
        reply = req.events.get(kind=EventKind.REQUESTER_MESSAGE)
        assert (reply.actor, ServiceRequest.objects.get(pk=req.pk).status) == (
            organization_user,
            "in_progress",
        )


def test_a_colleagues_rating_twice_is_refused_alike(
    catalog, organization_user, colleague, coordinator, technician
):
    req = _file(colleague)
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.conclude(req, outcome="Feito.", by=technician)
    services.rate(req, score=5, by=colleague)
    web = Client()
    web.force_login(organization_user, backend=MODEL_BACKEND)

    page = web.post(
        reverse("protocol:track_rate", args=[req.protocol_slug]), {"score": "4", "origem": "conta"}
    )
    api = Client().post(
        f"/api/v1/requests/{req.protocol_slug}/rating",
        json.dumps({"score": 4}),
        content_type="application/json",
        **bearer(organization_user),
    )

    assert (page.status_code, api.status_code) == (400, 409)
    assert "Este atendimento já foi avaliado." in page.content.decode()
    assert api.json() == {"detail": "Este atendimento já foi avaliado."}


def test_someone_outside_the_institution_gets_the_same_404_on_both(
    catalog, colleague, other_organization_user
):
    req = _waiting(_file(colleague), *_staff())
    web = Client()
    web.force_login(other_organization_user, backend=MODEL_BACKEND)

    page = web.post(reverse("protocol:track_reply", args=[req.protocol_slug]), {"text": "Oi"})
    api = Client().post(
        f"/api/v1/requests/{req.protocol_slug}/replies",
        json.dumps({"text": "Oi"}),
        content_type="application/json",
        **bearer(other_organization_user),
    )

    assert (page.status_code, api.status_code) == (404, 404)


def _staff():
    from apoia.accounts.models import OrgUnit, User

    unit = OrgUnit.objects.get(slug="ms-sec-spp-comunitarios")
    boss = User.objects.create_user(email="chefe@apoia.test", full_name="Chefe", password="x")
    ensure_membership(boss, Role.COORDINATOR, org_unit=unit)
    tech = User.objects.create_user(email="tec@apoia.test", full_name="Técnica", password="x")
    ensure_membership(tech, Role.TECHNICIAN, org_unit=unit)
    return boss, tech
