"""The bulletin's models: articles and numbered issues, events, partner feeds."""

from .articles import (
    ArticlePage,
    BulletinIndexPage,
    BulletinIssueItem,
    BulletinIssuePage,
    NewsletterItem,
    Topic,
)
from .events import EventExceptionDate, EventIndexPage, EventPage
from .partners import PartnerFeed, PartnerNewsItem, PartnerNewsPage

__all__ = [
    "ArticlePage",
    "BulletinIndexPage",
    "BulletinIssueItem",
    "BulletinIssuePage",
    "EventExceptionDate",
    "EventIndexPage",
    "EventPage",
    "NewsletterItem",
    "PartnerFeed",
    "PartnerNewsItem",
    "PartnerNewsPage",
    "Topic",
]
