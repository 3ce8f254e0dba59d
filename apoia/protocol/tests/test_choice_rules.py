"""Whom an action may choose is a service rule, and the ombudsman answers for its own unit.

The assignee belongs to the request's unit or its sub-units; a request is rerouted within its
state; a refusal points to a unit of the same state and a published service of the same state.
An ombudsman sees and acts on the requests held by its unit, in its unit's state only.
"""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from apoia.accounts.models import OrgUnit, OrgUnitKind, Role
from apoia.accounts.tests.factories import bearer
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import services
from apoia.protocol.models import ServiceRequest, Status
from apoia.territory.models import Municipality, State
from conftest import _person


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def catalog(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    load_catalog()


def post(client, url, data, user):
    return client.post(url, json.dumps(data), content_type="application/json", **bearer(user))


def _oficio(coordinator=None, technician=None) -> ServiceRequest:
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    req = services.submit_request(
        service=service,
        option=service.options.first(),
        description="Pedimos uma formação para a diretoria da associação.",
        municipality=Municipality.objects.get(ibge=5002704),
        requester=services.RequesterData(
            name="Maria da Silva", email="maria@example.org", document="529.982.247-25"
        ),
    )
    if coordinator is not None:
        services.decide(req, accepted=True, by=coordinator, assignee=technician)
    return ServiceRequest.objects.get(pk=req.pk)


def _unrelated_technician():
    from apoia.accounts.reference import ensure_unit

    return _person(
        "ugo@apoia.test", "Ugo Unrelated", Role.TECHNICIAN, org_unit=ensure_unit("ms-segem")
    )


# --- the assignee ----------------------------------------------------------------------------


def test_the_api_refuses_an_assignee_of_an_unrelated_unit(client, catalog, coordinator, technician):
    req = _oficio(coordinator, technician)
    stranger = _unrelated_technician()

    response = post(
        client,
        f"/api/v1/requests/{req.protocol_slug}/assignment",
        {"technician": stranger.email},
        coordinator,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "technician",
            "message": "Escolha um técnico ou coordenador da unidade do pedido ou de suas "
            "subunidades.",
        }
    ]
    assert ServiceRequest.objects.get(pk=req.pk).assignee == technician


def test_accepting_with_an_assignee_of_an_unrelated_unit_saves_nothing(
    client, catalog, coordinator
):
    req = _oficio()
    stranger = _unrelated_technician()

    response = post(
        client,
        f"/api/v1/requests/{req.protocol_slug}/decision",
        {"accepted": True, "assignee": stranger.email},
        coordinator,
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["assignee"]
    req.refresh_from_db()
    assert (req.status, req.assignee) == (Status.RECEIVED, None)


def test_a_technician_of_a_sub_unit_may_be_assigned(catalog, coordinator, technician):
    sub_unit = OrgUnit.objects.create(
        slug="ms-sec-spp-comunitarios-nucleo",
        name="Núcleo de Associações",
        kind=OrgUnitKind.COORDINATION,
        parent=coordinator.memberships.get().org_unit,
        state=State.objects.get(uf="MS"),
    )
    nina = _person("nina@apoia.test", "Nina", Role.TECHNICIAN, org_unit=sub_unit)
    req = _oficio(coordinator, technician)

    services.assign(req, technician=nina, by=coordinator)

    assert ServiceRequest.objects.get(pk=req.pk).assignee == nina


def test_the_web_form_offers_only_the_units_people(client, catalog, coordinator, technician):
    req = _oficio(coordinator, technician)
    _unrelated_technician()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(req.get_absolute_url()).content.decode()

    assert "Ugo Unrelated" not in html
    assert "Carla Coelho" in html


# --- rerouting and pointers --------------------------------------------------------------------


def test_the_api_refuses_to_reroute_an_ms_request_to_an_mt_unit(client, catalog, coordinator):
    from apoia.accounts.reference import ensure_unit

    mt_unit = ensure_unit("mt-cpsb")
    req = _oficio()

    response = post(
        client,
        f"/api/v1/requests/{req.protocol_slug}/reroute",
        {"unit": mt_unit.slug, "reason": "Parece ser de lá."},
        coordinator,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "unit", "message": "Escolha uma unidade do mesmo estado do pedido."}
    ]
    assert ServiceRequest.objects.get(pk=req.pk).unit == coordinator.memberships.get().org_unit


def test_the_web_refuses_to_reroute_to_another_state(client, catalog, coordinator):
    from apoia.accounts.reference import ensure_unit

    mt_unit = ensure_unit("mt-cpsb")
    req = _oficio()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        reverse("protocol:reroute", args=[req.protocol_slug]),
        {"reroute-unit": mt_unit.pk, "reroute-reason": "Parece ser de lá."},
    )

    assert response.status_code == 400
    assert ServiceRequest.objects.get(pk=req.pk).unit.slug == "ms-sec-spp-comunitarios"


