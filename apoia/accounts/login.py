"""Signing in and resetting a password: one spelling of each e-mail, and limits on both.

People type their address as "Mario@Apoia.gov.br", " mario@apoia.gov.br " or with a
full-width "＠" pasted from a document. `normalize_email` turns every spelling into one, and
the login form, the user manager, django-axes' lockout and the password-reset limit all use
it, so a person cannot get a fresh set of attempts by changing the case of a letter.
"""

import unicodedata

from django.conf import settings

from apoia.lib.net import address_bucket, client_address
from apoia.lib.ratelimit import hit

HOUR = 60 * 60
# Several people behind one office address ask for resets in the same hour.
RESETS_PER_ADDRESS_FACTOR = 4


def normalize_email(value: str) -> str:
    """casefold(NFKC(strip(value))): the form in which e-mails are stored and counted."""
    return unicodedata.normalize("NFKC", (value or "").strip()).casefold()


def axes_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalized e-mail of a login attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalize_email(credentials[field])
    data = getattr(request, "POST", None) or {}
    return normalize_email(data.get(field, ""))


def password_reset_allowed(request, email: str) -> bool:
    """Counts one reset request: False past APOIA_PASSWORD_RESET_RATE an hour for this e-mail,
    or past four times that for this client address.

    Counted whether or not an account has the e-mail, and answered by the caller with the same
    "sent" page either way, so the limit tells nobody which addresses have accounts.
    """
    rate = settings.APOIA_PASSWORD_RESET_RATE
    if rate <= 0:
        return True
    address = address_bucket(client_address(request))
    by_address = hit(
        "password-reset-address", address, limit=rate * RESETS_PER_ADDRESS_FACTOR, window=HOUR
    )
    if by_address:
        return False
    return not hit("password-reset-email", normalize_email(email), limit=rate, window=HOUR)
