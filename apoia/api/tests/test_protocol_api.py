"""The requests API, /api/v1/requests: submission, tracking, the requester's and staff actions."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from apoia.accounts.models import Organization
from apoia.accounts.tests.factories import bearer
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import services
from apoia.protocol.models import Attachment, ProtocolSequence, ServiceRequest, Status
from apoia.protocol.numbering import format_nup, parse_nup

URL = "/api/v1/requests"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_FOUND = {"detail": "Não encontrado."}


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    # The tracking rate limit counts in the cache; each test starts with a clean budget.
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def catalog(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    """The reference catalog, its services routed to the community and ombudsman units."""
    load_catalog()


@pytest.fixture
def community_service(catalog):
    return Service.objects.get(slug="orientacao-associacoes-comunitarias")


def payload(**overrides) -> dict:
    data = {
        "service": "orientacao-associacoes-comunitarias",
        "option": "formacao-capacitacao",
        "municipality": 5002704,
        "requester": {
            "name": "Maria da Silva",
            "email": "maria@example.org",
            "document": "529.982.247-25",
            "phone": "(67) 99999-0000",
        },
        "organization": {"name": "Associação do Bairro Teste", "cnpj": "11.222.333/0001-81"},
        "subject": "Formação da diretoria",
        "description": "Pedimos uma formação para a diretoria da associação.",
        "suggested_dates": "10 a 14/03/2027",
        "suggested_agenda": "Manhã: estatuto; tarde: prestação de contas.",
        "anonymous": False,
    }
    data.update(overrides)
    return data


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def nothing_was_saved() -> bool:
    return (
        ServiceRequest.objects.count(),
        ProtocolSequence.objects.count(),
        Organization.objects.count(),
        Attachment.objects.count(),
    ) == (0, 0, 0, 0)


@pytest.fixture
def filed(community_service, campo_grande):
    """A request Maria filed through the portal, routed to the community unit."""
    return services.submit_request(
        service=community_service,
        option=community_service.options.get(slug="formacao-capacitacao"),
        description="Pedimos uma formação para a diretoria da associação.",
        requester=services.RequesterData(
            name="Maria da Silva", email="maria@example.org", document="529.982.247-25"
        ),
        municipality=campo_grande,
    )


def track(client, req, code=None, **headers):
    code = req.access_code if code is None else code
    return client.get(f"{URL}/{req.protocol_slug}", {"access_code": code}, **headers)


# --- submission ------------------------------------------------------------------------------


@time_machine.travel(dt.datetime.fromisoformat("2026-03-18T10:00:00-04:00"), tick=False)
def test_a_citizen_files_a_request_and_gets_its_protocol_due_date_and_tracking_link(
    client, community_service, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, URL, payload())

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    body = response.json()
    assert parse_nup(body["protocol"]) is not None
    assert body == {
        "protocol": req.protocol,
        "access_code": req.access_code,
        "received": "2026-03-18T14:00:00Z",
        # Wednesday 18 March 2026 plus 10 business days.
        "due": "2026-04-01",
        "status": "received",
        "tracking_url": f"http://127.0.0.1:8000/acompanhar/{req.protocol_slug}/",
    }
    assert req.received_at == dt.datetime.fromisoformat("2026-03-18T10:00:00-04:00")
    assert (req.channel, req.requester_name, req.requester_email, req.requester_document) == (
        "api",
        "Maria da Silva",
        "maria@example.org",
        "52998224725",
    )
    assert req.option.slug == "formacao-capacitacao"
    assert (req.organization, req.organization_name, req.organization_cnpj) == (
        None,
        "Associação do Bairro Teste",
        "11222333000181",
    )
    assert req.unit.slug == "ms-sec-spp-comunitarios"
    assert req.suggested_agenda == "Manhã: estatuto; tarde: prestação de contas."
    assert "maria@example.org" in {to for mail in mailoutbox for to in mail.to}


def test_submission_needs_no_csrf_token(community_service):
    response = post(Client(enforce_csrf_checks=True), URL, payload())

    assert response.status_code == 201


def test_with_a_token_the_token_owner_is_the_requester(
    client, community_service, organization_user
):
    data = payload()
    del data["requester"], data["organization"]

    response = post(client, URL, data, **bearer(organization_user))

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    assert (req.requester, req.requester_email, req.organization) == (
        organization_user,
        "paula@apoia.test",
        organization_user.active_memberships[0].organization,
    )


def test_an_invalid_token_answers_401_even_where_a_token_is_optional(client, community_service):
    response = post(client, URL, payload(), HTTP_AUTHORIZATION="Bearer apoia_errado")

    assert response.status_code == 401
    assert response.json() == {"detail": "Autenticação necessária ou token inválido."}
    assert nothing_was_saved()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"service": "nao-existe"}, "service", "Serviço desconhecido: nao-existe."),
        ({"option": "nao-existe"}, "option", "Opção desconhecida: nao-existe."),
        ({"option": ""}, "option", "Escolha uma das opções do serviço."),
        ({"municipality": 9999999}, "municipality", "Município desconhecido: 9999999."),
        ({"municipality": "Campo Grande"}, "municipality", "Informe um número inteiro."),
        ({"description": "   "}, "description", "Descreva o pedido."),
        ({"description": None}, "description", "Campo obrigatório."),
        ({"anonymous": True}, "anonymous", "Este serviço não aceita pedidos anônimos."),
        (
            {"requester": {"name": "Maria", "email": "maria@", "document": "529.982.247-25"}},
            "requester.email",
            "E-mail inválido.",
        ),
        (
            {"requester": {"name": "Maria", "email": "m@example.org", "document": "123"}},
            "requester.document",
            "CPF ou CNPJ inválido.",
        ),
        (
            {"requester": {"email": "m@example.org", "document": "529.982.247-25"}},
            "requester.name",
            "Informe seu nome.",
        ),
        (
            {"organization": {"name": "Associação", "cnpj": "11.111.111/1111-11"}},
            "organization.cnpj",
            "CNPJ inválido.",
        ),
        (
            {"subject": "x" * 201},
            "subject",
            "Use no máximo 200 caracteres (o texto tem 201).",
        ),
    ],
)
def test_each_invalid_input_answers_422_naming_its_field_and_saves_nothing(
    client, community_service, changes, field, message
):
    data = payload(**changes)
    data = {key: value for key, value in data.items() if value is not None}

    response = post(client, URL, data)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [{"field": field, "message": message}],
    }
    assert nothing_was_saved()


def test_malformed_json_answers_400_naming_the_body(client, community_service):
    response = client.post(URL, "{nope", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [{"field": "body", "message": "JSON inválido."}],
    }
    assert nothing_was_saved()


def test_multipart_carries_the_json_payload_and_the_attachments(client, community_service):
    response = client.post(
        URL,
        {
            "payload": json.dumps(payload()),
            "attachments": [SimpleUploadedFile("oficio.pdf", PDF, "application/pdf")],
        },
    )

    assert response.status_code == 201
    attachment = ServiceRequest.objects.get().attachments.get()
    assert (attachment.original_name, attachment.content_type, attachment.from_requester) == (
        "oficio.pdf",
        "application/pdf",
        True,
    )


def test_an_attachment_of_a_refused_type_answers_422_and_saves_nothing(client, community_service):
    response = client.post(
        URL,
        {
            "payload": json.dumps(payload()),
            "attachments": [SimpleUploadedFile("nota.pdf", b"just text", "application/pdf")],
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "attachments",
            "message": "nota.pdf não é um tipo aceito (PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP).",
        }
    ]
    assert nothing_was_saved()


# --- tracking --------------------------------------------------------------------------------


def test_the_number_and_access_code_show_status_deadline_and_public_timeline(client, filed):
    response = track(client, filed)

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "view": "public",
        "protocol": filed.protocol,
        "status": "received",
        "status_label": "Recebido",
        "service": {
            "slug": "orientacao-associacoes-comunitarias",
            "name": filed.service.name,
        },
        "option": {"slug": "formacao-capacitacao", "name": "Formação/capacitação"},
        "unit": {"slug": "ms-sec-spp-comunitarios", "name": filed.unit.name},
        "received": body["received"],
        "due": filed.due_date.isoformat(),
        "extended": False,
        "decision": None,
        "timeline": [
            {
                "at": body["timeline"][0]["at"],
                "kind": "submitted",
                "kind_label": "Pedido recebido",
                "text": f"Pedido recebido. Prazo de resposta: {filed.due_date:%d/%m/%Y}.",
            },
            {
                "at": body["timeline"][1]["at"],
                "kind": "routed",
                "kind_label": "Encaminhado à unidade",
                "text": "Encaminhado à Subsecretaria de Políticas Públicas para Assuntos "
                "Comunitários.",
            },
        ],
    }


def test_the_number_with_its_punctuation_works_too(client, filed):
    response = client.get(f"{URL}/{filed.protocol}", {"access_code": filed.access_code.lower()})

    assert response.status_code == 200
    assert response.json()["protocol"] == filed.protocol


def test_a_wrong_code_an_unknown_number_and_a_bad_check_digit_answer_the_same_404(client, filed):
    unknown = format_nup(filed.protocol[:5], 999, filed.received_at.year)
    bad_digit = filed.protocol_slug[:-1] + str((int(filed.protocol_slug[-1]) + 1) % 10)

    answers = [
        track(client, filed, code="ERRADO1234"),
        track(client, filed, code=""),
        client.get(
            f"{URL}/{unknown.replace('.', '').replace('/', '').replace('-', '')}",
            {"access_code": filed.access_code},
        ),
        client.get(f"{URL}/{bad_digit}", {"access_code": filed.access_code}),
        client.get(f"{URL}/abc", {"access_code": filed.access_code}),
    ]

    assert [(a.status_code, a.json()) for a in answers] == [(404, NOT_FOUND)] * 5


# 15 seconds into a minute: the limit's window does not end in the middle of the test.
@time_machine.travel(dt.datetime.fromisoformat("2026-03-18T10:00:15-04:00"), tick=False)
def test_lookups_past_the_rate_limit_answer_429(client, filed, settings):
    settings.APOIA_TRACKING_RATE = 3

    answers = [track(client, filed, code="ERRADO1234").status_code for _ in range(3)]
    blocked = track(client, filed)

    assert answers == [404, 404, 404]
    assert blocked.status_code == 429
    assert blocked.json() == {
        "detail": "Muitas consultas deste endereço. Tente de novo em um minuto."
    }
    assert blocked["Retry-After"] == "45"


@time_machine.travel(dt.datetime.fromisoformat("2026-03-18T10:00:15-04:00"), tick=False)
def test_the_requester_actions_count_toward_the_same_limit(client, filed, settings):
    settings.APOIA_TRACKING_RATE = 1
    track(client, filed)

    response = post(
        client, f"{URL}/{filed.protocol_slug}/replies", {"access_code": "X", "text": "Oi"}
    )

    assert response.status_code == 429


def test_staff_who_see_the_request_need_no_code_and_see_internal_notes(client, filed, coordinator):
    services.post_message(filed, text="Verificar agenda da equipe.", internal=True, by=coordinator)

    response = client.get(f"{URL}/{filed.protocol_slug}", **bearer(coordinator))

    assert response.status_code == 200
    body = response.json()
    assert body["view"] == "full"
    assert body["requester"] == {
        "name": "Maria da Silva",
        "email": "maria@example.org",
        "document": "52998224725",
        "phone": "",
    }
    assert [(e["kind"], e["internal"], e["actor"]) for e in body["timeline"]] == [
        ("submitted", False, "Demandante"),
        ("routed", False, ""),
        ("note", True, "Carla Coelho"),
    ]
    assert body["deadline_state"] == "on_time"


def test_a_requester_with_a_token_sees_their_request_without_internal_notes(
    client, community_service, organization_user, coordinator
):
    req = services.submit_request(
        service=community_service,
        option=community_service.options.first(),
        description="Pedimos uma formação para a diretoria da associação.",
        by=organization_user,
    )
    services.post_message(req, text="Só para a equipe.", internal=True, by=coordinator)

    body = client.get(f"{URL}/{req.protocol_slug}", **bearer(organization_user)).json()

    assert body["view"] == "full"
    assert [e["kind"] for e in body["timeline"]] == ["submitted", "routed"]


def test_a_token_that_cannot_see_the_request_gets_404_without_the_code(
    client, filed, other_organization_user
):
    response = client.get(f"{URL}/{filed.protocol_slug}", **bearer(other_organization_user))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- the requester's actions -----------------------------------------------------------------


def test_the_requester_replies_with_the_access_code(client, filed):
    response = post(
        client,
        f"{URL}/{filed.protocol_slug}/replies",
        {"access_code": filed.access_code, "text": "Seguem as datas possíveis."},
    )

    assert response.status_code == 201
    last = response.json()["timeline"][-1]
    assert (last["kind"], last["text"]) == ("requester_message", "Seguem as datas possíveis.")


def test_a_reply_with_a_wrong_code_is_the_same_404(client, filed):
    response = post(
        client, f"{URL}/{filed.protocol_slug}/replies", {"access_code": "ERRADO", "text": "Oi"}
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert filed.events.count() == 2


def test_rating_a_request_not_concluded_answers_409(client, filed):
    response = post(
        client,
        f"{URL}/{filed.protocol_slug}/rating",
        {"access_code": filed.access_code, "score": 5},
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "Só é possível avaliar um pedido concluído."}


def test_the_requester_rates_and_reopens_a_concluded_request(client, filed, coordinator):
    services.decide(filed, accepted=True, by=coordinator)
    services.conclude(filed, outcome="Formação realizada em 12/03.", by=coordinator)
    url = f"{URL}/{filed.protocol_slug}"

    too_high = post(client, f"{url}/rating", {"access_code": filed.access_code, "score": 7})
    rated = post(
        client, f"{url}/rating", {"access_code": filed.access_code, "score": 5, "comment": "Ótimo"}
    )
    reopened = post(
        client, f"{url}/reopen", {"access_code": filed.access_code, "reason": "Faltou a tarde."}
    )

    assert too_high.status_code == 422
    assert too_high.json()["errors"] == [{"field": "score", "message": "A nota vai de 1 a 5."}]
    assert rated.status_code == 200
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "accepted"
    filed.refresh_from_db()
    assert (filed.rating, filed.rating_comment, filed.reopened_count) == (5, "Ótimo", 1)


# --- staff actions ---------------------------------------------------------------------------


def test_staff_actions_need_a_token(client, filed):
    response = post(client, f"{URL}/{filed.protocol_slug}/decision", {"accepted": True})

    assert response.status_code == 401


def test_a_technician_who_sees_the_request_cannot_decide_it(client, filed, technician):
    # The technician sees the request because it is assigned to them.
    ServiceRequest.objects.filter(pk=filed.pk).update(assignee=technician)

    response = post(
        client, f"{URL}/{filed.protocol_slug}/decision", {"accepted": True}, **bearer(technician)
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Só a coordenação da unidade responsável pode fazer isso."}
    filed.refresh_from_db()
    assert filed.status == Status.RECEIVED


def test_the_requester_cannot_decide_their_own_request(
    client, community_service, organization_user
):
    req = services.submit_request(
        service=community_service,
        option=community_service.options.first(),
        description="Pedimos uma formação para a diretoria da associação.",
        by=organization_user,
    )

    response = post(
        client,
        f"{URL}/{req.protocol_slug}/decision",
        {"accepted": True},
        **bearer(organization_user),
    )

    assert response.status_code == 403


def test_a_coordinator_cannot_refuse_without_a_justification(client, filed, coordinator):
    response = post(
        client,
        f"{URL}/{filed.protocol_slug}/decision",
        {"accepted": False, "reason": "out_of_scope", "justification": "  "},
        **bearer(coordinator),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [
            {"field": "justification", "message": "A recusa exige uma justificativa por escrito."}
        ],
    }
    filed.refresh_from_db()
    assert filed.status == Status.RECEIVED


def test_a_refusal_points_elsewhere_and_the_requester_sees_it_and_appeals(
    client, filed, coordinator, ombudsman_unit
):
    refused = post(
        client,
        f"{URL}/{filed.protocol_slug}/decision",
        {
            "accepted": False,
            "reason": "out_of_scope",
            "justification": "O pedido trata de uma reclamação.",
            "redirect_unit": "ms-ouvidoria",
            "redirect_service": "ouvidoria-reclamacao",
        },
        **bearer(coordinator),
    )
    seen = track(client, filed).json()
    appealed = post(
        client,
        f"{URL}/{filed.protocol_slug}/appeal",
        {"access_code": filed.access_code, "text": "Não é reclamação, é formação."},
    )

    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    assert seen["decision"] == {
        "accepted": False,
        "decided": seen["decision"]["decided"],
        "reason": "out_of_scope",
        "reason_label": "Fora da competência da unidade",
        "justification": "O pedido trata de uma reclamação.",
        "redirect_unit": {"slug": "ms-ouvidoria", "name": ombudsman_unit.name},
        "redirect_service": {
            "slug": "ouvidoria-reclamacao",
            "name": "Ouvidoria — Registrar uma reclamação",
        },
    }
    assert appealed.status_code == 200
    assert appealed.json()["status"] == "appealed"


def test_unknown_references_in_a_decision_answer_422_naming_the_field(client, filed, coordinator):
    response = post(
        client,
        f"{URL}/{filed.protocol_slug}/decision",
        {"accepted": True, "assignee": "ninguem@apoia.test"},
        **bearer(coordinator),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "assignee", "message": "Ninguém com o e-mail ninguem@apoia.test."}
    ]


def test_the_handling_runs_from_acceptance_to_conclusion(client, filed, coordinator, technician):
    url = f"{URL}/{filed.protocol_slug}"
    accepted = post(
        client,
        f"{url}/decision",
        {"accepted": True, "assignee": "tiago@apoia.test"},
        **bearer(coordinator),
    )
    as_tiago = bearer(technician)
    contact = post(
        client, f"{url}/contacts", {"channel": "phone", "summary": "Combinamos datas."}, **as_tiago
    )
    note = post(
        client, f"{url}/messages", {"text": "Reservar a sala.", "internal": True}, **as_tiago
    )
    waiting = post(client, f"{url}/waiting", {"message": "Envie a lista."}, **as_tiago)
    resumed = post(client, f"{url}/resume", {}, **as_tiago)
    no_extension = post(client, f"{url}/extension", {"justification": "Agenda."}, **as_tiago)
    concluded = post(client, f"{url}/conclusion", {"outcome": "Formação feita."}, **as_tiago)

    assert accepted.json()["assignee"] == {"email": "tiago@apoia.test", "name": "Tiago Teixeira"}
    assert (contact.status_code, note.status_code) == (201, 201)
    assert waiting.json()["status"] == "waiting_requester"
    assert resumed.json()["status"] == "in_progress"
    # Extending is the unit's decision, not the technician's (the rules table).
    assert (no_extension.status_code, no_extension.json()) == (
        403,
        {"detail": "Só a coordenação da unidade responsável pode fazer isso."},
    )
    assert concluded.status_code == 200
    body = concluded.json()
    assert (body["status"], body["outcome"]) == ("concluded", "Formação feita.")
    assert [e["kind"] for e in body["timeline"]] == [
        "submitted",
        "routed",
        "accepted",
        "assigned",
        "contact",
        "note",
        "waiting",
        "resumed",
        "concluded",
    ]
    public = track(client, filed).json()
    assert "note" not in [e["kind"] for e in public["timeline"]]


def test_a_coordinator_reroutes_and_assigns(client, filed, coordinator, technician):
    url = f"{URL}/{filed.protocol_slug}"
    unknown = post(
        client, f"{url}/reroute", {"unit": "nao-existe", "reason": "x"}, **bearer(coordinator)
    )
    services.decide(filed, accepted=True, by=coordinator)
    nobody = post(
        client, f"{url}/assignment", {"technician": "x@apoia.test"}, **bearer(coordinator)
    )
    assigned = post(
        client, f"{url}/assignment", {"technician": "tiago@apoia.test"}, **bearer(coordinator)
    )
    rerouted = post(
        client,
        f"{url}/reroute",
        {"unit": "ms-ouvidoria", "reason": "Tema da ouvidoria."},
        **bearer(coordinator),
    )

    assert unknown.json()["errors"] == [
        {"field": "unit", "message": "Unidade desconhecida: nao-existe."}
    ]
    assert nobody.json()["errors"] == [
        {"field": "technician", "message": "Ninguém com o e-mail x@apoia.test."}
    ]
    assert assigned.json()["status"] == "in_progress"
    # Rerouting is for requests not yet in someone's hands.
    assert (rerouted.status_code, rerouted.json()) == (
        409,
        {"detail": "Não é possível fazer isso com um pedido na situação “Em atendimento”."},
    )


# --- staff lists and exports ----------------------------------------------------------------


def test_the_list_shows_visible_requests_with_filters_and_deadline_state(
    client, filed, coordinator, other_organization_user
):
    late = services.submit_request(
        service=filed.service,
        option=filed.option,
        description="Outro pedido de formação para a diretoria.",
        requester=services.RequesterData(
            name="João", email="joao@example.org", document="529.982.247-25"
        ),
    )
    ServiceRequest.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    token = bearer(coordinator)

    everything = client.get(URL, **token).json()
    only_late = client.get(URL, {"deadline_state": "late"}, **token).json()
    in_campo_grande = client.get(URL, {"municipality": 5002704}, **token).json()
    nowhere = client.get(URL, {"municipality": 99999999999}, **token).json()
    bad_filter = client.get(URL, {"status": "perdido"}, **token)
    others = client.get(URL, **bearer(other_organization_user)).json()

    assert (everything["count"], everything["page"], everything["pages"]) == (2, 1, 1)
    assert everything["results"][0] == {
        "protocol": late.protocol,
        "service": {"slug": late.service.slug, "name": late.service.name},
        "status": "received",
        "status_label": "Recebido",
        "unit": {"slug": "ms-sec-spp-comunitarios", "name": late.unit.name},
        "municipality": None,
        "assignee": None,
        "received": everything["results"][0]["received"],
        "due": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "deadline_state": "late",
    }
    assert [r["protocol"] for r in only_late["results"]] == [late.protocol]
    assert [r["protocol"] for r in in_campo_grande["results"]] == [filed.protocol]
    assert nowhere["count"] == 0
    assert bad_filter.status_code == 422
    assert bad_filter.json()["errors"][0]["field"] == "status"
    assert others["count"] == 0


def test_the_exports_carry_the_filtered_list(client, filed, coordinator):
    token = bearer(coordinator)

    csv_response = client.get(f"{URL}/export.csv", {"status": "received"}, **token)
    xlsx_response = client.get(f"{URL}/export.xlsx", **token)
    empty = client.get(f"{URL}/export.csv", {"status": "concluded"}, **token)

    assert csv_response.status_code == 200
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(f"{filed.protocol};")
    assert "maria@example.org" in lines[1]
    assert xlsx_response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx_response.content[:2] == b"PK"
    assert len(empty.content.decode("utf-8-sig").splitlines()) == 1


def test_the_openapi_document_still_builds(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/requests/{protocol}/decision" in paths
    assert "multipart/form-data" in paths["/api/v1/requests"]["post"]["requestBody"]["content"]


def test_an_ombudsman_requester_is_known_to_the_ombudsman_only(
    client, catalog, ombudsman, admin_user
):
    complaint = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no balcão demorou três horas.",
        requester=services.RequesterData(
            name="Joana Souza", email="joana@example.org", document="529.982.247-25"
        ),
    )
    url = f"{URL}/{complaint.protocol_slug}"

    as_ombudsman = client.get(url, **bearer(ombudsman)).json()
    as_admin = client.get(url, **bearer(admin_user)).json()

    assert as_ombudsman["requester"]["email"] == "joana@example.org"
    assert (as_admin["view"], as_admin["requester"], as_admin["organization"]) == (
        "full",
        None,
        None,
    )


def test_staff_send_a_message_with_a_document_as_multipart(client, filed, coordinator):
    response = client.post(
        f"{URL}/{filed.protocol_slug}/messages",
        {
            "payload": json.dumps({"text": "Segue o modelo de estatuto.", "internal": False}),
            "attachments": [SimpleUploadedFile("modelo.pdf", PDF, "application/pdf")],
        },
        **bearer(coordinator),
    )

    assert response.status_code == 201
    attachment = filed.attachments.get()
    assert (attachment.original_name, attachment.from_requester, attachment.is_internal) == (
        "modelo.pdf",
        False,
        False,
    )
    assert attachment.event.text == "Segue o modelo de estatuto."
