"""Hostile input gets a clear 4xx in Portuguese, never a 500: NUL characters, JSON nested past
any real document, protocol numbers of other digits, bodies over the limits, wrong types."""

import json
import typing

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pydantic_core.core_schema import ErrorType

from apoia.accounts.services import create_api_token
from apoia.api.errors import MESSAGES, message_for
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import services
from apoia.protocol.models import ServiceRequest
from apoia.protocol.numbering import format_nup, normalize_protocol

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SLUG = "orientacao-associacoes-comunitarias"


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def service(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande):
    load_catalog()
    return Service.objects.get(slug=SLUG)


@pytest.fixture
def filed(service, campo_grande):
    return services.submit_request(
        service=service,
        option=service.options.get(slug="formacao-capacitacao"),
        description="Pedimos uma formação para a diretoria da associação.",
        requester=services.RequesterData(
            name="Maria da Silva", email="maria@example.org", document="529.982.247-25"
        ),
        municipality=campo_grande,
    )


@pytest.fixture
def token(coordinator):
    _token, secret = create_api_token(coordinator, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def submission(**overrides) -> dict:
    data = {
        "service": SLUG,
        "option": "formacao-capacitacao",
        "municipality": 5002704,
        "requester": {
            "name": "Maria da Silva",
            "email": "maria@example.org",
            "document": "529.982.247-25",
        },
        "description": "Pedimos uma formação para a diretoria da associação.",
    }
    data.update(overrides)
    return data


def nul_message(field: str) -> str:
    return f"O campo “{field}” contém um caractere nulo (U+0000), que não é aceito."


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


# --- NUL characters --------------------------------------------------------------------------

# (name, how to send it, the field the answer names). `send(client, req, token)` → response.
API_NUL_CASES = [
    (
        "request list filter",
        lambda c, r, t: c.get("/api/v1/requests", {"service": "a\x00"}, **t),
        "service",
    ),
    (
        "CSV export filter",
        lambda c, r, t: c.get("/api/v1/requests/export.csv", {"unit": "\x00"}, **t),
        "unit",
    ),
    ("catalog search", lambda c, r, t: c.get("/api/v1/services", {"q": "a\x00b"}), "q"),
    ("municipality search", lambda c, r, t: c.get("/api/v1/municipalities", {"uf": "\x00"}), "uf"),
    (
        "tracking access code",
        lambda c, r, t: c.get(f"/api/v1/requests/{r.protocol_slug}", {"access_code": "\x00"}),
        "access_code",
    ),
    (
        "submission, JSON body",
        lambda c, r, t: post_json(c, "/api/v1/requests", submission(description="a\x00" * 6)),
        "description",
    ),
    (
        "submission, nested JSON field",
        lambda c, r, t: post_json(
            c,
            "/api/v1/requests",
            submission(requester={"name": "Ma\x00ria", "email": "m@example.org"}),
        ),
        "requester.name",
    ),
    (
        "submission, multipart payload",
        lambda c, r, t: c.post(
            "/api/v1/requests",
            {"payload": json.dumps(submission(subject="\x00"))},
        ),
        "subject",
    ),
    (
        "submission, multipart field",
        lambda c, r, t: c.post("/api/v1/requests", {"payload": "{\x00}"}),
        "payload",
    ),
    (
        "staff decision (ninja's parser)",
        lambda c, r, t: post_json(
            c,
            f"/api/v1/requests/{r.protocol_slug}/decision",
            {"accepted": False, "justification": "Fora\x00", "reason": "other"},
            **t,
        ),
        "justification",
    ),
    (
        "requester reply",
        lambda c, r, t: post_json(
            c,
            f"/api/v1/requests/{r.protocol_slug}/replies",
            {"access_code": r.access_code, "text": "\x00"},
        ),
        "text",
    ),
]


@pytest.mark.parametrize(
    ("send", "field"), [case[1:] for case in API_NUL_CASES], ids=[c[0] for c in API_NUL_CASES]
)
def test_a_nul_character_anywhere_in_an_api_call_answers_400_naming_the_field(
    client, filed, token, send, field
):
    response = send(client, filed, token)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [{"field": field, "message": nul_message(field)}],
    }
    assert ServiceRequest.objects.count() == 1  # the fixture's, nothing new


