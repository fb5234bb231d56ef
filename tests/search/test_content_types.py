"""Search over the real content types with the demo content: section and clause anchors,
topic/audience filters with counts, per-language isolation and relevance."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from wagtail.models import Page

from bulletin.models import ArticlePage, EventPage
from handbook.models import ChapterPage, GuidanceDocumentPage
from search.mixins import SearchablePageMixin, SearchSection
from search.models import PageFacet, SearchSynonym
from training.models import TrainingModulePage

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 200
    return response.json()


def test_every_public_page_type_follows_the_search_contract():
    page_types = [
        model for model in apps.get_models() if issubclass(model, Page) and model is not Page
    ]
    assert len(page_types) >= 16
    for model in page_types:
        assert issubclass(model, SearchablePageMixin), model
        assert "search_text" in {field.field_name for field in model.search_fields}, model
        assert model.search_sections is not SearchablePageMixin.search_sections, model


def test_real_pages_give_sections_dates_and_facets(demo_content):
    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1)]
    assert {type(page) for page in pages} >= {
        ArticlePage,
        ChapterPage,
        EventPage,
        GuidanceDocumentPage,
        TrainingModulePage,
    }
    for page in pages:
        sections = page.search_sections()
        assert all(isinstance(section, SearchSection) for section in sections), page
        assert str(page.search_result_type), page
    chapter = ChapterPage.objects.live().filter(locale__language_code="bg").first()
    assert all(s.anchor for s in chapter.search_sections()[1:])
    article = ArticlePage.objects.live().first()
    assert article.search_result_date() == article.date
    stored = set(
        PageFacet.objects.filter(page=article, name="topic").values_list("value", flat=True)
    )
    assert stored == set(article.topic_names) and stored


def test_bulgarian_queries_link_to_the_section_and_the_clause(client, demo_content):
    # An inflected form ("индикаторите") finds the chapter section headed "Индикатори".
    data = api(client, lang="bg", q="индикаторите", type="handbook.chapterpage")
    assert data["results"][0]["url"].endswith("/narachnik/identifikacia-i-zakrila/#ch2-indicators")
    assert data["results"][0]["section"] == "Индикатори за трафик"
    assert "<mark>Индикатори</mark>" in data["results"][0]["snippet_html"]
    # A clause of the standard (both versions have it): its anchor, type, version and date.
    data = api(client, lang="bg", q="първоначална оценка")
    assert data["all_words_total"] == 2  # then pages with one of the words
    assert {r["type"] for r in data["results"][:2]} == {"handbook.guidancedocumentpage"}
    first = data["results"][0]
    assert "/standart-rabota-s-postradali-v" in first["url"]
    assert first["url"].endswith("#std-assessment")
    assert first["type"] == "handbook.guidancedocumentpage"
    assert first["type_label"].startswith("Стандарт") and "NMN-S-01 v" in first["type_label"]
    assert first["date"] in ("2021-03-01", "2024-01-15")
    response = client.get("/bg/search/", {"q": "първоначална оценка"})
    link = BeautifulSoup(response.content, "html.parser").select_one(".search-result__title a")
    assert link["href"].endswith("#std-assessment")


def test_topic_and_audience_filters_have_real_counts(client, demo_content):
    # The counts are checked against the first page of results: no synonyms that widen it.
    SearchSynonym.objects.all().delete()
    data = api(client, lang="bg", q="идентификация")
    topics = {option["value"]: option["count"] for option in data["facets"]["topic"]}
    assert data["total"] <= 10  # every match is on this page
    found = ArticlePage.objects.filter(pk__in=[result["id"] for result in data["results"]])
    expected = sum(1 for article in found if "Идентификация" in article.topic_names)
    assert topics["Идентификация"] == expected == 1
    filtered = api(client, lang="bg", q="идентификация", topic="Идентификация")
    assert filtered["total"] == 1
    assert filtered["results"][0]["type"] == "bulletin.articlepage"
    assert next(o for o in filtered["facets"]["topic"] if o["selected"])["value"] == "Идентификация"

    # Audiences of guidance documents (several each), events and modules, in one list.
    data = api(client, lang="bg", q="пострадали")
    audiences = {option["value"]: option["count"] for option in data["facets"]["audience"]}
    filtered = api(client, lang="bg", q="пострадали", audience="Социални услуги")
    assert audiences["Социални услуги"] == filtered["total"] >= 4
    # Guidance documents, events and modules share the one vocabulary.
    types = {r["type"] for r in filtered["results"]}
    assert {"handbook.guidancedocumentpage", "training.trainingmodulepage"} <= types
    for result in filtered["results"]:
        page = Page.objects.get(pk=result["id"]).specific
        assert "social-services" in page.audiences

    # The English labels are the English pages' own; the page shows the counts.
    data = api(client, lang="en", q="trafficking")
    assert "Social services" in {o["value"] for o in data["facets"]["audience"]}
    response = client.get("/en/search/", {"q": "trafficking"})
    options = BeautifulSoup(response.content, "html.parser").select("#facet-audience option")
    assert any(o.get_text().startswith("Social services (") for o in options)


def test_languages_stay_apart_on_real_content(client, demo_content):
    assert api(client, lang="bg", q="shelter")["total"] == 0
    english = api(client, lang="en", q="shelter")
    assert english["total"] > 0
    assert all("/en/" in result["url"] for result in english["results"])
    bulgarian = api(client, lang="bg", q="приют")
    assert bulgarian["total"] > 0
    assert all("/bg/" in result["url"] for result in bulgarian["results"])


# The relevance set on the demo content: (language, query, expected first title).
DEMO_RELEVANCE = [
    ("bg", "кризисен приют", "Нов кризисен приют във Варна"),
    ("bg", "социалното включване", "Социално включване"),
    ("bg", "индикатори", "Индикатори за трафик на хора"),
    ("bg", "обезщетение", "Наказателно правосъдие и обезщетение"),
    ("en", "crisis shelter", "A new crisis shelter in Varna"),
    ("en", "social inclusion", "Social inclusion"),
    ("en", "indicators", "Indicators of trafficking in human beings"),
    ("en", "redress", "Criminal justice and redress"),
]


def test_relevance_set_on_the_demo_content(client, demo_content):
    firsts = {
        (language, query): [r["title"] for r in api(client, lang=language, q=query)["results"]]
        for language, query, _expected in DEMO_RELEVANCE
    }
    misses = [
        (language, query, expected, firsts[language, query][:3])
        for language, query, expected in DEMO_RELEVANCE
        if not firsts[language, query] or firsts[language, query][0] != expected
    ]
    assert not misses
