import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("locale__language_code", "url_path", "title")),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
    }


def test_demo_content_run_twice_leaves_the_same_content(demo_content):
    first = snapshot()
    call_command("load_demo_content", no_admin=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_translations_are_linked_through_wagtail_localize(demo_content, bg_home, en_locale):
    english_pages = Page.objects.filter(locale=en_locale, depth__gt=2)
    assert english_pages.exists()
    for page in english_pages:
        source = page.get_translation(bg_home.locale)
        assert Translation.objects.filter(
            source__object_id=source.translation_key, target_locale=en_locale
        ).exists(), page.url_path
        assert page.title != source.title, f"{page.url_path} is not translated"
