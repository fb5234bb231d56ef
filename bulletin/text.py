"""Text that leaves the site in XML or iCalendar must not carry characters those formats
forbid, whatever an editor pasted from a word processor."""

import re

# C0 controls except tab, newline and carriage return; DEL and C1 controls; the
# non-characters U+FFFE/U+FFFF; and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value) -> str:
    return _FORBIDDEN.sub("", str(value or ""))


def one_line(value) -> str:
    return " ".join(clean_text(value).split())
