"""JSON errors in Portuguese that name the offending field."""

import functools

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from apoia.lib.hostile_input import RejectedInput


def _ctx(error: dict, name: str):
    return error.get("ctx", {}).get(name, "")


def _choices(error: dict) -> dict:
    # pydantic lists the choices in English: "'a', 'b' or 'c'".
    return {"expected": str(_ctx(error, "expected")).replace(" or ", ", ")}


def _validator_message(error: dict) -> str:
    # Our own validators raise ValueError with a Portuguese message; pydantic keeps it in ctx.
    found = _ctx(error, "error")
    return str(found) if isinstance(found, ValueError) and str(found) else _("Valor inválido.")


def _integer(error):
    return _("Informe um número inteiro.")


def _number(error):
    return _("Informe um número.")


def _boolean(error):
    return _("Informe verdadeiro ou falso.")


def _text(error):
    return _("Informe um texto.")


def _object(error):
    return _("Informe um objeto JSON.")


def _list(error):
    return _("Informe uma lista.")


def _date(error):
    return _("Data inválida; use AAAA-MM-DD.")


def _datetime(error):
    return _("Data e hora inválidas; use AAAA-MM-DDTHH:MM.")


def _choice(error):
    return _("Valor inválido; use um de: %(expected)s.") % _choices(error)


def _url(error):
    return _("Endereço (URL) inválido.")


def _uuid(error):
    return _("Identificador (UUID) inválido.")


# Every pydantic error type a request can cause, in Portuguese. A type missing here still
# answers in Portuguese ("Valor inválido."): pydantic's English `msg` never reaches a client.
MESSAGES = {
    "missing": lambda e: _("Campo obrigatório."),
    "extra_forbidden": lambda e: _("Campo desconhecido."),
    "json_invalid": lambda e: _("JSON inválido."),
    "json_type": lambda e: _("Envie um texto JSON."),
    "recursion_loop": lambda e: _("Dados aninhados demais."),
    "recursion_depth_exceeded": lambda e: _("Dados aninhados demais."),
    "none_required": lambda e: _("Este campo deve ficar vazio (null)."),
    "model_type": _object,
    "model_attributes_type": _object,
    "dict_type": _object,
    "mapping_type": _object,
    "invalid_key": lambda e: _("Chave inválida."),
    "list_type": _list,
    "tuple_type": _list,
    "set_type": _list,
    "frozen_set_type": _list,
    "iterable_type": _list,
    "set_item_not_hashable": lambda e: _("Itens inválidos na lista."),
    "too_short": lambda e: (
        _("Informe pelo menos %(count)s itens.") % {"count": _ctx(e, "min_length")}
    ),
    "too_long": lambda e: (
        _("Informe no máximo %(count)s itens.") % {"count": _ctx(e, "max_length")}
    ),
    "string_type": _text,
    "string_sub_type": _text,
    "string_unicode": lambda e: _("Texto com caracteres inválidos."),
    "string_not_ascii": lambda e: _("Use apenas caracteres ASCII."),
    "string_too_short": lambda e: (
        _("Use pelo menos %(count)s caracteres.") % {"count": _ctx(e, "min_length")}
    ),
    "string_too_long": lambda e: (
        _("Use no máximo %(count)s caracteres.") % {"count": _ctx(e, "max_length")}
    ),
    "string_pattern_mismatch": lambda e: _("Formato inválido."),
    "bytes_type": _text,
    "bytes_too_short": lambda e: _("Texto curto demais."),
    "bytes_too_long": lambda e: _("Texto longo demais."),
    "bytes_invalid_encoding": lambda e: _("Texto com codificação inválida."),
    "bool_type": _boolean,
    "bool_parsing": _boolean,
    "int_type": _integer,
    "int_parsing": _integer,
    "int_from_float": _integer,
    "int_parsing_size": lambda e: _("Número grande demais."),
    "float_type": _number,
    "float_parsing": _number,
    "finite_number": lambda e: _("Informe um número finito."),
    "decimal_type": _number,
    "decimal_parsing": _number,
    "decimal_max_digits": lambda e: _("Dígitos demais."),
    "decimal_max_places": lambda e: _("Casas decimais demais."),
    "decimal_whole_digits": lambda e: _("Dígitos demais antes da vírgula."),
    "multiple_of": lambda e: (
        _("O valor deve ser múltiplo de %(limit)s.") % {"limit": _ctx(e, "multiple_of")}
    ),
    "greater_than": lambda e: _("O valor deve ser maior que %(limit)s.") % {"limit": _ctx(e, "gt")},
    "greater_than_equal": lambda e: (
        _("O valor deve ser maior ou igual a %(limit)s.") % {"limit": _ctx(e, "ge")}
    ),
    "less_than": lambda e: _("O valor deve ser menor que %(limit)s.") % {"limit": _ctx(e, "lt")},
    "less_than_equal": lambda e: (
        _("O valor deve ser menor ou igual a %(limit)s.") % {"limit": _ctx(e, "le")}
    ),
    "enum": _choice,
    "literal_error": _choice,
    "union_tag_invalid": _choice,
    "union_tag_not_found": lambda e: _("Campo obrigatório."),
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "date_past": lambda e: _("Informe uma data passada."),
    "date_future": lambda e: _("Informe uma data futura."),
    "time_type": lambda e: _("Hora inválida; use HH:MM."),
    "time_parsing": lambda e: _("Hora inválida; use HH:MM."),
    "datetime_type": _datetime,
    "datetime_parsing": _datetime,
    "datetime_object_invalid": _datetime,
    "datetime_from_date_parsing": _datetime,
    "datetime_past": lambda e: _("Informe uma data e hora passadas."),
    "datetime_future": lambda e: _("Informe uma data e hora futuras."),
    "timezone_naive": lambda e: _("Informe a data e hora sem fuso horário."),
    "timezone_aware": lambda e: _("Informe o fuso horário (por exemplo, -04:00)."),
    "timezone_offset": lambda e: _("Fuso horário inválido."),
    "time_delta_type": lambda e: _("Duração inválida."),
    "time_delta_parsing": lambda e: _("Duração inválida."),
    "url_type": _url,
    "url_parsing": _url,
    "url_syntax_violation": _url,
    "url_too_long": lambda e: _("Endereço (URL) longo demais."),
    "url_scheme": lambda e: _("Endereço (URL) com esquema não aceito."),
    "uuid_type": _uuid,
    "uuid_parsing": _uuid,
    "uuid_version": _uuid,
    "value_error": _validator_message,
    "assertion_error": lambda e: _("Valor inválido."),
}


