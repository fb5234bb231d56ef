"""Safe text for every page, whatever path the text came by (the editor, a translation
override, an uploaded PO file, the API, a Word import): no `javascript:`, `data:` or
`vbscript:` URL and no event handler in rich text, no control character anywhere."""

import html
import re
from html.parser import HTMLParser

# U+0000–U+001F except tab, newline and carriage return, and U+007F: not allowed in HTML.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "data",
    "formaction",
    "href",
    "longdesc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcset",
    "xlink:href",
}
# Browsers ignore whitespace and control characters inside a URL's scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_EVENT_HANDLER = re.compile(r"[\s\"'/]on[\w:.-]*\s*=", re.IGNORECASE)


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def is_dangerous_url(value: str) -> bool:
    return _IGNORED_IN_SCHEME.sub("", value).lower().startswith(DANGEROUS_SCHEMES)


def _unsafe_attribute(name: str, value: str | None) -> bool:
    if name.startswith("on"):
        return True
    return name in URL_ATTRIBUTES and value is not None and is_dangerous_url(value)


def _may_be_unsafe(markup: str) -> bool:
    """A quick look that lets ordinary rich text through untouched."""
    if "<" not in markup:
        return False
    flat = _IGNORED_IN_SCHEME.sub("", html.unescape(markup)).lower()
    return any(scheme in flat for scheme in DANGEROUS_SCHEMES) or bool(
        _EVENT_HANDLER.search(markup)
    )


class _AttributeFilter(HTMLParser):
    """Copies markup as it is, except the start tags that carry an unsafe attribute, which
    are written again without it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []

    def _start(self, tag, attrs, closing):
        kept = [(name, value) for name, value in attrs if not _unsafe_attribute(name, value)]
        if len(kept) == len(attrs):
            self.parts.append(self.get_starttag_text())
            return
        rendered = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value)}"'
            for name, value in kept
        )
        self.parts.append(f"<{tag}{rendered}{' /' if closing else ''}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closing=True)

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(data)

    def handle_entityref(self, name):
        self.parts.append(f"&{name};")

    def handle_charref(self, name):
        self.parts.append(f"&#{name};")

    def handle_comment(self, data):
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.parts.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.parts.append(f"<![{data}]>")


def safe_html(markup: str) -> str:
    """The markup without control characters, event handlers and dangerous URLs."""
    markup = strip_control_characters(markup or "")
    if not _may_be_unsafe(markup):
        return markup
    parser = _AttributeFilter()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


class SafeHTMLRewriter:
    """The last step of Wagtail's rich text rewriter, so that every expansion of rich text
    (templates, the API's `html` format) is safe."""

    def __call__(self, markup: str) -> str:
        return safe_html(markup)

    def extract_references(self, markup):
        return iter(())
