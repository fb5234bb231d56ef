"""Who is asking, without knowing who: the client's address as the proxy reports it, and
keyed hashes of it whose key rotates, so that no raw address is ever stored."""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

DAY = 24 * 3600


def client_address(request) -> str:
    """Behind a proxy, CLIENT_IP_META names the META key it fills (e.g. HTTP_X_REAL_IP or
    HTTP_X_FORWARDED_FOR); the last entry is the one the proxy itself added."""
    value = request.META.get(settings.CLIENT_IP_META) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


def current_window(window_seconds: int = DAY, now: float | None = None) -> int:
    return int((now or time.time()) // window_seconds)


def rotating_hash(purpose: str, value: str, window: int | None = None) -> str:
    """HMAC of `value` under a key derived from SECRET_KEY, `purpose` and the time window
    (a day by default): yesterday's hashes cannot be linked to today's."""
    if window is None:
        window = current_window()
    key = hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{window}".encode(), hashlib.sha256)
    return hmac.new(key.digest(), value.encode(), hashlib.sha256).hexdigest()


def count_hit(key: str, timeout: int) -> int:
    """Counts one request in a fixed window kept in the shared cache; returns the count."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def within_limit(purpose: str, value: str, limit: tuple[int, int]) -> bool:
    """Counts one request for `value` (a client's address, an email address) and says
    whether it stays within `limit`, (requests, seconds); only a keyed hash is kept."""
    count, window = limit
    key = f"rl:{purpose}:{rotating_hash(purpose, value)[:32]}"
    return count_hit(key, window) <= count
