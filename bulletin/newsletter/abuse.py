"""Rate limits without storing IP addresses: the client is identified by a keyed hash of its
address whose key rotates every day, and the counters live only in the cache."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

DEFAULT_LIMITS = {
    # (requests, seconds)
    "client": (10, 3600),
    "address": (3, 86400),
}


def _limit(kind):
    return getattr(settings, "NEWSLETTER_RATE_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])


def keyed_hash(purpose: str, value: str) -> str:
    day = timezone.now().strftime("%Y-%m-%d")
    key = f"{settings.SECRET_KEY}|newsletter|{purpose}|{day}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def client_address(request) -> str:
    # Behind a proxy, set NEWSLETTER_CLIENT_IP_META to the META key it fills
    # (e.g. HTTP_X_REAL_IP); the last hop it appends is the one to trust.
    meta_key = getattr(settings, "NEWSLETTER_CLIENT_IP_META", "REMOTE_ADDR")
    return request.META.get(meta_key, "").split(",")[-1].strip()


def _allow(kind: str, value: str) -> bool:
    limit, window = _limit(kind)
    key = f"newsletter:rl:{kind}:{keyed_hash(kind, value)}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return True


def client_allowed(request) -> bool:
    return _allow("client", client_address(request))


def address_allowed(email: str) -> bool:
    return _allow("address", email)
