"""Adhesion requests through the API (issue 9, items 2 and 10), and the generic submission
that refuses them."""

import datetime as dt

import pytest

from apoia.accounts.services import create_api_token
from apoia.accounts.tests.factories import bearer
from apoia.programs.models import Adhesion, AdhesionApplication
from apoia.protocol import services as protocol_services
from apoia.protocol.models import ServiceRequest

pytestmark = pytest.mark.usefixtures("march_18_2026")
URL = "/api/v1/programs/ms-ativo/adhesions"
REFUSAL = (
    "Este serviço tem formulário próprio: faça o pedido em /programas/ms-ativo/aderir/ ou, "
    "pela API, com POST /api/v1/programs/ms-ativo/adhesions."
)


def body(**overrides) -> dict:
    data = {
        "municipality": 5002704,
        "phase": "fase-3",
        "focal_points": [
            {
                "name": "Renata Lima",
                "role": "Secretária de Planejamento",
                "email": "renata.lima@exemplo.ms.gov.br",
                "phone": "(67) 3314-0000",
            }
        ],
        "declaration": True,
    }
    data.update(overrides)
    return data


def post(client, user, data):
    return client.post(URL, data, content_type="application/json", **bearer(user))


def test_a_focal_point_files_an_adhesion_request_and_gets_its_protocol(
    client, ms_ativo, phase_3, mario
):
    response = post(client, mario, body())

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    assert response.json() == {
        "protocol": req.protocol,
        "status": "received",
        "due_date": "2026-04-01",
    }
    assert (req.service.slug, req.channel, req.municipality_id) == (
        "adesao-ms-ativo",
        "api",
        5002704,
    )
    application = AdhesionApplication.objects.get(request=req)
    assert (application.phase, application.focal_points[0]["email"]) == (
        phase_3,
        "renata.lima@exemplo.ms.gov.br",
    )


def test_accepting_an_api_filed_adhesion_creates_exactly_one_adhesion(
    client, ms_ativo, phase_3, mario, segem_coordinator
):
    post(client, mario, body())
    req = ServiceRequest.objects.get()

    protocol_services.decide(req, accepted=True, by=segem_coordinator)

    adhesion = Adhesion.objects.get()
    assert (adhesion.request, adhesion.phase, adhesion.municipality_id) == (req, phase_3, 5002704)
    assert list(adhesion.focal_points.values_list("name", flat=True)) == ["Renata Lima"]


def test_errors_answer_422_in_portuguese_with_field_paths(client, ms_ativo, phase_3, mario):
    focal = body()["focal_points"][0] | {"email": "renata@"}

    response = post(client, mario, body(focal_points=[focal], declaration=False))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [
            {"field": "focal_points.0.email", "message": "E-mail inválido."},
            {
                "field": "declaration",
                "message": "A adesão é voluntária: o(a) prefeito(a) precisa aceitar a declaração.",
            },
        ],
    }
    assert ServiceRequest.objects.count() == 0


def test_an_unknown_phase_is_422_naming_the_phase(client, ms_ativo, mario):
    response = post(client, mario, body(phase="fase-9"))

    assert (response.status_code, response.json()["errors"]) == (
        422,
        [{"field": "phase", "message": "Este programa não tem a fase fase-9."}],
    )


def test_no_focal_point_is_422(client, ms_ativo, mario):
    response = post(client, mario, body(focal_points=[]))

    assert response.json()["errors"] == [
        {"field": "focal_points", "message": "Indique pelo menos um ponto focal."}
    ]


def test_another_municipality_is_403_and_saves_nothing(client, ms_ativo, mario):
    response = post(client, mario, body(municipality=5003702))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Só os pontos focais do município podem pedir a adesão dele ao programa."
    }
    assert ServiceRequest.objects.count() == 0


def test_without_a_token_it_is_401(client, ms_ativo):
    response = client.post(URL, body(), content_type="application/json")

    assert response.status_code == 401


def test_the_generic_api_submission_refuses_the_adhesion_service(client, ms_ativo, mario):
    response = client.post(
        "/api/v1/requests",
        {
            "service": "adesao-ms-ativo",
            "municipality": 5002704,
            "description": "Campo Grande pede a adesão ao MS Ativo.",
        },
        content_type="application/json",
        **bearer(mario),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "service", "message": REFUSAL}]
    assert ServiceRequest.objects.count() == 0


def test_open311_refuses_the_adhesion_service(client, ms_ativo, mario):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": create_api_token(mario, name="app")[1],
            "service_code": "adesao-ms-ativo",
            "attribute[municipality]": "5002704",
            "description": "Campo Grande pede a adesão ao MS Ativo.",
        },
    )

    assert (response.status_code, response.json()) == (
        400,
        [{"code": 400, "description": f"service_code: {REFUSAL}"}],
    )
    assert ServiceRequest.objects.count() == 0


def test_without_a_program_the_service_is_still_filed_through_the_generic_api(
    client, ms_seeds, mario
):
    response = client.post(
        "/api/v1/requests",
        {
            "service": "adesao-ms-ativo",
            "municipality": 5002704,
            "description": "Campo Grande pede a adesão ao MS Ativo.",
        },
        content_type="application/json",
        **bearer(mario),
    )

    assert response.status_code == 201
    assert response.json()["due"] == dt.date(2026, 4, 1).isoformat()


def post_with_key(client, user, data, key):
    return client.post(
        URL, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **bearer(user)
    )


def test_a_retry_with_the_same_idempotency_key_answers_the_first_protocol(
    client, ms_ativo, phase_3, mario
):
    first = post_with_key(client, mario, body(), "3f1c9a7e-adesao")
    again = post_with_key(client, mario, body(), "3f1c9a7e-adesao")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert ServiceRequest.objects.count() == 1
    assert AdhesionApplication.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_422_on_the_header(
    client, ms_ativo, phase_3, mario
):
    post_with_key(client, mario, body(), "3f1c9a7e-adesao")
    other = dict(body()["focal_points"][0], name="Outra Pessoa")

    response = post_with_key(client, mario, body(focal_points=[other]), "3f1c9a7e-adesao")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert ServiceRequest.objects.count() == 1
