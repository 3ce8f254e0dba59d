"""The deliveries API: list and detail shapes, filters, 401 and 404, and the status codes
documented in the OpenAPI schema."""

import datetime as dt
import hashlib

import pytest

from apoia.accounts.tests.factories import bearer
from apoia.programs.models import Evidence
from apoia.programs.services import deliveries as services
from apoia.programs.tests.delivery_helpers import (
    PNG,
    SEI,
    delivery_world,
    fill_and_submit,
    png,
)
from apoia.programs.tests.plan_helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(state_ms, community_unit, coordinator, municipal_user):
    return delivery_world(state_ms, community_unit, coordinator, municipal_user)


def test_the_list_answers_the_rows_the_caller_sees(client, dw, municipal_user):
    with at(dt.date(2024, 8, 21)):
        response = client.get("/api/v1/deliveries", **bearer(municipal_user))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": dw.delivery.pk,
            "plan": dw.plan.pk,
            "title": "Relatório final",
            "weight": 1.0,
            "due": "2024-08-19",
            "status": "pending",
            "late": True,
        }
    ]


def test_the_list_filters_by_plan_status_and_late(client, dw, municipal_user, technician):
    fill_and_submit(dw.delivery, municipal_user)
    headers = bearer(technician)
    with at(dt.date(2024, 8, 16)):
        by_plan = client.get(f"/api/v1/deliveries?plan={dw.beta_plan.pk}", **headers).json()
        submitted = client.get("/api/v1/deliveries?status=submitted", **headers).json()
        late = client.get("/api/v1/deliveries?late=true", **headers).json()
        on_time = client.get("/api/v1/deliveries?late=false", **headers).json()
    assert [r["id"] for r in by_plan] == [dw.beta_delivery.pk]
    assert [r["id"] for r in submitted] == [dw.delivery.pk]
    assert (late, sorted(r["id"] for r in on_time)) == (
        [],
        sorted([dw.delivery.pk, dw.beta_delivery.pk]),
    )


def test_an_unknown_status_answers_422_naming_status(client, dw, technician):
    response = client.get("/api/v1/deliveries?status=late", **bearer(technician))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["status"]


def test_anonymous_calls_answer_401(client, dw):
    answers = [
        client.get("/api/v1/deliveries").status_code,
        client.get(f"/api/v1/deliveries/{dw.delivery.pk}").status_code,
        client.post(f"/api/v1/deliveries/{dw.delivery.pk}/submit").status_code,
        client.post(
            f"/api/v1/deliveries/{dw.delivery.pk}/review",
            {"decision": "validate"},
            content_type="application/json",
        ).status_code,
    ]
    assert answers == [401, 401, 401, 401]


def test_another_municipalitys_delivery_is_neither_listed_nor_read(client, dw):
    headers = bearer(dw.bruna)
    listed = [r["id"] for r in client.get("/api/v1/deliveries", **headers).json()]
    detail = client.get(f"/api/v1/deliveries/{dw.delivery.pk}", **headers)
    assert (listed, detail.status_code) == ([dw.beta_delivery.pk], 404)


