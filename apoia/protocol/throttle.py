"""Per-client-address limits of the public protocol: access-code lookups and submissions
made without an account.

The tracking page and the API count lookups under one key, so guessing access codes is no
faster through both than through one; the web form, the API and Open311 likewise share the
submission budget. The counters live in the default cache, which is shared by every web process
(the database cache unless CACHE_URL says otherwise), and the address comes from
`client_address`, which honours X-Forwarded-For only from APOIA_TRUSTED_PROXIES.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from apoia.lib.net import address_bucket, client_address
from apoia.lib.ratelimit import hit

MINUTE = 60


def tracking_retry_after(request) -> int:
    """Counts one lookup by access code: 0 when allowed, else the seconds to wait
    (APOIA_TRACKING_RATE per client address per minute)."""
    who = address_bucket(client_address(request))
    return hit("tracking", who, limit=settings.APOIA_TRACKING_RATE, window=MINUTE)


def submission_retry_after(request, user=None) -> int:
    """Counts one submission: 0 when allowed, else the seconds to wait.

    Only submissions without an account or a valid API token are counted
    (APOIA_SUBMISSION_RATE per client address per minute; 0 turns the limit off): an account
    answers for what it files, and its tokens can be revoked.
    """
    if user is not None and user.is_authenticated:
        return 0
    who = address_bucket(client_address(request))
    return hit("submission", who, limit=settings.APOIA_SUBMISSION_RATE, window=MINUTE)


def too_many_submissions(wait: int) -> str:
    """What the web form, the API and Open311 answer past the submission limit."""
    return _(
        "Muitos pedidos deste endereço em pouco tempo. Tente de novo em %(seconds)s segundos."
    ) % {"seconds": wait}
