"""The content API gives a headless front end what it needs to render a chapter and cite a
clause: sections with anchors, notes, the numbered clause tree, versions and change logs."""

import pytest

from handbook.models import ChapterPage, GuidanceDocumentPage, HandbookPage

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.handbook.api_urls")]


def detail(client, page):
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_api_exposes_books_chapters_and_documents(client, demo_content, en_locale):
    book = HandbookPage.objects.get(slug="handbook")
    data = detail(client, book)
    assert data["original_publisher"].startswith("OSCE")
    assert data["original_year"] == 2022
    assert [c["number"] for c in data["chapters"]] == [1, 2, 3, 4, 5, 6]
    assert data["chapters"][5]["translated"] is False
    assert data["chapters"][5]["language"] == "bg"

    chapter = ChapterPage.objects.get(slug="identification-and-protection")
    data = detail(client, chapter)
    assert data["number"] == 2
    assert data["sections"][0] == {
        "level": 2,
        "anchor": "ch2-indicators",
        "heading": "Indicators of trafficking",
    }
    assert data["notes"][0]["number"] == 1 and data["notes"][0]["anchor"] == "ch2-note-1"
    assert {d["title"] for d in data["related_documents"]} == {
        "Standard for work with trafficked persons",
        "Regulation on the referral of trafficked persons",
    }

    document = GuidanceDocumentPage.objects.get(slug="standard-work-with-survivors-v2")
    data = detail(client, document)
    assert data["version_label"] == "2.0" and data["status"] == "in_force"
    assert data["audiences"] == ["social-services", "health", "ngos"]
    first = data["clause_tree"][0]
    assert first["number"] == "1" and first["anchor"] == "std-scope"
    assert first["children"][0]["number"] == "1.1"
    assert first["citation"].startswith("“Standard for work with trafficked persons”, version 2.0")
    assert first["url"].endswith("/en/standards/standard-work-with-survivors-v2/#std-scope")
    assert [v["version_label"] for v in data["versions"]] == ["2.0", "1.0"]
    assert data["versions"][1]["status"] == "superseded"
    assert "72 hours" in data["versions"][0]["change_notes"]
    assert [c["number"] for c in data["related_chapters"]] == [2, 3]


def test_openapi_schema_types_the_computed_fields(client):
    schema = client.get("/api/v3/openapi.json").json()
    text = str(schema)
    assert "ClauseData" in text and "VersionData" in text and "SectionData" in text