def test_the_detail_carries_evidence_versions_hashes_and_reviews(
    client, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    with at(dt.date(2024, 8, 14)):
        services.review_delivery(
            dw.delivery,
            decision="return",
            reason="outdated",
            comment="Foto de 2023.",
            new_due=dt.date(2024, 8, 30),
            by=technician,
        )
    photo = Evidence.objects.get(kind="photo")
    sei = Evidence.objects.get(kind="process_number")
    with at(dt.date(2024, 8, 14)):
        body = client.get(f"/api/v1/deliveries/{dw.delivery.pk}", **bearer(technician)).json()
    assert {k: body[k] for k in ("status", "due", "late", "evidence_types", "municipality")} == {
        "status": "returned",
        "due": "2024-08-30",
        "late": False,
        "evidence_types": ["photo", "process_number"],
        "municipality": 5002704,
    }
    assert [(e["id"], e["kind"], e["version"], e["sha256"]) for e in body["evidence"]] == [
        (photo.pk, "photo", 1, hashlib.sha256(PNG).hexdigest()),
        (sei.pk, "process_number", 1, ""),
    ]
    assert body["evidence"][1]["value"] == SEI
    assert body["reviews"] == [
        {
            "decision": "return",
            "reason": "outdated",
            "comment": "Foto de 2023.",
            "new_due": "2024-08-30",
            "checklist": {
                "photo": {
                    "A foto mostra a atividade da entrega?": False,
                    "A foto é nítida e do período da entrega?": False,
                },
                "process_number": {
                    "O processo existe e é do município?": False,
                    "O processo trata do objeto da entrega?": False,
                },
            },
            "evidence_ids": sorted([photo.pk, sei.pk]),
            "by": "Tiago Teixeira",
            "at": "2024-08-14T14:00:00Z",
        }
    ]


def test_the_whole_flow_runs_through_the_api(client, dw, municipal_user, technician):
    mario, tiago = bearer(municipal_user), bearer(technician)
    url = f"/api/v1/deliveries/{dw.delivery.pk}"
    with at(dt.date(2024, 8, 12)):
        client.post(f"{url}/evidence", {"kind": "photo", "file": png()}, **mario)
        client.post(
            f"{url}/evidence",
            {"kind": "sei", "value": SEI},
            content_type="application/json",
            **mario,
        )
        submitted = client.post(f"{url}/submit", **mario)
        reviewed = client.post(
            f"{url}/review",
            {"decision": "validate", "comment": "Tudo certo."},
            content_type="application/json",
            **tiago,
        )
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert (reviewed.status_code, reviewed.json()["status"]) == (200, "validated")


def test_the_openapi_schema_documents_every_status_code(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    codes = {
        (path, method): sorted(spec["responses"])
        for path, methods in paths.items()
        if path.startswith("/api/v1/deliveries")
        for method, spec in methods.items()
    }
    assert codes == {
        ("/api/v1/deliveries", "get"): ["200", "401", "422"],
        ("/api/v1/deliveries/{pk}", "get"): ["200", "401", "404", "422"],
        ("/api/v1/deliveries/{pk}/evidence", "post"): [
            "201",
            "400",
            "401",
            "403",
            "404",
            "409",
            "422",
        ],
        ("/api/v1/deliveries/{pk}/evidence/{evidence_pk}/file", "get"): [
            "200",
            "401",
            "404",
            "422",
        ],
        ("/api/v1/deliveries/{pk}/submit", "post"): ["200", "401", "403", "404", "409", "422"],
        ("/api/v1/deliveries/{pk}/review", "post"): ["200", "401", "403", "404", "409", "422"],
        ("/api/v1/deliveries/{pk}/clarifications", "post"): [
            "201",
            "401",
            "403",
            "404",
            "409",
            "422",
        ],
        ("/api/v1/deliveries/{pk}/clarifications/{clarification_pk}/answer", "post"): [
            "200",
            "401",
            "403",
            "404",
            "409",
            "422",
        ],
    }


def test_a_path_that_is_not_a_number_answers_422(client, dw, technician):
    response = client.get("/api/v1/deliveries/abc", **bearer(technician))
    assert response.status_code == 422


def test_a_review_with_an_unknown_decision_answers_422_naming_decision(
    client, dw, municipal_user, technician
):
    fill_and_submit(dw.delivery, municipal_user)
    response = client.post(
        f"/api/v1/deliveries/{dw.delivery.pk}/review",
        {"decision": "approve"},
        content_type="application/json",
        **bearer(technician),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["decision"]


def test_a_json_evidence_of_a_file_type_answers_422_naming_kind(client, dw, municipal_user):
    response = client.post(
        f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
        {"kind": "photo", "value": "x"},
        content_type="application/json",
        **bearer(municipal_user),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]


def test_a_body_that_is_not_json_answers_400(client, dw, municipal_user):
    response = client.post(
        f"/api/v1/deliveries/{dw.delivery.pk}/evidence",
        "não é json",
        content_type="application/json",
        **bearer(municipal_user),
    )
    assert response.status_code == 400
