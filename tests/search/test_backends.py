"""The Elasticsearch configuration (checked without a server), a real Elasticsearch when
ELASTICSEARCH_URL is set, and what happens when the search service is down."""

import os
import socket
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from portal.models import ContentPage
from search.elasticsearch import (
    LanguageMapping,
    LanguageQueryCompiler,
    LanguageSearchBackend,
    analysis_settings,
    language_field,
)
from search.models import SearchSynonym
from search.normalise import key
from tests.search.conftest import body


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def es_backends(url: str, prefix: str = "nrm_test_") -> dict:
    return {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 2,
        }
    }


def test_index_settings_define_bulgarian_and_english_analyzers():
    backend = LanguageSearchBackend({"URLS": ["http://127.0.0.1:9200"]})
    analysis = backend.settings["settings"]["analysis"]
    analyzers, filters = analysis["analyzer"], analysis["filter"]
    assert analyzers["portal_bulgarian"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": [
            "lowercase",
            "portal_bulgarian_stop",
            "portal_bulgarian_stemmer",
            "icu_folding",
        ],
    }
    assert filters["portal_bulgarian_stemmer"] == {"type": "stemmer", "language": "bulgarian"}
    assert analyzers["portal_english"]["filter"][-2:] == ["portal_english_stemmer", "icu_folding"]
    assert filters["portal_english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert "edgengram_analyzer" in analyzers  # Wagtail's own analyzers are kept
    assert "ngram" in filters


def test_synonym_rules_go_into_the_search_analyzer_only():
    analysis = analysis_settings({"bg": ["НМН, национален механизъм за насочване"]})["settings"][
        "analysis"
    ]
    assert analysis["filter"]["portal_synonyms_bg"] == {
        "type": "synonym_graph",
        "synonyms": ["НМН, национален механизъм за насочване"],
    }
    search_chain = analysis["analyzer"]["portal_bulgarian_search"]["filter"]
    assert search_chain[:2] == ["lowercase", "portal_synonyms_bg"]
    assert "portal_synonyms_bg" not in analysis["analyzer"]["portal_bulgarian"]["filter"]
    # No English rules: the English search analyzer has no synonym filter.
    assert "portal_synonyms_en" not in analysis["filter"]
    assert not any("synonyms" in f for f in analysis["analyzer"]["portal_english_search"]["filter"])


class RecordingIndices:
    def __init__(self):
        self.created = []

    def create(self, **kwargs):
        self.created.append(kwargs)


@pytest.mark.django_db
def test_creating_the_index_feeds_it_the_editors_synonyms(bg_locale, en_locale):
    SearchSynonym.objects.create(
        locale=bg_locale, term="НКБТХ", equivalents="Комисията, национална комисия"
    )
    SearchSynonym.objects.create(locale=en_locale, term="victims", equivalents="survivors")
    backend = LanguageSearchBackend({"URLS": ["http://127.0.0.1:9200"]})
    backend.es = type("Client", (), {"indices": RecordingIndices()})()
    backend.get_index_for_model(Page).put()
    settings = backend.es.indices.created[0]["settings"]
    filters = settings["analysis"]["filter"]
    assert filters["portal_synonyms_bg"]["synonyms"] == ["НКБТХ, Комисията, национална комисия"]
    assert filters["portal_synonyms_en"]["synonyms"] == ["victims, survivors"]


def test_mapping_has_a_field_per_language_with_its_analyzer():
    properties = LanguageMapping(ContentPage).get_mapping()["properties"]
    assert properties[language_field("bg")] == {
        "type": "text",
        "analyzer": "portal_bulgarian",
        "search_analyzer": "portal_bulgarian_search",
    }
    assert properties[language_field("en")]["search_analyzer"] == "portal_english_search"
    # The normalised text every backend shares is one column for all page types.
    assert properties["search_text"] == {"type": "text", "copy_to": "_all_text"}


@pytest.mark.django_db
def test_document_puts_the_text_as_written_in_its_language_field(bg_home, en_home, make_page):
    bg_page = make_page(bg_home, "Жертвите", [("s", "Раздел", "Социалните услуги")])
    en_page = make_page(en_home, "Victims", [("s", "Part", "Social services")])
    bg_document = LanguageMapping(ContentPage).get_document(bg_page)
    assert bg_document[language_field("bg")] == "Жертвите Раздел Социалните услуги"
    assert language_field("en") not in bg_document
    assert "жертв" in bg_document["search_text"].split()
    en_document = LanguageMapping(ContentPage).get_document(en_page)
    assert en_document[language_field("en")] == "Victims Part Social services"


def test_queries_search_the_language_fields():
    compiler = LanguageQueryCompiler(Page.objects.none(), PlainText("жертв"))
    query = str(compiler.get_query())
    for field in ("_all_text", language_field("bg"), language_field("en")):
        assert field in query


def matches(body):
    """Every full-text match clause in a compiled query body (not the type filter)."""
    if isinstance(body, dict):
        for name, value in body.items():
            if name == "match" and isinstance(next(iter(value.values())), dict):
                yield next(iter(value.values()))
            elif name == "multi_match":
                yield value
            else:
                yield from matches(value)
    elif isinstance(body, list):
        for item in body:
            yield from matches(item)


def test_queries_tolerate_typos_and_keep_the_concepts_structure():
    """Ranked OR of concepts, each concept an OR of its alternatives (a synonym's words
    all required), every word fuzzy: what search.service sends for "НМН жертви"."""
    query = Or(
        [
            Or([PlainText("нмн"), And([PlainText("национал"), PlainText("механизъм")])]),
            PlainText("жертв"),
        ]
    )
    body = LanguageQueryCompiler(Page.objects.none(), query).get_query()
    found = list(matches(body))
    assert {m["query"] for m in found} == {"нмн", "национал", "механизъм", "жертв"}
    assert all(m["fuzziness"] == "AUTO" and m["prefix_length"] == 1 for m in found)
    text = str(body)
    assert "'should'" in text and "'must'" in text


@pytest.mark.django_db
def test_search_service_down(client, bg_home, make_page, caplog):
    with override_settings(WAGTAILSEARCH_BACKENDS=es_backends(f"http://127.0.0.1:{closed_port()}")):
        # Publishing still succeeds; the failed index update is logged.
        page = make_page(bg_home, "Нова страница", [("s", "", "наръчник")])
        assert Page.objects.get(pk=page.pk).live
        assert "search backend" in caplog.text

        response = client.get("/bg/search/", {"q": "наръчник"})
        assert response.status_code == 503
        assert "временно" in response.content.decode().lower()  # "temporarily unavailable"
        assert response["Retry-After"]

        response = client.get("/api/v3/search/", {"q": "наръчник", "lang": "bg"})
        assert response.status_code == 503
        assert response["Content-Type"] == "application/problem+json"

        assert client.get("/bg/search/autocomplete/", {"q": "нов"}).status_code == 503

    # The database index missed the page while the service was configured; update_index
    # catches up.
    assert not client.get("/api/v3/search/", {"q": "наръчник"}).json()["results"]
    call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    titles = [
        r["title"] for r in client.get("/api/v3/search/", {"q": "наръчник"}).json()["results"]
    ]
    assert titles == ["Нова страница"]


@pytest.mark.django_db
def test_publishing_updates_the_index_through_the_task_queue(bg_home, make_page):
    page = make_page(bg_home, "Задачи", [("s", "", "индексиране")])
    backend, pages = get_search_backend(), Page.objects.all()
    assert list(backend.search(key("индексиране", "bg"), pages)) == [page.page_ptr]
    page.body = body([("s", "", "обновяване")])
    page.save_revision().publish()
    assert list(backend.search(key("индексиране", "bg"), pages)) == []
    assert list(backend.search(key("обновяване", "bg"), pages)) == [page.page_ptr]


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch to test against",
)
@pytest.mark.django_db
def test_real_elasticsearch(client, bg_home, en_home, make_page):
    prefix = f"nrm_test_{uuid.uuid4().hex[:8]}_"
    with override_settings(
        WAGTAILSEARCH_BACKENDS=es_backends(os.environ["ELASTICSEARCH_URL"], prefix)
    ):
        backend = get_search_backend()
        try:
            bg_page = make_page(bg_home, "Жертви на трафик", [("s-a", "Закрила", "Всяка жертва.")])
            make_page(en_home, "Victims", [("s-b", "Protection", "Every victim.")])
            call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
            backend.get_index_for_model(Page).refresh()
            data = client.get("/api/v3/search/", {"q": "жертвите", "lang": "bg"}).json()
            assert [r["id"] for r in data["results"]] == [bg_page.pk]
            assert data["counts"][0]["count"] == 1
            assert "<mark>" in data["results"][0]["snippet_html"]
        finally:
            backend.es.indices.delete(index=f"{prefix}*")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgres_matches_through_the_document_index(bg_home, make_page):
    """The backend filters on `title || body`; the GIN index of migration search 0002 must be
    on that very expression, or every search reads and concatenates every entry."""
    make_page(bg_home, "Закрила на жертвите", [("s-a", "Права", "Всяка жертва има права.")])
    query = PlainText(key("жертви", "bg"))  # the index holds normalised word forms
    results = ContentPage.objects.live().search(query, order_by_relevance=False)
    queryset = results.get_queryset()
    assert '"_vector_"' not in str(queryset.query).split(" FROM ")[0]  # a filter, not a column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indexrelid = 'search_indexentry_document_gin'::regclass"
        )
        definition = cursor.fetchone()[0]
        cursor.execute("SHOW random_page_cost")  # so that common words use the index too
        assert cursor.fetchone()[0] == "1.1"
    assert "USING gin (((title || body)))" in definition
    entry = '"wagtailsearch_indexentry"'
    assert f'({entry}."title" || {entry}."body") @@' in str(queryset.query)
    assert [page.title for page in queryset] == ["Закрила на жертвите"]
