"""The rules table answers the same on the web and on the API, for every verb and role.

Each case files a request, brings it to a status where the verb makes sense, then takes the
verb once through the staff page and once (on a twin request) through the API, and compares
both answers with the table below, written by hand from the rules:

- done: the web redirects (302), the API answers 200/201;
- forbidden: the person sees the request but may not do that (403 on both);
- refused: the status does not allow it now (the web 400 with the form's message, the API 409);
- hidden: the person does not see the request at all (404 on both).
"""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.services import create_api_token
from apoia.catalog.models import Service
from apoia.catalog.reference import load_catalog
from apoia.protocol import rules, services
from apoia.protocol.models import ServiceRequest, Status
from apoia.protocol.rules import Verb

DONE, FORBIDDEN, REFUSED, HIDDEN = "done", "forbidden", "refused", "hidden"
ROLES = ("admin", "coordinator", "technician", "colleague", "other_unit", "ombudsman", "requester")

# verb → the answer for each role, in the order of ROLES.
EXPECTED = {
    Verb.DECIDE: (DONE, DONE, HIDDEN, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.REROUTE: (DONE, DONE, HIDDEN, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.ASSIGN: (DONE, DONE, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.CONTACT: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.MESSAGE: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.NOTE: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.WAIT: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.RESUME: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    # The reported bug: an assigned technician extended through the API.
    Verb.EXTEND: (DONE, DONE, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
    Verb.CONCLUDE: (DONE, DONE, DONE, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN),
}

# What an administrator gets for each verb on a concluded request.
ON_A_CONCLUDED_REQUEST = {
    Verb.DECIDE: REFUSED,
    Verb.REROUTE: REFUSED,
    Verb.ASSIGN: REFUSED,
    Verb.CONTACT: REFUSED,
    Verb.MESSAGE: DONE,
    Verb.NOTE: DONE,
    Verb.WAIT: REFUSED,
    Verb.RESUME: REFUSED,
    Verb.EXTEND: REFUSED,
    Verb.CONCLUDE: REFUSED,
}

# The action forms of the staff page, by their element id (acao-<name>).
CALLS_BY_FORM = (
    "decide",
    "reroute",
    "assign",
    "contact",
    "message",
    "wait",
    "resume",
    "extend",
    "conclude",
)

# verb → (web action, web form data, API path, API body). `{unit}`/`{user}` are filled in.
CALLS = {
    Verb.DECIDE: ("decide", {"decide-decision": "accept"}, "decision", {"accepted": True}),
    Verb.REROUTE: (
        "reroute",
        {"reroute-unit": "{unit_pk}", "reroute-reason": "É da Segem."},
        "reroute",
        {"unit": "{unit_slug}", "reason": "É da Segem."},
    ),
    Verb.ASSIGN: (
        "assign",
        {"assign-assignee": "{user_pk}"},
        "assignment",
        {"technician": "{user_email}"},
    ),
    Verb.CONTACT: (
        "contact",
        {"contact-channel": "phone", "contact-summary": "Ligamos para a diretoria."},
        "contacts",
        {"channel": "phone", "summary": "Ligamos para a diretoria."},
    ),
    Verb.MESSAGE: ("message", {"message-text": "Bom dia."}, "messages", {"text": "Bom dia."}),
    Verb.NOTE: (
        "message",
        {"message-text": "Conferir o estatuto.", "message-internal": "on"},
        "messages",
        {"text": "Conferir o estatuto.", "internal": True},
    ),
    Verb.WAIT: (
        "wait",
        {"wait-message": "Envie a ata."},
        "waiting",
        {"message": "Envie a ata."},
    ),
    Verb.RESUME: ("resume", {}, "resume", {}),
    Verb.EXTEND: (
        "extend",
        {"extend-justification": "Depende de outra secretaria."},
        "extension",
        {"justification": "Depende de outra secretaria."},
    ),
    Verb.CONCLUDE: (
        "conclude",
        {"conclude-outcome": "Formação realizada."},
        "conclusion",
        {"outcome": "Formação realizada."},
    ),
}


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cast(state_ms, state_mt, community_unit, ombudsman_unit, campo_grande, organization):
    from apoia.accounts.reference import ensure_unit
    from conftest import _person

    load_catalog()
    # Extensions are allowed for this test's service, so the extension verb can be tried.
    Service.objects.filter(slug="orientacao-associacoes-comunitarias").update(extension_amount=10)
    segem = ensure_unit("ms-segem")
    return {
        "admin": _admin(),
        "coordinator": _person(
            "carla@apoia.test", "Carla", Role.COORDINATOR, org_unit=community_unit
        ),
        "technician": _person(
            "tiago@apoia.test", "Tiago", Role.TECHNICIAN, org_unit=community_unit
        ),
        "colleague": _person("celia@apoia.test", "Célia", Role.TECHNICIAN, org_unit=community_unit),
        "other_unit": _person("otto@apoia.test", "Otto", Role.COORDINATOR, org_unit=segem),
        "ombudsman": _person("olga@apoia.test", "Olga", Role.OMBUDSMAN, org_unit=ombudsman_unit),
        "requester": _person(
            "rita@apoia.test", "Rita", Role.ORGANIZATION, organization=organization
        ),
        "segem": segem,
    }


def _admin():
    from conftest import _person

    user = _person("ana@apoia.test", "Ana", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _file(people) -> ServiceRequest:
    from apoia.territory.models import Municipality

    return services.submit_request(
        service=Service.objects.get(slug="orientacao-associacoes-comunitarias"),
        option=Service.objects.get(slug="orientacao-associacoes-comunitarias").options.first(),
        description="Pedimos uma formação para a diretoria da associação.",
        municipality=Municipality.objects.get(ibge=5002704),
        by=people["requester"],
    )


def _prepared(people, verb: str, *, concluded: bool = False) -> ServiceRequest:
    """A request filed by Rita, in a status where `verb` makes sense (or concluded)."""
    req = _file(people)
    if verb in (Verb.DECIDE, Verb.REROUTE) and not concluded:
        return req
    coordinator = people["coordinator"]
    services.decide(req, accepted=True, by=coordinator, assignee=people["technician"])
    if verb == Verb.RESUME and not concluded:
        services.wait_for_requester(req, message="Envie a ata.", by=coordinator)
    if concluded:
        services.conclude(req, outcome="Feito.", by=coordinator)
    return ServiceRequest.objects.get(pk=req.pk)


def _fill(template: dict, people) -> dict:
    values = {
        "{unit_pk}": str(people["segem"].pk),
        "{unit_slug}": people["segem"].slug,
        "{user_pk}": str(people["colleague"].pk),
        "{user_email}": people["colleague"].email,
    }
    return {key: values.get(value, value) for key, value in template.items()}


def _through_the_web(client, people, user, req, verb) -> str:
    action, data, _path, _body = CALLS[verb]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(f"protocol:{action}", args=[req.protocol_slug])
    status = client.post(url, _fill(data, people)).status_code
    client.logout()
    return {302: DONE, 403: FORBIDDEN, 400: REFUSED, 404: HIDDEN}.get(status, f"HTTP {status}")


def _through_the_api(client, people, user, req, verb) -> str:
    _action, _data, path, body = CALLS[verb]
    _token, secret = create_api_token(user, name="paridade")
    response = client.post(
        f"/api/v1/requests/{req.protocol_slug}/{path}",
        json.dumps(_fill(body, people)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    status = response.status_code
    return {200: DONE, 201: DONE, 403: FORBIDDEN, 409: REFUSED, 404: HIDDEN}.get(
        status, f"HTTP {status}"
    )


@pytest.mark.parametrize("verb", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_web_and_api_give_the_same_answer_for_each_verb_and_role(client, cast, verb, role):
    expected = EXPECTED[verb][ROLES.index(role)]
    user = cast[role]

    on_the_web = _through_the_web(client, cast, user, _prepared(cast, verb), verb)
    on_the_api = _through_the_api(client, cast, user, _prepared(cast, verb), verb)

    assert (on_the_web, on_the_api) == (expected, expected)


@pytest.mark.parametrize("verb", list(ON_A_CONCLUDED_REQUEST))
def test_a_concluded_request_refuses_the_same_verbs_on_web_and_api(client, cast, verb):
    expected = ON_A_CONCLUDED_REQUEST[verb]
    admin = cast["admin"]

    concluded = _prepared(cast, verb, concluded=True)
    on_the_web = _through_the_web(client, cast, admin, concluded, verb)
    on_the_api = _through_the_api(client, cast, admin, _prepared(cast, verb, concluded=True), verb)

    assert (on_the_web, on_the_api) == (expected, expected)


def test_the_page_offers_exactly_the_actions_the_rules_allow(client, cast):
    req = _prepared(cast, Verb.CONTACT)  # in progress, assigned to Tiago
    client.force_login(cast["technician"], backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(req.get_absolute_url()).content.decode()

    offered = {name for name in CALLS_BY_FORM if f'id="acao-{name}"' in html}
    assert offered == {"contact", "message", "wait", "conclude"}


def test_the_coordinator_page_offers_assignment_and_extension_too(client, cast):
    req = _prepared(cast, Verb.CONTACT)
    client.force_login(cast["coordinator"], backend="django.contrib.auth.backends.ModelBackend")

    html = client.get(req.get_absolute_url()).content.decode()

    offered = {name for name in CALLS_BY_FORM if f'id="acao-{name}"' in html}
    assert offered == {"assign", "contact", "message", "wait", "extend", "conclude"}


def test_can_answers_from_the_table_without_touching_the_request(cast):
    req = _prepared(cast, Verb.CONTACT)
    status_before = req.status

    assert rules.allowed_verbs(cast["technician"], req) == {
        Verb.CONTACT,
        Verb.MESSAGE,
        Verb.NOTE,
        Verb.WAIT,
        Verb.CONCLUDE,
    }
    assert rules.allowed_verbs(cast["requester"], req) == {Verb.REPLY}
    assert rules.allowed_verbs(cast["colleague"], req) == set()
    assert ServiceRequest.objects.get(pk=req.pk).status == status_before == Status.IN_PROGRESS


def test_a_service_called_by_the_wrong_party_raises_instead_of_doing_nothing(cast):
    req = _prepared(cast, Verb.EXTEND)
    due = req.due_date

    with pytest.raises(rules.NotPermitted):
        services.extend_deadline(req, justification="Preciso de mais tempo.", by=cast["technician"])

    assert ServiceRequest.objects.get(pk=req.pk).due_date == due


# --- the requester's verbs -------------------------------------------------------------------

# (verb, the status the request is brought to, web path name, form data, API path, API body)
REQUESTER_CALLS = {
    Verb.REPLY: ("track_reply", {"text": "Segue a ata."}, "replies", {"text": "Segue a ata."}),
    Verb.RATE: ("track_rate", {"score": "5"}, "rating", {"score": 5}),
    Verb.REOPEN: (
        "track_reopen",
        {"reason": "Faltou a segunda turma."},
        "reopen",
        {"reason": "Faltou a segunda turma."},
    ),
    Verb.APPEAL: (
        "track_appeal",
        {"text": "A associação está regular."},
        "appeal",
        {"text": "A associação está regular."},
    ),
}
CALLERS = ("code", "account", "stranger", "staff")
# (verb, status) → the answer for each caller, in the order of CALLERS.
REQUESTER_EXPECTED = {
    (Verb.REPLY, Status.IN_PROGRESS): (DONE, DONE, HIDDEN, HIDDEN),
    (Verb.REPLY, Status.CONCLUDED): (REFUSED, REFUSED, HIDDEN, HIDDEN),
    (Verb.RATE, Status.CONCLUDED): (DONE, DONE, HIDDEN, HIDDEN),
    (Verb.RATE, Status.IN_PROGRESS): (REFUSED, REFUSED, HIDDEN, HIDDEN),
    (Verb.REOPEN, Status.CONCLUDED): (DONE, DONE, HIDDEN, HIDDEN),
    (Verb.APPEAL, Status.REFUSED): (DONE, DONE, HIDDEN, HIDDEN),
    (Verb.APPEAL, Status.IN_PROGRESS): (REFUSED, REFUSED, HIDDEN, HIDDEN),
}


def _in_status(people, status: str) -> ServiceRequest:
    req = _file(people)
    coordinator = people["coordinator"]
    if status == Status.REFUSED:
        services.decide(
            req, accepted=False, by=coordinator, reason="other", justification="Sem agenda."
        )
    else:
        services.decide(req, accepted=True, by=coordinator, assignee=people["technician"])
    if status == Status.CONCLUDED:
        services.conclude(req, outcome="Feito.", by=coordinator)
    return ServiceRequest.objects.get(pk=req.pk)


def _requester_on_the_web(client, people, caller, req, verb) -> str:
    path, data, _api_path, _body = REQUESTER_CALLS[verb]
    client.logout()
    if caller == "code":
        client.post(
            reverse("protocol:track"), {"protocol": req.protocol, "access_code": req.access_code}
        )
    elif caller in ("account", "staff"):
        user = people["requester" if caller == "account" else "coordinator"]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get(reverse("protocol:track_detail", args=[req.protocol_slug]))
    status = client.post(reverse(f"protocol:{path}", args=[req.protocol_slug]), data).status_code
    client.logout()
    return {302: DONE, 403: FORBIDDEN, 400: REFUSED, 404: HIDDEN}.get(status, f"HTTP {status}")


def _requester_on_the_api(client, people, caller, req, verb) -> str:
    _path, _data, api_path, body = REQUESTER_CALLS[verb]
    headers = {}
    if caller == "code":
        headers["HTTP_X_ACCESS_CODE"] = req.access_code
    elif caller == "stranger":
        headers["HTTP_X_ACCESS_CODE"] = "ERRADO2345"
    else:
        user = people["requester" if caller == "account" else "coordinator"]
        headers["HTTP_AUTHORIZATION"] = f"Bearer {create_api_token(user, name='p')[1]}"
    status = client.post(
        f"/api/v1/requests/{req.protocol_slug}/{api_path}",
        json.dumps(body),
        content_type="application/json",
        **headers,
    ).status_code
    return {200: DONE, 201: DONE, 403: FORBIDDEN, 409: REFUSED, 404: HIDDEN}.get(
        status, f"HTTP {status}"
    )


@pytest.mark.parametrize(("verb", "status"), list(REQUESTER_EXPECTED))
@pytest.mark.parametrize("caller", CALLERS)
def test_the_requesters_verbs_answer_the_same_on_web_and_api(client, cast, verb, status, caller):
    expected = REQUESTER_EXPECTED[(verb, status)][CALLERS.index(caller)]

    on_the_web = _requester_on_the_web(client, cast, caller, _in_status(cast, status), verb)
    on_the_api = _requester_on_the_api(client, cast, caller, _in_status(cast, status), verb)

    assert (on_the_web, on_the_api) == (expected, expected)
