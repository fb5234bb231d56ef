"""Rate limits without storing IP addresses: the client is identified by a keyed hash of its
address whose key rotates every day, and the counters live only in the cache."""

from django.conf import settings

from portal.client_identity import client_address, within_limit


def _allow(kind: str, value: str) -> bool:
    return within_limit(f"newsletter-{kind}", value, settings.NEWSLETTER_RATE_LIMITS[kind])


def client_allowed(request) -> bool:
    return _allow("client", client_address(request))


def address_allowed(email: str) -> bool:
    return _allow("address", email)