OPEN311_NUL_CASES = [
    ("search, JSON", "get", "/open311/v2/requests.json", {"service_code": "\x00"}, "service_code"),
    ("search, dates", "get", "/open311/v2/requests.json", {"start_date": "2026\x00"}, "start_date"),
    ("filing", "post", "/open311/v2/requests.json", {"description": "Buraco\x00"}, "description"),
]


@pytest.mark.parametrize(
    ("method", "url", "data", "field"),
    [case[1:] for case in OPEN311_NUL_CASES],
    ids=[c[0] for c in OPEN311_NUL_CASES],
)
def test_a_nul_character_in_open311_answers_its_error_list_with_400(
    client, service, method, url, data, field
):
    response = getattr(client, method)(url, data)

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": f"{field}: {nul_message(field)}"}]


def test_open311_in_xml_answers_the_nul_error_in_xml(client, service):
    response = client.get("/open311/v2/requests.xml", {"status": "open\x00"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert (
        "<errors><error><code>400</code><description>status: O campo “status” contém um "
        "caractere nulo (U+0000), que não é aceito.</description></error></errors>"
    ) in response.content.decode()


WEB_NUL_CASES = [
    ("catalog search", "get", "/servicos/", lambda r: {"q": "\x00"}, "q"),
    ("staff queue search", "get", "/protocolo/", lambda r: {"q": "x\x00"}, "q"),
    (
        "submission form",
        "post",
        f"/servicos/{SLUG}/solicitar/",
        lambda r: {"description": "Um pedido\x00 com um caractere nulo."},
        "description",
    ),
    (
        "submission form with a file",
        "post",
        f"/servicos/{SLUG}/solicitar/",
        lambda r: {
            "name": "Maria\x00",
            "attachments": SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
        },
        "name",
    ),
    ("tracking form", "post", "/acompanhar/", lambda r: {"protocol": "\x00"}, "protocol"),
    (
        "login",
        "post",
        "/contas/entrar/",
        lambda r: {"username": "ana@apoia.test\x00", "password": "x"},
        "username",
    ),
    (
        "staff action",
        "post",
        None,
        lambda r: {"message-text": "Olá\x00", "message-internal": ""},
        "message-text",
    ),
]


@pytest.mark.parametrize(
    ("method", "url", "data", "field"),
    [case[1:] for case in WEB_NUL_CASES],
    ids=[c[0] for c in WEB_NUL_CASES],
)
def test_a_nul_character_in_a_web_form_or_query_answers_a_portuguese_400_page(
    client, filed, method, url, data, field
):
    url = url or f"/protocolo/{filed.protocol_slug}/mensagem/"

    response = getattr(client, method)(url, data(filed))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Erro 400" in page
    assert nul_message(field) in page
    assert "Nada foi gravado." in page
    assert ServiceRequest.objects.count() == 1


def test_a_nul_character_in_a_path_segment_answers_400(client, filed):
    response = client.get("/protocolo/%00/")

    assert response.status_code == 400
    assert "O endereço contém um caractere nulo (U+0000), que não é aceito." in (
        response.content.decode()
    )


def test_a_nul_character_in_a_field_name_is_named_with_a_visible_escape(client, service):
    response = client.get("/api/v1/services", {"q\x00": "x"})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "q\\0", "message": nul_message("q\\0")}]


def test_a_session_cookie_with_a_nul_answers_400_instead_of_reaching_the_session_table(
    client, service
):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    response = client.get("/servicos/")

    assert response.status_code == 400
    assert nul_message("sessionid") in response.content.decode()


# --- JSON nested past any real document -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "source"),
    [("/api/v1/requests", "body"), ("/api/v1/rankings", "body")],
    ids=["read by the protocol router", "read by ninja's parser"],
)
@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_past_32_levels_answers_400_in_portuguese(client, service, url, source, depth):
    response = client.post(url, "[" * depth + "]" * depth, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dados inválidos.",
        "errors": [
            {
                "field": source,
                "message": "O JSON passa de 32 níveis de listas e objetos um dentro do outro.",
            }
        ],
    }


