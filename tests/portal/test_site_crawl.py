"""A crawl of the demo site as a visitor meets it: every page of the sitemap in both languages,
plus search, the 404 page and the newsletter page. Each page is checked for what a visitor
(or a screen reader, or a browser) relies on everywhere; the failures of all pages are reported
together, so one run shows every page that went wrong and why."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Views outside the page tree, which the sitemap does not list.
OTHER_VIEWS = [
    "/newsletter/",
    "/polls/",
    "/trainee/register/",
    "/trainee/login/",
    "/certificates/verify/",
]
EXTRA_PAGES = {
    "bg": ["/bg/search/?q=трафик"] + [f"/bg{path}" for path in OTHER_VIEWS],
    "en": ["/en/search/?q=trafficking"] + [f"/en{path}" for path in OTHER_VIEWS],
}
NOT_FOUND = {"bg": "/bg/nyama-takava-stranica/", "en": "/en/no-such-page/"}

# Dates as the site writes them: "23 ноември 2026", "23 November 2026", "ноември 2026".
MONTHS = {
    "bg": "януари февруари март април май юни юли август септември октомври ноември декември",
    "en": "January February March April May June July August September October November December",
}
FOREIGN_MONTH = {
    "bg": re.compile(r"\b\d{1,2}\s+(" + MONTHS["en"].replace(" ", "|") + r")\b"),
    "en": re.compile(r"\d{1,2}\s+(" + MONTHS["bg"].replace(" ", "|") + r")", re.IGNORECASE),
}
CAPITALISED_BG_MONTH = re.compile(
    r"(?:\d{1,2}\s+|\b)(" + "|".join(m.capitalize() for m in MONTHS["bg"].split()) + r")\s+\d{4}"
)
ENGLISH_MONTH_FIRST = re.compile(r"\b(" + MONTHS["en"].replace(" ", "|") + r")\.? \d{1,2}, \d{4}")
ABBREVIATED_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\. \d")
# A count of one with a plural noun, or another count with a singular one.
WRONG_PLURAL = {
    "bg": re.compile(
        r"(?<![\d,.])1\s+(гласа|минути|въпроса|документа|резултата|дни|абоната|урока)\b"
        r"|(?<![\d,.])(?:[02-9]|\d{2,})\s+(глас|минута|въпрос|документ|резултат|ден|урок)\b"
    ),
    "en": re.compile(
        r"(?<![\d,.])1\s+(votes|minutes|questions|documents|results|days|lessons)\b"
        r"|(?<![\d,.])(?:[02-9]|\d{2,})\s+(vote|minute|question|document|result|day|lesson)\b"
    ),
}

# A count of a thousand or more not grouped as the language groups it: "1 234 гласа"
# (a no-break space, read here as a space) and "1,234 votes".
COUNT_WORDS = {
    "bg": "гласа|минути|въпроса|документа|резултата|дни|абоната|урока",
    "en": "votes|minutes|questions|documents|results|days|subscribers|lessons",
}
UNGROUPED_COUNT = {
    "bg": re.compile(rf"(?<![\d,.])(?:\d{{4,}}|\d{{1,3}}(?:,\d{{3}})+)\s+({COUNT_WORDS['bg']})\b"),
    "en": re.compile(rf"(?<![\d,.])(?:\d{{4,}}|\d{{1,3}}(?: \d{{3}})+)\s+({COUNT_WORDS['en']})\b"),
}


def sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", response.text)]


def page_language(path: str) -> str:
    return path.strip("/").split("/")[0]


def visible_text(html: BeautifulSoup) -> str:
    for hidden in html(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(html.get_text(" ").split())


class Crawl:
    """Fetches each internal URL once and remembers what it found."""

    def __init__(self, client):
        self.client = client
        self.responses = {}
        self.problems = []

    def get(self, path: str):
        if path not in self.responses:
            self.responses[path] = self.client.get(path, follow=True)
        return self.responses[path]

    def ids_of(self, path: str) -> set[str]:
        response = self.get(path)
        if "html" not in response.get("Content-Type", ""):
            return set()
        html = BeautifulSoup(response.content, "html.parser")
        return {element["id"] for element in html.find_all(id=True)}

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def check(self, path: str, language: str, status: int = 200) -> None:
        response = self.client.get(path)
        if response.status_code != status:
            self.problem(path, f"status {response.status_code}, expected {status}")
            return
        html = BeautifulSoup(response.content, "html.parser")
        self.check_structure(path, html)
        self.check_links(path, language, html)
        self.check_language_of_words(path, language, html)

    def check_structure(self, path: str, html: BeautifulSoup) -> None:
        h1_count = len(html.find_all("h1"))
        if h1_count != 1:
            self.problem(path, f"{h1_count} h1 elements")
        ids = [element["id"] for element in html.find_all(id=True)]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(path, f"id {duplicate!r} used more than once")
        for form in html.find_all("form"):
            if form.has_attr("action") and not form["action"].strip():
                self.problem(path, "a form with an empty action")
        for element in html.find_all(attrs={"aria-describedby": True}):
            for target in element["aria-describedby"].split():
                if target not in ids:
                    self.problem(path, f"aria-describedby points at missing id {target!r}")

    def check_links(self, path: str, language: str, html: BeautifulSoup) -> None:
        own_ids = {element["id"] for element in html.find_all(id=True)}
        switcher = html.select_one(".language-switcher")
        others = [code for code in LANGUAGES if code != language]
        for link in html.find_all(["a", "form"]):
            href = link.get("href") if link.name == "a" else link.get("action")
            if not href or href.startswith(("mailto:", "tel:", "webcal:")):
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # other sites are not crawled
            target, fragment = urldefrag(href)
            if not target:  # an anchor on this page
                if fragment and fragment not in own_ids:
                    self.problem(path, f"anchor #{fragment} does not exist")
                continue
            in_switcher = switcher is not None and link in switcher.find_all("a")
            announced = link.name == "a" and link.get("hreflang") in others
            if page_language(target) in others and not (in_switcher or announced):
                self.problem(path, f"link into the other language: {href}")
            if link.name == "form":
                continue
            response = self.get(target)
            if response.status_code != 200:
                self.problem(path, f"broken link {href} ({response.status_code})")
            elif fragment and fragment not in self.ids_of(target):
                self.problem(path, f"link {href}: no #{fragment} there")

    def check_language_of_words(self, path: str, language: str, html: BeautifulSoup) -> None:
        for other in html.find_all(lang=True):
            if other.name != "html" and not other["lang"].startswith(language):
                other.decompose()  # a part announced in another language (the switcher)
        text = visible_text(html)
        wrong = [
            FOREIGN_MONTH[language].search(text),
            CAPITALISED_BG_MONTH.search(text) if language == "bg" else None,
            ENGLISH_MONTH_FIRST.search(text),
            ABBREVIATED_MONTH.search(text),
        ]
        for match in filter(None, wrong):
            self.problem(path, f"date not in the page's language style: {match.group(0)!r}")
        plural = WRONG_PLURAL[language].search(text)
        if plural:
            self.problem(path, f"wrong plural: {plural.group(0)!r}")
        ungrouped = UNGROUPED_COUNT[language].search(text)
        if ungrouped:
            self.problem(path, f"count not grouped in the language's style: {ungrouped.group(0)!r}")


def test_every_page_of_the_site_in_both_languages(client, demo_content):
    crawl = Crawl(client)
    paths = sitemap_paths(client)
    for language in LANGUAGES:
        assert any(page_language(p) == language for p in paths), f"no {language} pages"
    for path in paths:
        crawl.check(path, page_language(path))
    for language in LANGUAGES:
        for path in EXTRA_PAGES[language]:
            crawl.check(path, language)
        crawl.check(NOT_FOUND[language], language, status=404)
    assert crawl.problems == [], "\n".join(crawl.problems)
