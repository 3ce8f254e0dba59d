"""What every requests endpoint shares: answers other than success, who the caller is, and
bodies read by hand (JSON, or multipart with files)."""

import functools

import pydantic
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Schema
from ninja.errors import AuthenticationError

from apoia.api.auth import TokenAuth
from apoia.api.errors import error_body, field_path, message_for, rejected_body
from apoia.lib.hostile_input import RejectedInput, load_json
from apoia.protocol import queries, rules, services
from apoia.protocol.models import (
    ServiceRequest,
)
from apoia.protocol.throttle import (
    submission_retry_after,
    too_many_submissions,
    tracking_retry_after,
)

# --- errors ----------------------------------------------------------------------------------


class Problem(Exception):
    """An answer other than success, raised anywhere below an endpoint."""

    def __init__(self, status: int, body: dict, headers: dict | None = None):
        super().__init__(body)
        self.status, self.body, self.headers = status, body, headers or {}


def _pairs(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(field, message) for field, messages in errors.items() for message in messages]


def invalid(errors: dict[str, list[str]], status: int = 422) -> Problem:
    return Problem(status, error_body(_pairs(errors)))


def _forbidden(message: str) -> Problem:
    return Problem(403, {"detail": message})


def field_errors(exc: DjangoValidationError, rename: dict | None = None) -> dict[str, list]:
    if not hasattr(exc, "error_dict"):
        return {"__all__": list(exc.messages)}
    rename = rename or {}
    return {
        rename.get(field, "__all__" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def answers_problems(view):
    """Turns Problem, TransitionError (409) and ValidationError (422) into JSON answers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Problem as exc:
            return JsonResponse(exc.body, status=exc.status, headers=exc.headers)
        except rules.NotPermitted as exc:
            return JsonResponse({"detail": exc.message}, status=403)
        except services.TransitionError as exc:
            return JsonResponse({"detail": " ".join(exc.messages)}, status=409)
        except DjangoValidationError as exc:
            return JsonResponse(error_body(_pairs(field_errors(exc))), status=422)

    return wrapper


# --- callers ---------------------------------------------------------------------------------


# The OpenAPI way of saying "a Bearer token, or nothing".
OPTIONAL_TOKEN_DOC = {"security": [{"TokenAuth": []}, {}]}


class OptionalTokenAuth(TokenAuth):
    """A Bearer token is optional here; when one is sent it must be valid (else 401)."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return AnonymousUser()
        user = super().__call__(request)
        if user is None:
            raise AuthenticationError()
        return user


def throttle_tracking(request) -> None:
    """Lookups by access code: at most APOIA_TRACKING_RATE per client address per minute.

    The counter lives in the cache under the key the tracking page uses (public_views), so
    the page and the API share one budget per address: guessing access codes is no faster
    through both than through one.
    """
    if wait := tracking_retry_after(request):
        raise Problem(
            429,
            {"detail": _("Muitas consultas deste endereço. Tente de novo em um minuto.")},
            {"Retry-After": str(wait)},
        )


def throttle_submission(request, user) -> None:
    """Submissions without a token: at most APOIA_SUBMISSION_RATE per client address per
    minute, counted with the web form's and Open311's."""
    if wait := submission_retry_after(request, user):
        raise Problem(429, {"detail": too_many_submissions(wait)}, {"Retry-After": str(wait)})


# Documented on every endpoint that reads it; the header keeps the code out of URLs, and so
# out of access logs, browser histories and Referer headers.
ACCESS_CODE_HEADER = Header(
    "",
    alias="X-Access-Code",
    description="Código de acesso do pedido (está no recibo e no e-mail de confirmação).",
)


def by_access_code(request, protocol: str, access_code: str) -> ServiceRequest:
    """The request of `protocol` when the X-Access-Code header (or, for older clients, the
    deprecated `access_code` field given here) holds its code; 404 otherwise."""
    throttle_tracking(request)
    access_code = request.headers.get("X-Access-Code") or access_code
    req = queries.find_by_access_code(protocol, access_code)
    if req is None:
        raise Http404
    return req


def as_requester(request, protocol: str, access_code: str) -> tuple[ServiceRequest, bool]:
    """The request its requester acts on, and whether the caller proved the access code.

    The code (header, or the deprecated field) proves it; without a code, the Bearer token of
    the account that filed the request does, as a signed-in requester acts on the web. Anyone
    else gets the same 404 as a wrong code.
    """
    user = request.auth
    code = request.headers.get("X-Access-Code") or access_code
    if not code and user is not None and user.is_authenticated:
        req = queries.get_request_for(user, protocol)
        if not rules.is_requester(user, req):
            raise Http404
        return req, False
    return by_access_code(request, protocol, access_code), True


def acting_user(request):
    user = request.auth
    return user if user is not None and user.is_authenticated else None


def staff_request(user, protocol: str, verb: str) -> ServiceRequest:
    """The request if `user` sees it (else 404) and is among those who may take `verb` on it
    (else 403), asked of the rules table before the body is read, as the web does."""
    req = queries.get_request_for(user, protocol)
    if not rules.is_party_to(user, req, verb):
        raise _forbidden(rules.why_not(user, req, verb))
    return req


# --- request bodies read by hand (JSON, or multipart with files) ------------------------------


def _inline_refs(schema: dict) -> dict:
    """A pydantic JSON schema with its $defs inlined, to embed in an OpenAPI operation."""
    definitions = schema.pop("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(schema)


def body_doc(schema: type[Schema]) -> dict:
    """The OpenAPI request body of an endpoint that reads its body with read_body()."""
    fields = _inline_refs(schema.model_json_schema())
    multipart = {
        "type": "object",
        "properties": {
            "payload": {
                "type": "string",
                "description": "Os mesmos dados do corpo JSON, como texto JSON.",
            },
            "attachments": {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "description": (
                    "PDF, ODT, DOCX ou imagens; até 10 arquivos, 10 MB cada e 25 MB ao todo."
                ),
            },
        },
        "required": ["payload"],
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": fields},
                "multipart/form-data": {"schema": multipart},
            },
        }
    }


def read_body(request, schema: type[Schema]):
    """(data, files) from a JSON body, or from multipart with a `payload` JSON field and
    `attachments` files. Problems answer 400 (unreadable) or 422 (invalid), naming the field."""
    files = []
    if request.content_type == "multipart/form-data":
        source, raw = "payload", request.POST.get("payload")
        files = request.FILES.getlist("attachments")
        if raw is None:
            raise invalid({"payload": [_("Envie os dados em JSON no campo payload.")]}, 400)
    else:
        source, raw = "body", request.body
    try:
        data = load_json(raw or b"null", source=source)
    except RejectedInput as exc:
        raise Problem(exc.status, rejected_body(exc)) from exc
    except ValueError as exc:
        raise invalid({source: [_("JSON inválido.")]}, 400) from exc
    if not isinstance(data, dict):
        raise invalid({source: [_("Envie um objeto JSON.")]}, 400)
    try:
        return schema.model_validate(data), files
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            errors.setdefault(field_path(error["loc"]), []).append(message_for(error))
        raise invalid(errors) from exc