def test_a_deeply_nested_multipart_payload_answers_400_naming_the_payload(client, service):
    response = client.post("/api/v1/requests", {"payload": "[" * 50_000})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "payload",
            "message": "O JSON passa de 32 níveis de listas e objetos um dentro do outro.",
        }
    ]


def test_json_nested_32_levels_deep_is_still_read(client, service):
    deep = {"description": "x"}
    for _level in range(30):
        deep = {"a": deep}

    response = post_json(client, "/api/v1/requests", submission(extra=deep))

    assert response.status_code == 201


# --- protocol numbers written with other digits -------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "¹3037.001462/2021-65",
        "23037.001462/2021-6٥",
        "２３０３７００１４６２２０２１６５",
        "2³037001462202165",
    ],
)
def test_a_number_with_any_digit_but_0_to_9_is_no_protocol_number(typed):
    assert normalize_protocol(typed) is None


def test_a_unit_code_in_other_digits_is_refused_when_numbering():
    with pytest.raises(ValueError):
        format_nup("５００００", 1, 2026)


def test_the_url_form_of_a_number_keeps_ascii_digits_only():
    assert ServiceRequest(protocol="50000.000001/2026-1²").protocol_slug == "5000000000120261"


def unicode_variants(slug: str) -> list[str]:
    """The request's own number with one digit swapped for a look-alike of another script."""
    return [
        "¹" + slug[1:],  # superscript one: str.isdigit() says yes, int() says no
        slug[:-1] + "٣",  # Arabic-Indic three: int() reads it as 3
        "".join(chr(ord(ch) + 0xFEE0) for ch in slug),  # fullwidth ０-９
    ]


SURFACES = [
    ("staff detail", "get", "/protocolo/{n}/"),
    ("staff action", "post", "/protocolo/{n}/mensagem/"),
    ("staff attachment", "get", "/protocolo/{n}/anexos/1/"),
    ("receipt", "get", "/protocolo/{n}/recibo/"),
    ("receipt pdf", "get", "/protocolo/{n}/recibo.pdf"),
    ("tracking page", "get", "/acompanhar/{n}/"),
    ("tracking reply", "post", "/acompanhar/{n}/responder/"),
    ("api tracking", "get", "/api/v1/requests/{n}"),
    ("api requester action", "post", "/api/v1/requests/{n}/reopen"),
    ("api staff action", "post", "/api/v1/requests/{n}/conclusion"),
    ("open311 request", "get", "/open311/v2/requests/{n}.json"),
]


def _call(client, method, path, token, filed):
    headers = {**token, "HTTP_X_ACCESS_CODE": filed.access_code}
    if method == "get":
        return client.get(path, {"access_code": filed.access_code}, **headers)
    if path.startswith("/api/"):
        body = {"access_code": filed.access_code, "reason": "Motivo.", "outcome": "Feito."}
        return post_json(client, path, body, **headers)
    return client.post(path, {"message-text": "Olá", "text": "Olá"}, **headers)


@pytest.mark.parametrize(
    ("method", "path"), [s[1:] for s in SURFACES], ids=[s[0] for s in SURFACES]
)
def test_a_protocol_number_in_other_digits_answers_the_404_of_an_unknown_number(
    admin_client, filed, token, method, path
):
    # 50000.000001/2099-xx has valid check digits nowhere: the plain unknown number.
    unknown = _call(admin_client, method, path.format(n="00000000000000000"), token, filed)

    for variant in unicode_variants(filed.protocol_slug):
        response = _call(admin_client, method, path.format(n=variant), token, filed)

        assert response.status_code == unknown.status_code, variant
        if response["Content-Type"].startswith("application/json"):
            assert response.json() == unknown.json(), variant
    # The tracking page sends an unknown number to the lookup form.
    assert unknown.status_code == (302 if path == "/acompanhar/{n}/" else 404)


# --- bodies over the limits ---------------------------------------------------------------------


