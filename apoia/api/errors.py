"""JSON errors in Portuguese that name the offending field."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError


def _expected(error: dict) -> str:
    # pydantic lists the choices in English: "'a', 'b' or 'c'".
    return str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")


# Pydantic error types we translate; anything else keeps a generic sentence.
MESSAGES = {
    "missing": lambda e: _("Campo obrigatório."),
    "int_parsing": lambda e: _("Informe um número inteiro."),
    "int_type": lambda e: _("Informe um número inteiro."),
    "float_parsing": lambda e: _("Informe um número."),
    "bool_parsing": lambda e: _("Informe verdadeiro ou falso."),
    "date_from_datetime_parsing": lambda e: _("Data inválida; use AAAA-MM-DD."),
    "date_parsing": lambda e: _("Data inválida; use AAAA-MM-DD."),
    "date_from_datetime_inexact": lambda e: _("Data inválida; use AAAA-MM-DD."),
    "datetime_parsing": lambda e: _("Data e hora inválidas; use AAAA-MM-DDTHH:MM."),
    "datetime_from_date_parsing": lambda e: _("Data e hora inválidas; use AAAA-MM-DDTHH:MM."),
    "string_too_long": lambda e: _("Texto longo demais."),
    "string_too_short": lambda e: _("Texto curto demais."),
    "greater_than_equal": lambda e: (
        _("O valor deve ser maior ou igual a %(limit)s.") % {"limit": e.get("ctx", {}).get("ge")}
    ),
    "less_than_equal": lambda e: (
        _("O valor deve ser menor ou igual a %(limit)s.") % {"limit": e.get("ctx", {}).get("le")}
    ),
    "enum": lambda e: (
        _("Valor inválido; use um de: %(expected)s.")
        % {"expected": e.get("ctx", {}).get("expected", "")}
    ),
    "literal_error": lambda e: (
        _("Valor inválido; use um de: %(expected)s.")
        % {"expected": e.get("ctx", {}).get("expected", "")}
    ),
    "json_invalid": lambda e: _("JSON inválido."),
    "string_type": lambda e: _("Informe um texto."),
    "float_type": lambda e: _("Informe um número."),
    "bool_type": lambda e: _("Informe verdadeiro ou falso."),
    "list_type": lambda e: _("Informe uma lista."),
    "dict_type": lambda e: _("Informe um objeto JSON."),
    "model_type": lambda e: _("Informe um objeto JSON."),
    "date_type": lambda e: _("Data inválida; use AAAA-MM-DD."),
    "datetime_type": lambda e: _("Data e hora inválidas; use AAAA-MM-DDTHH:MM."),
    "int_from_float": lambda e: _("Informe um número inteiro."),
    "string_pattern_mismatch": lambda e: _("Formato inválido."),
    "too_short": lambda e: _("Poucos itens."),
    "too_long": lambda e: _("Itens demais."),
    "greater_than": lambda e: (
        _("O valor deve ser maior que %(limit)s.") % {"limit": e.get("ctx", {}).get("gt")}
    ),
    "less_than": lambda e: (
        _("O valor deve ser menor que %(limit)s.") % {"limit": e.get("ctx", {}).get("lt")}
    ),
    "model_attributes_type": lambda e: _("Corpo JSON inválido."),
}

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
            translate = MESSAGES.get(error.get("type"))
            message = translate(error) if translate else error.get("msg", _("Valor inválido."))
            errors.append((field_path(error.get("loc", ())), message))
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

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # django-ninja's own wording, for a body that is not JSON.
            body = error_body([("body", _("O corpo da requisição não é um JSON válido."))])
            return api.create_response(request, body, status=400)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
