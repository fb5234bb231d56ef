"""Heading anchors are identifiers, not words: in articles and content pages, as in the
handbook, translators are never offered them, and a translation keeps the source's anchors
so that a link to a section works in both languages."""

import pytest
from wagtail_localize.models import StringSegment, TranslationSource

from portal.models import ContentPage
from tests.bulletin.factories import article, bulletin_index
from tests.factories import publish

pytestmark = pytest.mark.django_db

BODY = [
    ("heading", {"level": "2", "text": "Какво се промени", "anchor": "s-promeni"}),
    ("paragraph", "<p>Новите насоки влизат в сила от март.</p>"),
]


def an_article(home):
    return article(bulletin_index(home), body=BODY)


def a_content_page(home):
    return publish(ContentPage(title="За нас", slug="za-nas", body=BODY), home)


@pytest.mark.parametrize("make_page", [an_article, a_content_page])
def test_translators_get_the_heading_but_not_its_anchor(bg_home, en_locale, make_page):
    page = make_page(bg_home)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    offered = dict(
        StringSegment.objects.filter(source=source).values_list("context__path", "string__data")
    )
    heading_id = page.body[0].id
    assert offered[f"body.{heading_id}.text"] == "Какво се промени"
    assert not [path for path in offered if path.endswith(".anchor")]
    assert "s-promeni" not in offered.values()

    source.create_or_update_translation(en_locale, copy_parent_pages=True, fallback=True)
    english = page.get_translation(en_locale).specific
    assert english.body[0].value["anchor"] == "s-promeni"
