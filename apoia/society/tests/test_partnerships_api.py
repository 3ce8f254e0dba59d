"""The write API of partnerships: the same services as the pages, 403/404/409/422."""

import datetime
import json

import pytest

from apoia.accounts.models import ApiToken
from apoia.society import services_partnerships as sp
from apoia.society.models.partnerships import Partnership, PartnershipStatus
from apoia.society.tests.test_partnerships_manage import call, selected  # noqa: F401
from apoia.society.tests.test_partnerships_pages import partnership  # noqa: F401

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "/api/v1/partnerships"


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client, user, path, body):
    return client.post(URL + path, json.dumps(body), content_type="application/json", **_auth(user))


def _fields(response):
    return [(e["field"], e["message"]) for e in response.json()["errors"]]


NEW = {
    "unit": "ms-sec-spp-comunitarios",
    "title": "Hortas",
    "object": "Implantar hortas.",
    "selection_mode": "exemption",
    "term_kind": "fomento",
    "exemption_justification": "Art. 30, VI.",
}


def test_staff_creates_a_partnership(client, technician, community_unit):
    response = _post(client, technician, "", NEW)
    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["actions"]) == ("selection", ["selection", "cancellation"])


def test_create_without_justification_is_422_naming_the_field(client, technician, community_unit):
    response = _post(client, technician, "", {**NEW, "exemption_justification": ""})
    assert response.status_code == 422
    assert _fields(response) == [
        ("exemption_justification", "A dispensa ou inexigibilidade precisa de justificativa.")
    ]


def test_create_with_unknown_unit_is_422_naming_unit(client, technician, community_unit):
    response = _post(client, technician, "", {**NEW, "unit": "nenhuma"})
    assert (response.status_code, _fields(response)) == (422, [("unit", "Unidade não encontrada.")])


def test_create_by_a_representative_is_403(client, organization_user, community_unit):
    assert _post(client, organization_user, "", NEW).status_code == 403


def test_create_without_token_is_401(client, community_unit):
    response = client.post(URL, json.dumps(NEW), content_type="application/json")
    assert response.status_code == 401


def test_selection_with_organization_of_another_state_is_422(
    client,
    technician,
    call,  # noqa: F811
):
    response = _post(
        client,
        technician,
        f"/{call.pk}/selection",
        {"organization": 999999, "result_published_on": "2026-02-20"},
    )
    assert response.status_code == 422
    assert _fields(response)[0][0] == "organization"


def test_selection_then_term(client, technician, call, organization):  # noqa: F811
    _post(
        client,
        technician,
        f"/{call.pk}/selection",
        {"organization": organization.pk, "result_published_on": "2026-02-20"},
    )
    response = _post(
        client,
        technician,
        f"/{call.pk}/term",
        {
            "term_number": "TC 4/2026",
            "signed_on": "2026-03-01",
            "value": "180000.00",
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
            "goals": ["Servir refeições"],
        },
    )
    data = response.json()
    assert (response.status_code, data["status"], data["value"]) == (
        200,
        "in_execution",
        "180000.00",
    )


def test_term_ending_before_start_is_422_on_ends_on(client, technician, selected):  # noqa: F811
    response = _post(
        client,
        technician,
        f"/{selected.pk}/term",
        {
            "term_number": "TC 4/2026",
            "signed_on": "2026-03-01",
            "value": 10,
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
            "goals": ["Meta"],
        },
    )
    assert _fields(response) == [("ends_on", "A vigência não pode terminar antes de começar.")]


def test_term_with_bad_date_is_422_naming_it(client, technician, selected):  # noqa: F811
    response = _post(client, technician, f"/{selected.pk}/term", {"signed_on": "01/03/2026"})
    assert response.status_code == 422
    assert ("signed_on", "Data inválida; use AAAA-MM-DD.") in _fields(response)


def test_amendment_of_an_open_call_is_409(client, technician, call):  # noqa: F811
    response = _post(
        client,
        technician,
        f"/{call.pk}/amendments",
        {"signed_on": "2026-03-01", "description": "X"},
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Não é possível aditar: a parceria está em “Chamamento público”."
    }


def test_amendment_is_numbered(client, technician, partnership):  # noqa: F811
    response = _post(
        client,
        technician,
        f"/{partnership.pk}/amendments",
        {"signed_on": "2026-06-01", "description": "Prorroga", "new_ends_on": "2027-03-31"},
    )
    assert (response.status_code, response.json()["number"]) == (201, 1)


def test_report_receipt_and_opinion(client, technician, partnership):  # noqa: F811
    created = _post(
        client,
        technician,
        f"/{partnership.pk}/reports",
        {"kind": "financial", "period_label": "Final", "due_on": "2027-01-31", "is_final": True},
    ).json()
    received = _post(
        client, technician, f"/reports/{created['id']}/receipt", {"received_on": "2027-01-20"}
    ).json()
    opinion = _post(
        client,
        technician,
        f"/reports/{created['id']}/opinion",
        {"opinion": "approved", "opinion_text": "Regular.", "opinion_on": "2027-02-01"},
    ).json()
    assert (created["actions"], received["actions"], opinion["actions"]) == (
        ["receipt"],
        ["opinion"],
        [],
    )
    assert Partnership.objects.get().status == PartnershipStatus.ACCOUNTABILITY