def test_a_json_body_over_the_limit_answers_413_in_portuguese(client, service, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

    response = post_json(client, "/api/v1/requests", submission(description="x" * 1024 * 1024))

    assert response.status_code == 413
    assert response.json() == {
        "detail": "Requisição grande demais.",
        "errors": [
            {
                "field": "body",
                "message": (
                    "A requisição passa do limite de 1 MB de dados (sem contar os arquivos "
                    "anexados)."
                ),
            }
        ],
    }


def test_the_default_limit_is_said_in_megabytes(client, service):
    response = client.post(
        "/api/v1/requests", "x" * (2_621_440 + 1), content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == (
        "A requisição passa do limite de 2,5 MB de dados (sem contar os arquivos anexados)."
    )


def test_a_body_over_the_limit_on_ninjas_parser_answers_413_not_a_parse_error(client, service):
    response = client.post(
        "/api/v1/rankings", "[" + "1," * 1_400_000 + "1]", content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["detail"] == "Requisição grande demais."


def pdfs(count: int) -> list:
    return [SimpleUploadedFile(f"doc{i}.pdf", PDF, "application/pdf") for i in range(count)]


def test_more_than_ten_files_answer_422_in_portuguese_on_the_api(client, service):
    response = client.post(
        "/api/v1/requests", {"payload": json.dumps(submission()), "attachments": pdfs(11)}
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Arquivos demais.",
        "errors": [{"field": "attachments", "message": "Envie no máximo 10 arquivos de cada vez."}],
    }
    assert not ServiceRequest.objects.exists()


def test_more_than_ten_files_answer_a_portuguese_422_page_on_the_web(client, service):
    response = client.post(
        f"/servicos/{SLUG}/solicitar/", {"description": "Um pedido.", "attachments": pdfs(11)}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Erro 422" in page
    assert "Envie no máximo 10 arquivos de cada vez." in page


def test_too_many_form_fields_answer_422_in_open311s_format(client, service):
    fields = {f"attribute[x{i}]": "1" for i in range(1_001)}

    response = client.post("/open311/v2/requests.json", fields)

    assert response.status_code == 422
    assert response.json() == [
        {"code": 422, "description": "body: A requisição tem mais de 1000 campos."}
    ]


def test_a_malformed_multipart_body_answers_400_in_portuguese(client, service):
    response = client.post(
        "/api/v1/requests",
        b"--x\r\nContent-Disposition: form-data\r\n\r\nsem nome\r\n",
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "body", "message": "O corpo da requisição não pôde ser lido."}
    ]


def test_djangos_other_400s_answer_the_portuguese_page(client, service):
    response = client.get("/servicos/", HTTP_HOST="intruso.example")

    assert response.status_code == 400
    assert "A requisição não pôde ser entendida." in response.content.decode()


# --- pydantic's messages in Portuguese ----------------------------------------------------------

ENGLISH = ("Input should", "Field required", "valid", "Value error", "Unable")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"service": 5}, "service", "Informe um texto."),
        ({"service": ["x"]}, "service", "Informe um texto."),
        ({"service": True}, "service", "Informe um texto."),
        ({"service": "s" * 121}, "service", "Use no máximo 120 caracteres."),
        ({"description": {"texto": "x"}}, "description", "Informe um texto."),
        ({"municipality": "Campo Grande"}, "municipality", "Informe um número inteiro."),
        ({"municipality": 5002704.5}, "municipality", "Informe um número inteiro."),
        ({"municipality": True}, "municipality", "Informe um número inteiro."),
        ({"municipality": [5002704]}, "municipality", "Informe um número inteiro."),
        ({"municipality": "9" * 5_000}, "municipality", "Informe um número inteiro."),
        ({"anonymous": "talvez"}, "anonymous", "Informe verdadeiro ou falso."),
        ({"anonymous": [True]}, "anonymous", "Informe verdadeiro ou falso."),
        ({"requester": "Maria"}, "requester", "Informe um objeto JSON."),
        ({"requester": ["Maria"]}, "requester", "Informe um objeto JSON."),
        ({"requester": {"email": 5}}, "requester.email", "Informe um texto."),
        ({"organization": 5}, "organization", "Informe um objeto JSON."),
    ],
)
def test_a_wrong_type_in_a_submission_is_named_in_portuguese(
    client, service, changes, field, message
):
    response = post_json(client, "/api/v1/requests", submission(**changes))

    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["errors"]


