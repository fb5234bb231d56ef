"""Email address and display-name normalisation: one canonical form per mailbox, and
nothing that could break out of a mail header."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def normalise_email(value: str) -> str:
    """NFKC-fold, lower-case and IDNA-encode the domain, so that `Anna@Example.BG`,
    full-width `Ａnna@example.bg` and `anna@ПРИМЕР.бг` each have one spelling."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if CONTROL_CHARS.search(value):
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    local, sep, domain = value.rpartition("@")
    if not sep or not local or not domain:
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(_("Enter a valid email address."), code="invalid") from exc
    address = f"{local}@{domain}".lower()
    validate_email(address)
    return address


def clean_name(value: str) -> str:
    """Reject line breaks and control characters outright (they are never a name); collapse
    other whitespace."""
    value = unicodedata.normalize("NFC", value or "")
    if CONTROL_CHARS.search(value):
        raise ValidationError(_("The name cannot contain line breaks."), code="invalid")
    return " ".join(value.split())


def header_safe(value: str) -> str:
    """Last line of defence when writing headers from stored values."""
    return " ".join(CONTROL_CHARS.sub(" ", value or "").split())