def test_opinion_with_unknown_value_is_422(client, technician, partnership):  # noqa: F811
    report = partnership.reports.get()
    response = _post(
        client,
        technician,
        f"/reports/{report.pk}/opinion",
        {"opinion": "maybe", "opinion_text": "X", "opinion_on": "2026-03-09"},
    )
    assert (response.status_code, _fields(response)[0][0]) == (422, "opinion")


def test_closure_without_final_report_is_409(client, technician, partnership):  # noqa: F811
    response = _post(client, technician, f"/{partnership.pk}/closure", {"closed_on": "2027-03-01"})
    assert response.json() == {
        "detail": "A parceria só é encerrada com a prestação de contas final."
    }
    assert response.status_code == 409


def test_cancellation(client, technician, call):  # noqa: F811
    response = _post(
        client,
        technician,
        f"/{call.pk}/cancellation",
        {"closed_on": "2026-02-01", "reason": "Edital deserto."},
    )
    data = response.json()
    assert (data["status"], data["closing_note"], data["actions"]) == (
        "cancelled",
        "Edital deserto.",
        [],
    )


def test_unknown_partnership_is_404(client, technician, community_unit):
    response = _post(
        client, technician, "/999999/cancellation", {"closed_on": "2026-02-01", "reason": "X"}
    )
    assert response.status_code == 404


def test_unknown_report_is_404(client, technician, community_unit):
    assert (
        _post(
            client, technician, "/reports/999999/receipt", {"received_on": "2026-02-01"}
        ).status_code
        == 404
    )


def test_representative_cannot_cancel_403(client, organization_user, call):  # noqa: F811
    response = _post(
        client,
        organization_user,
        f"/{call.pk}/cancellation",
        {"closed_on": "2026-02-01", "reason": "X"},
    )
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.status == PartnershipStatus.CALL


def test_representative_cannot_receive_a_report_403(client, organization_user, partnership):  # noqa: F811
    report = partnership.reports.get()
    response = _post(
        client, organization_user, f"/reports/{report.pk}/receipt", {"received_on": "2026-03-01"}
    )
    assert response.status_code == 403


# Parity: the same refused transition gives the same message through the page and the API.


def test_parity_amendment_refused_on_an_open_call(client, sign_in, technician, call):  # noqa: F811
    api = _post(
        client,
        technician,
        f"/{call.pk}/amendments",
        {"signed_on": "2026-03-01", "description": "X"},
    ).json()["detail"]
    page = sign_in(technician).post(
        f"/parcerias/{call.pk}/aditivos/novo/",
        {"amendment-signed_on": "2026-03-01", "amendment-description": "X"},
    )
    assert api in page.content.decode()
    assert api == "Não é possível aditar: a parceria está em “Chamamento público”."


def test_parity_term_refused_before_selection(client, sign_in, technician, call):  # noqa: F811
    body = {
        "term_number": "TC 1",
        "signed_on": "2026-03-01",
        "value": "1000.00",
        "starts_on": "2026-03-01",
        "ends_on": "2026-04-01",
        "goals": ["Meta"],
    }
    api = _post(client, technician, f"/{call.pk}/term", body)
    page = sign_in(technician).post(
        f"/parcerias/{call.pk}/termo/",
        {f"term-{k}": ("Meta" if k == "goals" else v) for k, v in body.items()},
    )
    assert api.status_code == 409
    assert api.json()["detail"] == "O termo só é assinado depois da seleção da organização."
    assert api.json()["detail"] in page.content.decode()


def test_parity_receipt_refused_twice(client, sign_in, technician, partnership):  # noqa: F811
    report = partnership.reports.get()
    sp.register_receipt(by=technician, report=report, received_on=D(2026, 3, 4))
    api = _post(client, technician, f"/reports/{report.pk}/receipt", {"received_on": "2026-03-05"})
    page = sign_in(technician).post(
        f"/parcerias/relatorios/{report.pk}/recebimento/", {"receipt-received_on": "2026-03-05"}
    )
    assert (api.status_code, api.json()["detail"]) == (409, "Este relatório já foi recebido.")
    assert "Este relatório já foi recebido." in page.content.decode()


def test_staff_of_another_state_cannot_sign_the_term_403(client, selected, state_mt):  # noqa: F811
    from apoia.accounts.models import Role
    from apoia.accounts.reference import ensure_unit
    from conftest import _person

    mt = _person("mt@apoia.test", "Maria MT", Role.TECHNICIAN, org_unit=ensure_unit("mt-cpsb"))
    response = _post(
        client,
        mt,
        f"/{selected.pk}/term",
        {
            "term_number": "TC 1",
            "signed_on": "2026-03-01",
            "value": "1000.00",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-01",
            "goals": ["Meta"],
        },
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Você não gerencia parcerias deste estado."},
    )
