"""The standards library: listing filters, versions, superseded banners, citations and the
comparison view."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from handbook.models import GuidanceDocumentPage

from .factories import make_document, make_library

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def clause(anchor, heading, text):
    return ("clause", {"anchor": anchor, "heading": heading, "text": f"<p>{text}</p>"})


@pytest.fixture
def library(bg_home):
    return make_library(bg_home)


@pytest.fixture
def versions(library):
    v1 = make_document(
        library,
        slug="v1",
        clauses=[
            clause("scope", "Scope", "Applies to all providers."),
            clause("time", "Time", "Assess within 7 days of referral."),
            clause("paper", "Form", "Use the paper form."),
        ],
    )
    v2 = make_document(
        library,
        slug="v2",
        version_label="2.0",
        in_force_from=datetime.date(2024, 1, 15),
        change_notes="<p>Shorter time limit.</p>",
        clauses=[
            clause("scope", "Scope", "Applies to all providers."),
            clause("data", "Data", "Protect personal data."),
            clause("time", "Time", "Assess within 72 hours of referral."),
        ],
    )
    return GuidanceDocumentPage.objects.get(pk=v1.pk), v2


def test_publishing_a_version_in_force_supersedes_the_earlier_one(versions):
    v1, v2 = versions
    assert v1.status == "superseded"
    assert v1.superseded_by_id == v2.pk
    assert v1.live and v2.status == "in_force"


def test_superseded_version_says_so_and_links_to_the_one_in_force(client, versions):
    v1, v2 = versions
    html = soup(client.get(v1.url))
    banner = html.select_one(".banner--superseded")
    assert "1.0" in banner.strong.get_text()
    assert banner.a["href"] == v2.url and "2.0" in banner.a.get_text()
    assert not soup(client.get(v2.url)).select(".banner--superseded")


def test_versions_and_change_log_are_listed(client, versions):
    v1, v2 = versions
    html = soup(client.get(v1.url))
    items = html.select(".version-list .version")
    assert len(items) == 2
    assert "Shorter time limit." in items[0].get_text()
    assert items[0].a["href"] == v2.url


def test_citation_names_title_version_clause_and_url(client, versions):
    _v1, v2 = versions
    html = soup(client.get(v2.url))
    cite = html.select_one("#time .cite__text").get_text()
    assert cite == (
        "„Standard for work with survivors“, версия 2.0, т. 3, http://testserver/bg/library/v2/#time"
    )
    assert html.select_one("#time .cite__copy").has_attr("hidden")


def test_comparison_shows_added_removed_and_changed_clauses(client, versions):
    v1, v2 = versions
    html = soup(client.get(v2.url + "compare/?with=1.0"))
    changes = [
        (li["class"][1], li.select_one(".change__head strong").get_text())
        for li in html.select(".change")
    ]
    assert changes == [
        ("change--unchanged", "1"),
        ("change--added", "2"),
        ("change--changed", "2 → 3"),
        ("change--removed", "3"),
    ]
    changed = html.select(".change")[2]
    assert [d.get_text() for d in changed.select("del")] == ["7", "days"]
    assert [i.get_text() for i in changed.select("ins")] == ["72", "hours"]
    # The same comparison from the older version's page.
    assert soup(client.get(v1.url + "compare/?with=2.0")).select(".change--added")


def test_comparison_with_an_unknown_version_is_a_404_with_a_message(client, versions):
    _v1, v2 = versions
    response = client.get(v2.url + "compare/?with=%3Cscript%3E")
    assert response.status_code == 404
    assert soup(response).select_one(".form-error")
    assert client.get(v2.url + "compare/").status_code == 404


def test_current_version_address_redirects_to_the_version_in_force(client, library, versions):
    response = client.get(library.url + "current/S-01/")
    assert response["Location"] == versions[1].url
    assert client.get(library.url + "current/NOPE/").status_code == 404


def test_listing_filters_by_type_audience_and_status(client, library, versions):
    make_document(
        library,
        slug="reg",
        code="R-01",
        document_type="regulation",
        audience_social=False,
        audience_police=True,
    )

    def slugs(query):
        html = soup(client.get(library.url + query))
        return sorted(
            a["href"].rstrip("/").rsplit("/", 1)[1] for a in html.select(".card__title a")
        )

    assert slugs("") == ["reg", "v1", "v2"]
    assert slugs("?type=regulation") == ["reg"]
    assert slugs("?audience=police") == ["reg"]
    assert slugs("?audience=social&status=superseded") == ["v1"]
    response = client.get(library.url + "?type=nonsense")
    assert response.status_code == 200
    assert soup(response).select_one(".form-error")


def test_search_sections_are_one_per_clause(versions):
    _v1, v2 = versions
    sections = v2.search_sections()
    assert [(s.anchor, s.heading) for s in sections[1:]] == [
        ("scope", "1 Scope"),
        ("data", "2 Data"),
        ("time", "3 Time"),
    ]


def test_english_document_keeps_clause_anchors_and_is_cited_in_english(client, demo_content):
    html = soup(client.get("/en/standards/referral-regulation/"))
    bg_html = soup(client.get("/bg/standarti/pravila-za-nasochvane/"))
    assert [li["id"] for li in html.select(".clause")] == [
        li["id"] for li in bg_html.select(".clause")
    ]
    cite = html.select_one("#reg-referral-child-guardian .cite__text").get_text()
    assert cite.startswith(
        "“Regulation on the referral of trafficked persons”, version 1.0, clause 2.1.1,"
    )
    assert cite.endswith("/en/standards/referral-regulation/#reg-referral-child-guardian")


def test_the_editor_is_told_how_to_publish_a_new_version(admin_client, versions):
    v1, _v2 = versions
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[v1.pk])).content.decode()
    # The action that starts a new version, next to the editor's other page actions ...
    copy_url = reverse("wagtailadmin_pages:copy", args=[v1.pk])
    assert re.search(rf'href="{copy_url}[^"]*"[^>]*>.*?Нова версия', html, re.S)
    # ... and the steps, in the document's Version panel.
    assert "За да публикувате нова версия" in html
