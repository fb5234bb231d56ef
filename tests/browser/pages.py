"""The public pages the browser tests visit: one entry per page type, in both languages.
Add each new page type here (chapter, article, event, lesson, poll, search, newsletter...)
and every browser check (privacy, accessibility, language switch, weight) covers it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicPage:
    kind: str
    bg: str
    en: str
    status: int = 200
    # Whether the language switcher leads to the other language's version of this page.
    translated: bool = True

    def path(self, language: str) -> str:
        return getattr(self, language)


PUBLIC_PAGES = [
    PublicPage("home", "/bg/", "/en/"),
    PublicPage("content", "/bg/za-nas/", "/en/about/"),
    PublicPage("project", "/bg/proekt/", "/en/project/"),
    PublicPage("not found", "/bg/nyama-takava/", "/en/no-such-page/", status=404, translated=False),
]

LANGUAGES = ["bg", "en"]

# Transferred bytes (HTML, CSS, JS, images, headers) allowed for one public page view.
PAGE_WEIGHT_BUDGET = 60_000
