"""How many access-code lookups one client address may make per minute.

The tracking page and the API count in the same cache key, so guessing access codes is no
faster through both than through one. With several web processes, point CACHE_URL at a
shared cache so they count together.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def over_tracking_limit(request) -> bool:
    """Counts one lookup of this client address; True past APOIA_TRACKING_RATE this minute."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"apoia:tracking:{request.META.get('REMOTE_ADDR', '')}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.APOIA_TRACKING_RATE


def seconds_to_next_minute() -> int:
    return 60 - int(timezone.now().timestamp()) % 60