def message_for(error: dict) -> str:
    """The Portuguese message of one pydantic error."""
    translate = MESSAGES.get(error.get("type"))
    return translate(error) if translate else _("Valor inválido.")


WHOLE_BODY_TYPES = {"model_type", "model_attributes_type", "dict_type"}

# Ninja prefixes locations with where the value came from; people want the field path.
SOURCES = {"query", "body", "path", "form", "header", "cookie", "file", "payload"}


def field_path(loc) -> str:
    """ "requester.email" from ("body", "data", "requester", "email").

    A JSON body arrives under the endpoint's parameter name ("data", "payload"), which means
    nothing to the caller; pydantic also adds type tags ("str-enum[RefusalReason]") for enums
    and unions. Both are left out.
    """
    loc = [str(p) for p in loc]
    if len(loc) > 1 and loc[0] == "body":
        loc = loc[2:] if len(loc) > 2 else loc[1:]
    parts = [p for p in loc if p not in SOURCES and "[" not in p]
    return ".".join(parts) or "__all__"


def error_body(errors: list[dict]) -> dict:
    return {
        "detail": _("Dados inválidos."),
        "errors": [{"field": field, "message": message} for field, message in errors],
    }


def rejected_body(rejected: RejectedInput) -> dict:
    return {
        "detail": rejected.detail,
        "errors": [{"field": rejected.field, "message": rejected.message}],
    }


class FieldError(Exception):
    """Raised by endpoints for a business-rule error on one field; answers 422 by default."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


def install_error_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        errors = []
        for error in exc.errors:
            loc = tuple(error.get("loc", ()))
            if len(loc) == 2 and loc[0] == "body" and error.get("type") in WHOLE_BODY_TYPES:
                # ("body", "data"): the whole body is no object; its parameter name means
                # nothing to the caller.
                errors.append(("body", _("Envie um objeto JSON.")))
            else:
                errors.append((field_path(loc), message_for(error)))
        return api.create_response(request, error_body(errors), status=422)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, {"detail": _("Não encontrado.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return api.create_response(
            request, {"detail": _("Autenticação necessária ou token inválido.")}, status=401
        )

    @api.exception_handler(FieldError)
    def on_field_error(request, exc):
        return api.create_response(
            request, error_body([(exc.field, exc.message)]), status=exc.status
        )

    @api.exception_handler(RejectedInput)
    def on_rejected_input(request, exc):
        return api.create_response(request, rejected_body(exc), status=exc.status)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if isinstance(exc.__cause__, RejectedInput):
            # Our parser (apoia.api.urls.SafeParser) refused the body; ninja wrapped it.
            return on_rejected_input(request, exc.__cause__)
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # django-ninja's own wording, for a body that is not JSON.
            body = error_body([("body", _("O corpo da requisição não é um JSON válido."))])
            return api.create_response(request, body, status=400)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def answers_refusals(*transition_errors):
    """A view decorator turning a service's refusals into JSON: PermissionDenied → 403, one of
    `transition_errors` (the app's "not in this status" error, with a `message`) → 409, and a
    Django ValidationError → 422 naming each field path."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return JsonResponse({"detail": str(exc)}, status=403)
            except transition_errors as exc:
                return JsonResponse({"detail": exc.message}, status=409)
            except DjangoValidationError as exc:
                pairs = (
                    [(f, m) for f, messages in exc.message_dict.items() for m in messages]
                    if hasattr(exc, "error_dict")
                    else [("__all__", m) for m in exc.messages]
                )
                return JsonResponse(error_body(pairs), status=422)

        return wrapper

    return decorate
