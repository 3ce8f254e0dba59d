"""Safe retries of `POST /api/v1/requests` with an `Idempotency-Key` header.

A client that lost the connection after the commit cannot know whether its request was filed;
with a key it sends the same call again and gets the first answer back instead of a second
protocol number.

- The key: 1 to 100 printable ASCII characters (a UUID is the usual choice), else 422.
- Whose key: the token's account, or, without a token, the client address (the only stable
  thing an anonymous caller has). Scoping by caller means nobody can fetch another caller's
  receipt (and its access code) by guessing their key, and two callers may pick the same key.
- The same key with the same body (the JSON data as validated, and each file's name and
  SHA-256, so a multipart retry with a new boundary still matches) answers the first 201 as it
  was; with a different body, 422. Only a filed request is remembered: a refused call may be
  corrected and retried with the same key.
- A key lives 24 hours; after that it is forgotten and may file again.
- Two simultaneous calls with one key file once: the key row is inserted in the request's
  own transaction under a unique constraint, so the second insert fails, its request is
  rolled back, and it answers the first one's receipt.
"""

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.api.models import IdempotencyKey
from apoia.lib.net import client_address

HEADER = "Idempotency-Key"
MAX_LENGTH = 100
TTL = dt.timedelta(hours=24)

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
    "description": (
        "Opcional. Identificador único desta chamada escolhido pelo cliente (por exemplo, um "
        "UUID), de 1 a 100 caracteres ASCII imprimíveis. Repetir a chamada com a mesma chave e "
        "o mesmo corpo, em até 24 horas, devolve o mesmo recibo (mesmo protocolo e código de "
        "acesso) sem protocolar de novo; a mesma chave com outro corpo responde 422."
    ),
}


class BadKey(Exception):
    """The header is malformed, or the key was used for another body: 422 on the header."""

    def __init__(self, message: str):
        super().__init__(message)
        self.field, self.message = HEADER, message


class KeyTaken(Exception):
    """Another call with this key filed first, while this one was filing: roll back."""


def read_key(request) -> str | None:
    """The header's key, None when there is none; BadKey when it is malformed."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_LENGTH or not all(" " <= ch <= "~" for ch in key):
        raise BadKey(
            _("Use de 1 a %(max)s caracteres ASCII imprimíveis (por exemplo, um UUID).")
            % {"max": MAX_LENGTH}
        )
    return key


def caller_of(request) -> str:
    user = getattr(request, "auth", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def fingerprint(data, files) -> str:
    """What makes two calls "the same": the validated data and each file's name and content."""
    document = {
        "data": data.model_dump(mode="json"),
        "files": [[upload.name, _file_digest(upload)] for upload in files],
    }
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def earlier_answer(caller: str, key: str, print_: str) -> dict | None:
    """The receipt first answered for this key, None when the key is new (or expired, which
    is then forgotten); BadKey when it filed a different body."""
    cutoff = timezone.now() - TTL
    IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    found = IdempotencyKey.objects.filter(caller=caller, key=key).first()
    if found is None:
        return None
    if found.fingerprint != print_:
        raise BadKey(
            _(
                "Esta chave já foi usada em outro pedido, com outros dados; use uma chave nova "
                "para cada pedido."
            )
        )
    return found.response


def remember(caller: str, key: str, print_: str, req, response: dict) -> None:
    """Records the key with the request; call inside the request's transaction. KeyTaken when
    a simultaneous call with the same key got there first."""
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                caller=caller, key=key, fingerprint=print_, request=req, response=response
            )
    except IntegrityError as exc:
        raise KeyTaken from exc
