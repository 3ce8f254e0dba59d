"""Fixed-window rate limits kept in Django's default cache, shared by every web process.

Each allowed hit claims one numbered slot of the window with `cache.add`, which every backend
does atomically (an INSERT on the database cache, SET NX on Redis). The database cache's
`incr` is a read followed by a write, so two processes counting at the same moment would both
write the same number and let more through than the limit.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone

# Slots read per query: a limit raised for a load test costs a query per CHUNK hits, not one
# query naming thousands of keys.
CHUNK = 50


def hit(scope: str, who: str, *, limit: int, window: int) -> int:
    """Counts one hit of `who` in `scope`: 0 when allowed, else the seconds until the window
    ends (what Retry-After says). A limit of 0 or less turns the limit off."""
    if limit <= 0:
        return 0
    now = int(timezone.now().timestamp())
    start = now - now % window
    # Hashed: the cache (a database table by default) must not keep e-mails or addresses.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    prefix = f"apoia:limit:{scope}:{digest}:{start}"
    for first in range(0, limit, CHUNK):
        slots = [f"{prefix}:{n}" for n in range(first, min(limit, first + CHUNK))]
        taken = cache.get_many(slots)
        for slot in slots:
            # The keys outlive the window, so no slot expires within it and is claimed twice.
            if slot not in taken and cache.add(slot, 1, timeout=2 * window):
                return 0
    return max(1, start + window - now)
