"""The demo fixture (portal/demo/fixture/): made from the current sources, the same site the
builder makes, loaded with today's dates and with every derived record up to date."""

import datetime
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from bulletin.models import ArticlePage, EventPage
from handbook.editions import PdfEdition
from handbook.models import GuidanceDocumentPage
from polls.models import Poll, PollVote
from portal.demo_fixture.dates import Shift, fixed_dates
from portal.demo_fixture.files import Build, read_build
from portal.demo_fixture.load import out_of_date
from portal.demo_fixture.sources import digest
from portal.management.commands.load_demo_content import demo_modules
from portal.models import ProjectPage
from search.models import PageFacet, SearchTerm


def test_the_fixture_is_made_from_the_current_sources():
    build = read_build()
    assert build is not None, "there is no demo fixture: run `make demo-fixture`"
    assert out_of_date(build) is None, (
        "the demo's sources (portal/demo_fixture/sources.py lists them) changed since the "
        "demo fixture was made: run `make demo-fixture` and commit portal/demo/fixture/"
    )


def test_a_fixture_older_than_its_sources_is_out_of_date():
    build = read_build()
    stale = Build(build.built_at, build.public_base_url, sources_digest=digest()[::-1])
    assert "make demo-fixture" in out_of_date(stale)


def site():
    """What a visitor, an editor and a translator meet, without the keys and times that
    differ from one build to the next. (Not the redirects from the English pages' first
    addresses: Wagtail makes them when the transaction commits, which a test's never does.)"""
    return {
        "pages": sorted(
            Page.objects.values_list(
                "locale__language_code", "url_path", "title", "live", "content_type__model"
            )
        ),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "string translations": sorted(StringTranslation.objects.values_list("data", flat=True)),
        "references": ReferenceIndex.objects.count(),
        "facets": sorted(PageFacet.objects.values_list("page__url_path", "name", "value")),
        "vocabulary": SearchTerm.objects.count(),
        "polls": sorted((poll.question, poll.closes_at is None) for poll in Poll.objects.all()),
        "votes": PollVote.objects.count(),
        "documents": sorted(get_document_model().objects.values_list("title", flat=True)),
        "editions": PdfEdition.objects.count(),
        "search hits": {
            (words, language): len(list(Page.objects.live().search(words)))
            for words, language in [("жертви", "bg"), ("survivors", "en")]
        },
    }


@pytest.mark.django_db
def test_the_builder_makes_the_site_the_fixture_holds():
    """The builder's own path, from nothing (the fallback must not rot), beside the fixture
    loaded into the same migrated database."""
    made = {}
    for how, options in [("built", {"build": True}), ("loaded", {})]:
        with transaction.atomic():
            call_command("load_demo_content", no_admin=True, stdout=io.StringIO(), **options)
            made[how] = site()
            transaction.set_rollback(True)
    assert made["loaded"] == made["built"]


def test_dates_move_by_whole_days_and_times_by_the_time_since_the_build(db):
    built_at = datetime.datetime(2026, 1, 10, 18, 0, tzinfo=datetime.UTC)  # 20:00 in Sofia
    now = built_at + datetime.timedelta(days=39, hours=18)  # 19 February, 14:00 in Sofia
    shift = Shift(built_at, now, fixed_dates(demo_modules()))
    assert shift.days == datetime.timedelta(days=40)

    article = ArticlePage(date=datetime.date(2026, 1, 4))
    standard = GuidanceDocumentPage(in_force_from=datetime.date(2021, 3, 1))
    poll = Poll(opens_at=built_at - datetime.timedelta(days=1), closes_at=None)
    for row in (article, standard, poll):
        shift.row(row)
    assert article.date == datetime.date(2026, 2, 13)
    assert standard.in_force_from == datetime.date(2021, 3, 1), "a day of the calendar"
    assert poll.opens_at == now - datetime.timedelta(days=1) and poll.closes_at is None

    revision = Revision(
        content_type=ContentType.objects.get_for_model(EventPage),
        created_at=built_at,
        content={
            "start_date": "2026-02-09",
            "last_published_at": "2026-01-10T18:00:00Z",
            "exceptions": [{"date": "2026-08-10"}],
            "title": "2026-01-10",
        },
    )
    shift.row(revision)
    assert revision.created_at == now
    assert revision.content == {
        "start_date": "2026-03-21",
        "last_published_at": "2026-02-19T12:00:00Z",
        "exceptions": [{"date": "2026-09-19"}],
        "title": "2026-01-10",
    }
    source = TranslationSource(
        specific_content_type=ContentType.objects.get_for_model(ProjectPage),
        content_json=json.dumps({"start_date": "2025-03-01", "first_published_at": None}),
    )
    shift.row(source)
    assert json.loads(source.content_json) == {
        "start_date": "2025-03-01",
        "first_published_at": None,
    }
