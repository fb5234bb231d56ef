import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from handbook.models import GuidanceDocumentPage
from portal.translation_status import translation_status

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
        # English addresses read in English, not in transliterated Bulgarian.
        assert page.slug != source.slug, f"{page.url_path} has the Bulgarian slug"


def test_the_demo_can_be_searched_before_any_worker_has_started(settings, monkeypatch, client):
    """`make run` queues the index updates of every page it publishes; the demo command runs
    them, so the portal it serves finds its own content at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker runs in the test's transaction and must not close its connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("load_demo_content", no_admin=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not DBTaskResult.objects.ready().exists()
    response = client.get("/bg/search/", {"q": "жертви"})
    assert response.status_code == 200
    assert len(response.context["outcome"].hits) > 0


def test_a_translator_meets_the_demo_with_nothing_out_of_date(demo_content, django_user_model):
    """Right after `make run` the translation status shows only what the demo leaves
    untranslated on purpose (one chapter), nothing out of date; and the English standards
    link to the English chapters, as the Bulgarian ones do to theirs."""
    admin = django_user_model.objects.create_superuser("status", "status@example.org", "x")
    states = {(str(row.source), row.state) for row in translation_status(admin).rows}
    assert [title for title, state in states if state == "out_of_date"] == []
    assert [title for title, state in states if state == "missing"] == [
        "Мониторинг и оценка на механизма"
    ]
    for document in GuidanceDocumentPage.objects.filter(locale__language_code="en"):
        chapters = list(document.related_chapters.all())
        assert chapters and {chapter.locale_id for chapter in chapters} == {document.locale_id}
