"""The rule answers per visitor: whoever passes a restriction at the page's own address
sees the page on every list too (a signed-in user, a member of the group, an
administrator, someone who entered the shared password), and one question costs one query
for the restrictions per request."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from handbook.models import ChapterPage
from portal import visibility
from tests.handbook.factories import make_book, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(bg_home):
    book = make_book(bg_home, slug="book", chapters=1)
    reviewers = Group.objects.create(name="Reviewers")
    for kind in ("login", "groups", "password"):
        chapter = publish(ChapterPage(title=f"Chapter for {kind}", slug=kind, body=[]), book)
        restriction = PageViewRestriction.objects.create(
            page=chapter, restriction_type=kind, password="open-sesame"
        )
        if kind == "groups":
            restriction.groups.set([reviewers])
    return book


def contents(client, book):
    html = client.get(book.url).content.decode()
    return {kind for kind in ("login", "groups", "password") if f"Chapter for {kind}" in html}


def test_each_visitor_sees_on_the_book_contents_what_they_may_open(client, book, django_user_model):
    assert contents(client, book) == set()
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    assert contents(client, book) == {"login"}
    user.groups.add(Group.objects.get(name="Reviewers"))
    assert contents(client, book) == {"login", "groups"}
    client.logout()
    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    assert contents(client, book) == {"login", "groups"}


def test_entering_the_shared_password_shows_the_page_on_lists_too(client, book):
    chapter = ChapterPage.objects.get(slug="password")
    restriction = PageViewRestriction.objects.get(page=chapter)
    assert "Chapter for password" not in client.get(chapter.url).content.decode()
    form = f"/bg/_util/authenticate_with_password/{restriction.pk}/{chapter.pk}/"
    client.post(form, {"password": "open-sesame", "return_url": chapter.url})
    assert "Chapter for password" in client.get(chapter.url).content.decode()
    assert contents(client, book) == {"password"}


def test_one_query_for_the_restrictions_however_often_the_rule_is_asked(book, rf):
    request = rf.get("/")
    request.session = {}
    request.user = AnonymousUser()
    visitor = visibility.for_request(request)
    chapters = list(ChapterPage.objects.all())
    with CaptureQueriesContext(connection) as queries:
        for chapter in chapters:
            visitor.can_see_page(chapter)
        visible = visitor.pages(ChapterPage.objects.all())
    assert len(queries) == 1
    assert {c.slug for c in visible} == {"chapter-1"}
    assert visibility.for_request(request) is visitor
