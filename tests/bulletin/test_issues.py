import pytest
from django.core.exceptions import ValidationError

from bulletin.models import BulletinIssuePage

from .factories import article, bulletin_index, issue

pytestmark = pytest.mark.django_db


def test_newsletter_items_are_ordered_absolute_and_plain(bg_home, settings):
    settings.PUBLIC_BASE_URL = "https://nrm.example.bg"
    index = bulletin_index(bg_home)
    first, second = article(index, 1), article(index, 2, summary="")
    page = issue(index, 1, [second, first], [("Кратко", "Кратка новина", "https://example.org/x")])
    items = page.newsletter_items()
    assert [item.title for item in items] == ["Статия 2", "Статия 1", "Кратко"]
    assert items[0].url == "https://nrm.example.bg/bg/bulletin/article-2/"
    assert items[1].summary == "Резюме на статия 1"
    assert items[2].url == "https://example.org/x"


def test_issue_numbers_are_unique_per_language(bg_home):
    index = bulletin_index(bg_home)
    issue(index, 1, [])
    clash = BulletinIssuePage(title="Брой", slug="b", number=1, locale=index.locale)
    with pytest.raises(ValidationError):
        clash.clean()
