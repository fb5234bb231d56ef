"""Ranking on small built content, in both languages: a missing word does not drop a page,
a title match outranks a body match, listing pages come after content, news of equal
relevance come newest first, and the deep link goes to the deepest matching section."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bulletin.models import ArticlePage
from portal.models import ContentPage, HomePage
from search.highlight import best_section
from search.mixins import SearchSection
from search.query import parse_query
from search.ranking import rerank

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("language", "query", "both", "one"),
    [
        ("bg", "жертви трафик България", "жертви на трафик", "жертви на насилие"),
        ("en", "victims trafficking Bulgaria", "victims of trafficking", "victims of violence"),
    ],
)
def test_a_missing_word_does_not_drop_a_page(
    client, bg_home, en_home, make_page, language, query, both, one
):
    home = bg_home if language == "bg" else en_home
    make_page(home, "Първа" if language == "bg" else "First", [("s", "", f"Помощ за {both}.")])
    make_page(home, "Втора" if language == "bg" else "Second", [("s", "", f"Помощ за {one}.")])
    data = api(client, lang=language, q=query)
    assert [r["title"] for r in data["results"]] == (
        ["Първа", "Втора"] if language == "bg" else ["First", "Second"]
    )
    assert data["all_words_total"] == 0 and data["any_word"]


@pytest.mark.parametrize(
    ("language", "query", "title", "body"),
    [
        ("bg", "обезщетението", "Обезщетения", "Правото на обезщетение и обезщетения по закон."),
        ("en", "compensation", "Compensation", "Compensation, compensation and compensation."),
    ],
)
def test_a_title_match_outranks_a_body_match(
    client, bg_home, en_home, make_page, language, query, title, body
):
    home = bg_home if language == "bg" else en_home
    make_page(home, "Съдебна практика" if language == "bg" else "Court practice", [("s", "", body)])
    make_page(home, title, [("s", "", "Кратко." if language == "bg" else "Short.")])
    assert api(client, lang=language, q=query)["results"][0]["title"] == title


def test_listing_pages_come_after_pages_with_content(client, bg_home, make_page):
    HomePage.objects.filter(pk=bg_home.pk).update(hero_text="Закрила на пострадалите")
    bg_home.refresh_from_db()
    bg_home.save_revision().publish()
    make_page(bg_home, "Насоки", [("s", "", "Закрилата е право на всеки пострадал.")])
    titles = [r["title"] for r in api(client, lang="bg", q="закрила пострадали")["results"]]
    assert titles[0] == "Насоки" and bg_home.title in titles


def page_like(model, title, position_days=0):
    return SimpleNamespace(
        title=title,
        content_type_id=ContentType.objects.get_for_model(model).pk,
        first_published_at=timezone.now() - datetime.timedelta(days=position_days),
    )


def test_news_of_about_equal_relevance_come_newest_first():
    older = page_like(ArticlePage, "Съобщение", position_days=30)
    newer = page_like(ArticlePage, "Съобщение", position_days=1)
    guide = page_like(ContentPage, "Наръчник")
    parsed = parse_query("съобщение", "bg")
    assert rerank([older, newer, guide], 3, parsed) == [newer, older, guide]
    # Far apart in relevance, the better match stays first however old it is.
    distant = [older, *(page_like(ContentPage, "Съобщение") for _ in range(5)), newer]
    assert rerank(distant, 7, parsed)[0] is older


def test_pages_with_all_words_stay_before_the_rest():
    some = page_like(ContentPage, "Жертви")
    every = page_like(ContentPage, "Друго")
    parsed = parse_query("жертви трафик", "bg")
    # The backend put `some` first, but only `every` matches all the words (all_words=1
    # means the first one given); the title does not lift a partial match above it.
    assert rerank([every, some], 1, parsed) == [every, some]


CLAUSES = [
    SearchSection(None, "Стандарт", "Обхват на стандарта.", 0),
    SearchSection("c-2", "2 Оценка на риска", "Оценката на риска се прави от екипа.", 1),
    SearchSection("c-2-1", "2.1 Първоначална оценка", "Първоначалната оценка на риска.", 2),
    SearchSection("c-3", "3 Права на детето", "на на на от от за", 1),
]


@pytest.mark.parametrize(
    ("language", "query", "anchor"),
    [
        ("bg", "първоначална оценка на риска", "c-2-1"),  # the clause, not its parent
        ("bg", "оценка на риска", "c-2-1"),  # equal match: the deepest wins
        ("bg", "права на", "c-3"),
        ("bg", "на от за оценка", "c-2-1"),  # stop words do not choose the section
    ],
)
def test_the_deepest_matching_clause_wins_the_deep_link(language, query, anchor):
    assert best_section(CLAUSES, parse_query(query, language)).anchor == anchor


def test_the_deep_link_in_english():
    sections = [
        SearchSection("a", "Identification", "Signs of trafficking and of exploitation.", 2),
        SearchSection("b", "Signs", "The signs of labour exploitation.", 3),
        SearchSection("c", "Of the the", "of the of the of the", 3),
    ]
    assert best_section(sections, parse_query("signs of exploitation", "en")).anchor == "b"
    assert best_section(sections, parse_query("of the", "en")).anchor == "c"


def test_pages_with_some_words_are_left_out_once_enough_have_all(
    client, bg_home, make_page, monkeypatch
):
    monkeypatch.setattr("search.service.ENOUGH", 2)
    make_page(bg_home, "Първа", [("s", "", "жертви на трафик")])
    make_page(bg_home, "Втора", [("s", "", "трафик и жертви")])
    make_page(bg_home, "Трета", [("s", "", "само жертви")])
    data = api(client, lang="bg", q="жертви трафик")
    assert data["total"] == data["all_words_total"] == 2
    monkeypatch.setattr("search.service.ENOUGH", 3)
    assert api(client, lang="bg", q="жертви трафик")["total"] == 3
