"""Signed, expiring confirmation tokens. A token names the subscriber, a nonce that is
rotated on every new link and on use (so each link works once), and the name, language and
form the visitor submitted, which take effect only when the subscription is confirmed."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

# The salt keeps its first name: links already in subscribers' mailboxes stay valid.
SALT = "bulletin.newsletter.confirm"


@dataclass(frozen=True)
class ConfirmRequest:
    subscriber_id: int
    nonce: str
    name: str
    language: str
    source: str
    wording_version: str


def make_confirm_token(request: ConfirmRequest) -> str:
    payload = {
        "s": request.subscriber_id,
        "n": request.nonce,
        "m": request.name,
        "l": request.language,
        "f": request.source,
        "v": request.wording_version,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def confirm_max_age() -> int:
    """Seconds a confirmation link works (NEWSLETTER_CONFIRM_MAX_AGE, three days)."""
    return settings.NEWSLETTER_CONFIRM_MAX_AGE


def read_confirm_token(token: str) -> ConfirmRequest | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=confirm_max_age())
        return ConfirmRequest(
            subscriber_id=int(data["s"]),
            nonce=str(data["n"]),
            name=str(data["m"]),
            language=str(data["l"]),
            source=str(data["f"]),
            wording_version=str(data["v"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
