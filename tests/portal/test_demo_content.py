import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from bulletin.models import ArticlePage, EventPage
from handbook.editions import PdfEdition
from handbook.models import GuidanceDocumentPage
from polls.models import Poll
from portal.demo_fixture.files import read_build
from portal.models import ContentPage, ProjectPage
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
    for language, words in [("bg", "жертви"), ("en", "survivors")]:
        response = client.get(f"/{language}/search/", {"q": words})
        assert response.status_code == 200
        assert len(response.context["outcome"].hits) > 0, language


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


def test_the_demo_is_dated_from_today(demo_content, bg_locale):
    """News a few days old, next month's conference still to come, the closed poll closed
    and the open one open, whatever day the demo fixture was made; the editor's form and
    the live page agree; a project's term and a standard's date stay as written."""
    today, now = timezone.localdate(), timezone.now()
    articles = ArticlePage.objects.filter(locale=bg_locale).order_by("-date")
    assert articles[0].date == today - datetime.timedelta(days=6)
    conference = EventPage.objects.get(locale=bg_locale, slug="konferenciya-18-oktomvri")
    assert conference.start_date == today + datetime.timedelta(days=30)
    assert conference.get_latest_revision().content["start_date"] == str(conference.start_date)
    polls = Poll.objects.filter(locale=bg_locale)
    assert polls.get(closes_at=None).opens_at < now
    assert polls.exclude(closes_at=None).get().closes_at < now
    published = Page.objects.live().filter(depth__gt=1).values_list("last_published_at", flat=True)
    assert max(published) <= now
    assert ProjectPage.objects.filter(start_date=datetime.date(2025, 3, 1)).count() == 2
    assert set(GuidanceDocumentPage.objects.values_list("in_force_from", flat=True)) >= {
        datetime.date(2021, 3, 1)
    }


def test_the_editor_and_the_translator_see_the_live_dates(demo_content, admin_client, en_locale):
    article = ArticlePage.objects.get(locale__language_code="bg", slug="kriziven-priyut-varna")
    edit_form = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f'value="{article.date.isoformat()}"' in edit_form
    # A translator's sync writes the English page afresh from the recorded source.
    translation = Translation.objects.get(
        source__object_id=article.translation_key, target_locale=en_locale
    )
    translation.save_target(publish=False)
    english = article.get_translation(en_locale).specific.get_latest_revision().as_object()
    assert english.date == article.date
    assert english.title == "A new crisis shelter in Varna"
    assert type(english) is ArticlePage


def test_content_added_after_the_demo_takes_new_keys(demo_content, bg_home):
    """Rows loaded with their keys leave no database's key sequence behind."""
    page = bg_home.add_child(instance=ContentPage(title="Нова страница", slug="nova-stranica"))
    page.save_revision().publish()
    assert Page.objects.filter(pk=page.pk, live=True).exists()


def test_pdf_editions_come_with_the_demo_where_they_were_rendered(settings, client):
    """Production settings render the editions on publication: a site at the address the
    fixture was built for serves the demo's editions at once."""
    settings.PDF_EDITIONS_ON_PUBLISH = True
    settings.PUBLIC_BASE_URL = read_build().public_base_url
    call_command("load_demo_content", no_admin=True, stdout=io.StringIO())
    response = client.get("/bg/narachnik/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert PdfEdition.objects.count() == 21
