"""The public pages the browser tests visit: one entry per page type, in both languages.
Add each new page type here (chapter, article, event, lesson, poll, search, newsletter...)
and every browser check (privacy, accessibility, language switch, weight) covers it."""

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class PublicPage:
    kind: str
    bg: str
    en: str
    status: int = 200
    # Whether the language switcher leads to the other language's version of this page.
    translated: bool = True
    # The switch keeps the view's query (a search keeps its words) instead of leading to the
    # other language's example.
    keeps_query: bool = False

    def path(self, language: str) -> str:
        return getattr(self, language)

    def switched(self, source: str, target: str) -> str:
        """Where the language switcher leads from this page in source to target."""
        if not self.keeps_query:
            return self.path(target)
        return f"{urlsplit(self.path(target)).path}?{urlsplit(self.path(source)).query}"


PUBLIC_PAGES = [
    PublicPage("home", "/bg/", "/en/"),
    PublicPage("content", "/bg/za-nas/", "/en/about/"),
    PublicPage("project", "/bg/proekt/", "/en/project/"),
    PublicPage("handbook", "/bg/narachnik/", "/en/handbook/"),
    PublicPage("chapter", "/bg/narachnik/vavedenie/", "/en/handbook/introduction/"),
    PublicPage("whole book", "/bg/narachnik/all/", "/en/handbook/all/"),
    PublicPage("standards library", "/bg/standarti/", "/en/standards/"),
    PublicPage(
        "guidance document",
        "/bg/standarti/standart-rabota-s-postradali-v2/",
        "/en/standards/standard-work-with-survivors-v2/",
    ),
    PublicPage(
        "comparison",
        "/bg/standarti/standart-rabota-s-postradali-v2/compare/?with=1.0",
        "/en/standards/standard-work-with-survivors-v2/compare/?with=1.0",
    ),
    PublicPage("bulletin index", "/bg/byuletin/", "/en/bulletin/"),
    PublicPage(
        "article",
        "/bg/byuletin/novi-nasoki-identifikaciya/",
        "/en/bulletin/early-identification-at-the-border/",
    ),
    PublicPage("bulletin issue", "/bg/byuletin/broy-1/", "/en/bulletin/issue-1/"),
    PublicPage("events index", "/bg/sybitiya/", "/en/events/"),
    PublicPage(
        "event", "/bg/sybitiya/konferenciya-18-oktomvri/", "/en/events/national-conference/"
    ),
    PublicPage("partner news", "/bg/partnori/", "/en/partner-news/"),
    PublicPage("newsletter signup", "/bg/newsletter/", "/en/newsletter/"),
    PublicPage("training index", "/bg/obuchenie/", "/en/training/"),
    PublicPage(
        "module",
        "/bg/obuchenie/identifikacia-granica/",
        "/en/training/identification-at-the-border/",
    ),
    PublicPage(
        "lesson",
        "/bg/obuchenie/identifikacia-granica/indikatori/",
        "/en/training/identification-at-the-border/indicators/",
    ),
    PublicPage(
        "assessment",
        "/bg/obuchenie/identifikacia-granica/pre-test/",
        "/en/training/identification-at-the-border/pre-test/",
    ),
    PublicPage("poll", "/bg/polls/1/", "/en/polls/2/"),
    PublicPage("certificate verification", "/bg/certificates/verify/", "/en/certificates/verify/"),
    PublicPage(
        "search results",
        "/bg/search/?q=%D1%82%D1%80%D0%B0%D1%84%D0%B8%D0%BA",
        "/en/search/?q=trafficking",
        keeps_query=True,
    ),
    PublicPage("not found", "/bg/nyama-takava/", "/en/no-such-page/", status=404, translated=False),
]

LANGUAGES = ["bg", "en"]

# Transferred bytes (HTML, CSS, JS, images, headers) allowed for one public page view.
PAGE_WEIGHT_BUDGET = 60_000