def test_a_refusal_cannot_point_to_a_service_of_another_state(client, catalog, coordinator):
    req = _oficio()
    mt_service = Service.objects.filter(state__uf="MT", is_published=True).first()

    response = post(
        client,
        f"/api/v1/requests/{req.protocol_slug}/decision",
        {
            "accepted": False,
            "reason": "out_of_scope",
            "justification": "Não é conosco.",
            "redirect_service": mt_service.slug,
        },
        coordinator,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "redirect_service",
            "message": "Indique um serviço publicado do mesmo estado, diferente deste.",
        }
    ]
    assert ServiceRequest.objects.get(pk=req.pk).status == Status.RECEIVED


def test_a_refusal_cannot_point_to_an_unpublished_service(catalog, coordinator):
    req = _oficio()
    hidden = Service.objects.filter(state__uf="MS").exclude(pk=req.service_id).first()
    Service.objects.filter(pk=hidden.pk).update(is_published=False)
    hidden.refresh_from_db()

    with pytest.raises(ValidationError) as raised:
        services.decide(
            req,
            accepted=False,
            by=coordinator,
            reason="out_of_scope",
            justification="Não é conosco.",
            redirect_service=hidden,
        )

    assert list(raised.value.message_dict) == ["redirect_service"]


def test_a_refusal_cannot_point_to_a_unit_of_another_state(catalog, coordinator):
    from apoia.accounts.reference import ensure_unit

    req = _oficio()

    with pytest.raises(ValidationError) as raised:
        services.decide(
            req,
            accepted=False,
            by=coordinator,
            reason="out_of_scope",
            justification="Procure a assistência social de MT.",
            redirect_unit=ensure_unit("mt-cpsb"),
        )

    assert raised.value.message_dict == {
        "redirect_unit": ["Indique uma unidade do mesmo estado do pedido."]
    }


# --- the ombudsman's scope -------------------------------------------------------------------


@pytest.fixture
def mt_ombudsman_unit(catalog):
    return OrgUnit.objects.create(
        slug="mt-ouvidoria",
        name="Ouvidoria Setorial da Setasc",
        kind=OrgUnitKind.OMBUDSMAN,
        state=State.objects.get(uf="MT"),
    )


def _complaint(slug="ouvidoria-reclamacao", **changes) -> ServiceRequest:
    service = Service.objects.get(slug=slug)
    if changes:
        service.pk, service.slug = None, f"mt-{slug}"
        for field, value in changes.items():
            setattr(service, field, value)
        service.save()
    return services.submit_request(
        service=service,
        description="O atendimento no CRAS demorou três horas.",
        requester=services.RequesterData(
            name="Rogério Reclamante", email="rogerio@example.org", document="529.982.247-25"
        ),
    )


def test_an_ombudsman_does_not_see_another_states_complaints(
    client, catalog, ombudsman, mt_ombudsman_unit
):
    mt_complaint = _complaint(state=State.objects.get(uf="MT"), responsible_unit=mt_ombudsman_unit)
    client.force_login(ombudsman, backend="django.contrib.auth.backends.ModelBackend")

    page = client.get(mt_complaint.get_absolute_url())
    listed = client.get("/api/v1/requests", **bearer(ombudsman)).json()
    decision = post(
        client,
        f"/api/v1/requests/{mt_complaint.protocol_slug}/decision",
        {"accepted": True},
        ombudsman,
    )

    assert page.status_code == 404
    assert listed["count"] == 0
    assert decision.status_code == 404
    assert ServiceRequest.objects.get(pk=mt_complaint.pk).status == Status.RECEIVED


def test_an_ombudsman_of_another_unit_of_the_same_state_does_not_see_them(client, catalog):
    other = OrgUnit.objects.create(
        slug="ms-ouvidoria-saude",
        name="Ouvidoria da Saúde",
        kind=OrgUnitKind.OMBUDSMAN,
        state=State.objects.get(uf="MS"),
    )
    olivia = _person("olivia@apoia.test", "Olívia", Role.OMBUDSMAN, org_unit=other)
    complaint = _complaint()

    response = client.get(f"/api/v1/requests/{complaint.protocol_slug}", **bearer(olivia))

    assert response.status_code == 404


def test_the_ombudsman_of_the_unit_sees_and_decides_its_complaints(client, catalog, ombudsman):
    complaint = _complaint()

    response = post(
        client,
        f"/api/v1/requests/{complaint.protocol_slug}/decision",
        {"accepted": True},
        ombudsman,
    )

    assert response.status_code == 200
    assert ServiceRequest.objects.get(pk=complaint.pk).status == Status.ACCEPTED