def test_a_missing_field_is_named_in_portuguese(client, service):
    data = submission()
    del data["service"]

    response = post_json(client, "/api/v1/requests", data)

    assert response.json()["errors"] == [{"field": "service", "message": "Campo obrigatório."}]


@pytest.mark.parametrize(
    ("url", "body", "field", "message"),
    [
        ("decision", {"accepted": "talvez"}, "accepted", "Informe verdadeiro ou falso."),
        ("decision", {}, "accepted", "Campo obrigatório."),
        ("decision", {"accepted": False, "justification": 5}, "justification", "Informe um texto."),
        (
            "decision",
            {"accepted": False, "reason": "capricho"},
            "reason",
            "Valor inválido; use um de: 'out_of_scope', 'incomplete', 'not_eligible', "
            "'duplicate', 'no_capacity', 'other'.",
        ),
        ("contacts", {"channel": "pombo", "summary": "x"}, "channel", None),
        ("contacts", {"channel": "phone", "summary": ["x"]}, "summary", "Informe um texto."),
        ("reroute", {"unit": 5, "reason": "x"}, "unit", "Informe um texto."),
        ("messages", {"text": "Olá", "internal": "sim?"}, "internal", None),
        ("rating", {"score": "cinco"}, "score", "Informe um número inteiro."),
        ("rating", {"score": True}, "score", "Informe um número inteiro."),
        ("rating", {"score": 4.5}, "score", "Informe um número inteiro."),
        ("reopen", {"reason": None}, "reason", "Informe um texto."),
        ("appeal", [], "body", "Envie um objeto JSON."),
        ("appeal", "recurso", "body", "Envie um objeto JSON."),
    ],
)
def test_a_wrong_type_in_an_action_is_named_in_portuguese(
    client, filed, token, url, body, field, message
):
    response = post_json(client, f"/api/v1/requests/{filed.protocol_slug}/{url}", body, **token)

    assert response.status_code in (400, 422)
    errors = response.json()["errors"]
    assert field in [error["field"] for error in errors]
    for error in errors:
        assert not any(word in error["message"] for word in ENGLISH), error
    if message is not None:
        assert {"field": field, "message": message} in errors


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "abc"}, "page", "Informe um número inteiro."),
        ({"page": "0"}, "page", "O valor deve ser maior ou igual a 1."),
        ({"page": "100001"}, "page", "O valor deve ser menor ou igual a 100000."),
        ({"municipality": "1.5"}, "municipality", "Informe um número inteiro."),
        ({"deadline_state": "ontem"}, "deadline_state", None),
    ],
)
def test_ninjas_own_422_for_query_parameters_is_portuguese_with_the_field(
    client, token, params, field, message
):
    response = client.get("/api/v1/requests", params, **token)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert not any(word in errors[0]["message"] for word in ENGLISH)
    if message is not None:
        assert errors[0]["message"] == message


def test_a_path_parameter_of_the_wrong_type_answers_in_portuguese(client, state_ms):
    response = client.get("/api/v1/municipalities/abc")

    assert response.status_code in (404, 422)
    if response.status_code == 422:
        assert response.json()["errors"][0]["field"] == "ibge"
        assert response.json()["errors"][0]["message"] == "Informe um número inteiro."


@pytest.mark.parametrize("error_type", typing.get_args(ErrorType))
def test_every_pydantic_error_type_answers_in_portuguese(error_type):
    message = message_for(
        {"type": error_type, "loc": ("x",), "msg": "Input should be x", "ctx": {}}
    )

    assert message
    assert not any(word in message for word in ENGLISH)


def test_the_error_types_a_client_can_cause_have_their_own_message():
    reachable = {
        "missing", "string_type", "string_too_long", "int_parsing", "int_type",
        "int_from_float", "int_parsing_size", "bool_parsing", "bool_type", "model_attributes_type",
        "model_type", "dict_type", "list_type", "enum", "literal_error", "float_parsing",
        "float_type", "finite_number", "date_parsing", "datetime_parsing", "greater_than_equal",
        "less_than_equal", "json_invalid", "extra_forbidden",
    }  # fmt: skip

    assert reachable <= set(MESSAGES)
