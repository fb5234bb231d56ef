"""Query understanding through the search page and the API on real pages, in both
languages: folds, transliteration, typos ("did you mean" and the corrected search),
editors' synonyms, the cross-language fallback."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from search.models import SearchSynonym, SearchTerm

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/v3/search/", params)
    assert response.status_code == 200
    return response.json()


def titles(data, key="results"):
    return [result["title"] for result in data[key]]


@pytest.fixture
def pages(bg_home, en_home, make_page):
    return {
        "bg": make_page(
            bg_home,
            "Обезщетение на пострадалите",
            [("s-right", "Право на обезщетение", "Всеки пострадал от трафик има право.")],
        ),
        "bg_partners": make_page(
            bg_home, "Партньори", [("s-p", "", "Нашите партньори дават съгласие.")]
        ),
        "en": make_page(
            en_home,
            "Compensation for victims",
            [("s-right", "A right to compensation", "Every victim of trafficking has a right.")],
        ),
    }


@pytest.mark.parametrize(
    ("language", "typed", "meant", "title"),
    [
        ("bg", "обещетение", "обезщетение", "Обезщетение на пострадалите"),
        ("en", "compensaton", "compensation", "Compensation for victims"),
    ],
)
def test_a_typo_that_finds_nothing_searches_the_correction_and_says_so(
    client, pages, language, typed, meant, title
):
    data = api(client, lang=language, q=typed)
    assert data["corrected_from"] == typed and data["query"] == meant
    assert titles(data) == [title]
    soup = BeautifulSoup(client.get(f"/{language}/search/", {"q": typed}).content, "html.parser")
    note = soup.select_one(".search-correction").get_text(" ", strip=True)
    assert typed in note and meant in note


@pytest.mark.parametrize(
    ("language", "typed", "suggestion"),
    [
        ("bg", "пострадали обещетение", "пострадали обезщетение"),
        ("en", "victims compensaton", "victims compensation"),
    ],
)
def test_a_typo_beside_a_known_word_gets_a_did_you_mean_link(
    client, pages, language, typed, suggestion
):
    data = api(client, lang=language, q=typed)
    assert data["total"] >= 1 and not data["corrected_from"]
    assert data["suggestion"] == suggestion
    soup = BeautifulSoup(client.get(f"/{language}/search/", {"q": typed}).content, "html.parser")
    link = soup.select_one(".search-correction a")
    assert link.get_text() == suggestion
    followed = client.get(f"/{language}/search/{link['href']}")
    assert "search-correction" not in followed.content.decode()


@pytest.mark.parametrize("typed", ["партнёри", "сьгласие"])
def test_bulgarian_spelling_variants_find_the_page(client, pages, typed):
    assert titles(api(client, lang="bg", q=typed)) == ["Партньори"]


@pytest.mark.parametrize("typed", ["obezshtetenie", "obezshtetenieto", "postradali"])
def test_bulgarian_typed_in_latin_letters_finds_the_page(client, pages, typed):
    data = api(client, lang="bg", q=typed)
    assert titles(data)[0] == "Обезщетение на пострадалите"
    response = client.get("/bg/search/", {"q": typed})
    assert "Латиница" in response.content.decode() or "латиница" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "term", "equivalents", "query", "title"),
    [
        ("bg", "НМН", "национален механизъм за насочване", "НМН", "Национален механизъм"),
        (
            "bg",
            "НМН",
            "национален механизъм за насочване",
            "национален механизъм за насочване",
            None,
        ),
        ("en", "NRM", "national referral mechanism", "NRM", "The referral mechanism"),
        ("en", "survivors", "victims", "survivors", "Victims first"),
    ],
)
def test_synonyms_that_editors_keep_are_applied_at_query_time(
    client, bg_home, en_home, make_page, language, term, equivalents, query, title
):
    home = bg_home if language == "bg" else en_home
    if language == "bg":
        make_page(home, "Национален механизъм", [("s", "", "Национален механизъм за насочване.")])
        make_page(home, "Акроними", [("s", "", "НМН е съкращение.")])
    else:
        make_page(home, "The referral mechanism", [("s", "", "A national referral mechanism.")])
        make_page(home, "Victims first", [("s", "", "Help for victims.")])
    assert api(client, lang=language, q=query)["total"] <= 1  # before the editors' entry
    SearchSynonym.objects.create(locale=home.locale, term=term, equivalents=equivalents)
    found = titles(api(client, lang=language, q=query))
    if title:
        assert title in found
    else:  # the full name also finds the page that only has the acronym
        assert set(found) == {"Национален механизъм", "Акроними"}


def test_synonyms_of_one_language_do_not_apply_to_the_other(client, bg_home, en_home, make_page):
    make_page(en_home, "Victims first", [("s", "", "Help for victims.")])
    SearchSynonym.objects.create(locale=bg_home.locale, term="survivors", equivalents="victims")
    assert api(client, lang="en", q="survivors")["total"] == 0


@pytest.mark.parametrize(
    ("language", "query", "other", "title", "label"),
    [
        ("en", "обезщетение", "bg", "Обезщетение на пострадалите", "Pages in Bulgarian"),
        ("bg", "compensation", "en", "Compensation for victims", "Страници на английски"),
    ],
)
def test_few_results_show_the_other_language_labelled(
    client, pages, language, query, other, title, label
):
    data = api(client, lang=language, q=query)
    assert data["total"] == 0
    assert data["other_language"] == other
    assert titles(data, "other_language_results") == [title]
    soup = BeautifulSoup(client.get(f"/{language}/search/", {"q": query}).content, "html.parser")
    section = soup.select_one(".search-other-language")
    assert section.h2.get_text(strip=True) == label
    assert section.ol["lang"] == other
    assert [a.get_text() for a in section.select(".search-result__title a")] == [title]


def test_enough_results_show_no_other_language(client, bg_home, en_home, make_page):
    for number in range(3):
        make_page(bg_home, f"Закрила {number}", [("s", "", "закрила")])
    make_page(en_home, "Закрила", [("s", "", "закрила")])
    assert api(client, lang="bg", q="закрила")["other_language_results"] == []


def test_publishing_adds_words_and_the_command_rebuilds_the_vocabulary(bg_home, make_page):
    page = make_page(bg_home, "Приют", [("s", "", "Кризисен приют")])
    assert SearchTerm.objects.filter(language="bg", word="кризисен").exists()
    page.unpublish()
    call_command("search_vocabulary", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not SearchTerm.objects.filter(word="кризисен").exists()


def test_editors_manage_synonyms_in_the_admin(admin_client, bg_locale):
    listing = admin_client.get("/admin/snippets/search/searchsynonym/")
    assert listing.status_code == 200
    response = admin_client.post(
        "/admin/snippets/search/searchsynonym/add/",
        {"term": "НМН", "equivalents": "национален механизъм за насочване\nNRM"},
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(term="НМН")
    assert synonym.members() == ["НМН", "национален механизъм за насочване", "NRM"]
    assert synonym.locale == bg_locale
