"""Rate limits without storing IP addresses: the client is identified by a keyed hash of its
address whose key rotates every day, and the counters live only in the cache."""

from django.conf import settings

from portal.client_identity import client_address, count_hit, rotating_hash


def _limit(kind):
    return settings.NEWSLETTER_RATE_LIMITS[kind]


def _allow(kind: str, value: str) -> bool:
    limit, window = _limit(kind)
    key = f"newsletter:rl:{kind}:{rotating_hash(f'newsletter-{kind}', value)[:32]}"
    return count_hit(key, window) <= limit


def client_allowed(request) -> bool:
    return _allow("client", client_address(request))


def address_allowed(email: str) -> bool:
    return _allow("address", email)
