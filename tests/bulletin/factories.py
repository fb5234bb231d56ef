"""Small builders for bulletin pages used across the tests."""

import datetime

from bulletin.models import (
    ArticlePage,
    BulletinIndexPage,
    BulletinIssueItem,
    BulletinIssuePage,
    EventIndexPage,
    EventPage,
)
from tests.factories import publish


def bulletin_index(home, slug="bulletin"):
    return publish(BulletinIndexPage(title="Бюлетин", slug=slug), home)


def article(index, n=1, **fields):
    fields.setdefault("title", f"Статия {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("date", datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    fields.setdefault("summary", f"Резюме на статия {n}")
    return publish(ArticlePage(**fields), index)


def issue(index, number, articles, short_items=()):
    page = BulletinIssuePage(
        title=f"Брой {number}",
        slug=f"issue-{number}",
        number=number,
        issue_date=datetime.date(2026, 2, number),
        editorial="<p>Уводна статия</p>",
    )
    for position, item in enumerate(articles):
        page.items.add(BulletinIssueItem(article=item, sort_order=position))
    for position, (title, summary, link) in enumerate(short_items, start=len(articles)):
        page.items.add(
            BulletinIssueItem(title=title, summary=summary, link_url=link, sort_order=position)
        )
    return publish(page, index)


def event_index(home, slug="events"):
    return publish(EventIndexPage(title="Събития", slug=slug), home)


def event(index, n=1, **fields):
    fields.setdefault("title", f"Събитие {n}")
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("start_date", datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    fields.setdefault("start_time", datetime.time(10, 0))
    fields.setdefault("end_time", datetime.time(12, 0))
    return publish(EventPage(**fields), index)
