"""RSS 2.0 and Atom feeds of articles, per language and per topic, on Django's syndication
framework, with conditional GET so that feed readers poll cheaply. A renderer: the bulletin
index chooses the articles, this module imports no models."""

import datetime
import hashlib
import mimetypes
import uuid

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal import visibility
from portal.public_urls import absolute_url, page_absolute_url

from .text import clean_text, one_line

FEED_LENGTH = 20
GUID_NAMESPACE = uuid.UUID("6f0c7c52-3f7e-4b53-9c55-0d7c2b6e9a11")


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full article in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    item_guid_is_permalink = False

    def __init__(self, index, kind, topic=None, request=None):
        super().__init__()
        self.index = index
        self.topic = topic
        self.request = request
        self.feed_type = RssWithContent if kind == "rss" else AtomWithContent
        self.language = index.locale.language_code
        rss_url, atom_url = (
            index.topic_feed_urls(topic) if topic else (index.rss_url, index.atom_url)
        )
        self.self_url = rss_url if kind == "rss" else atom_url

    def articles(self):
        return self.index.feed_articles(self.topic)

    def title(self):
        with override(self.language):
            site = _("National Referral Mechanism")
        parts = [one_line(self.index.title), site]
        if self.topic is not None:
            parts.insert(1, one_line(self.topic.name))
        return " · ".join(parts)

    def link(self):
        return page_absolute_url(self.index)

    def feed_url(self):
        return self.self_url

    def description(self):
        with override(self.language):
            fallback = _("News and the electronic bulletin of the National Referral Mechanism")
        return one_line(self.index.intro) or fallback

    def author_name(self):
        with override(self.language):
            return _("National Referral Mechanism")

    def feed_copyright(self):
        return self.author_name()

    def items(self):
        return self.index.with_feed_categories(self.articles()[:FEED_LENGTH])

    def item_title(self, item):
        return one_line(item.title)

    def item_link(self, item):
        return absolute_url(self.index_url_path + item.slug + "/")

    @property
    def index_url_path(self):
        if not hasattr(self, "_index_path"):
            self._index_path = self.index.get_url_parts(self.request)[2]
        return self._index_path

    def item_guid(self, item):
        return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, f'{item.translation_key}/{self.language}')}"

    def item_description(self, item):
        return escape(one_line(item.plain_summary()) or one_line(item.title))

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.date:
            return published
        return datetime.datetime.combine(
            item.date, datetime.time(), tzinfo=timezone.get_default_timezone()
        )

    def item_updateddate(self, item):
        return max(item.last_published_at or self.item_pubdate(item), self.item_pubdate(item))

    def item_author_name(self, item):
        return one_line(item.author) or None

    def item_categories(self, item):
        return item.feed_categories

    def item_enclosures(self, item):
        image = item.lead_image
        if image is None or not image.file_size:
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return [Enclosure(absolute_url(image.file.url), str(image.file_size), mime_type)]

    def item_extra_kwargs(self, item):
        # Feed readers show headings without the site's "link to this section" helpers.
        body = item.body.render_as_block(context={"outside_site": True})
        return {"content": clean_text(body)}


def serve_article_feed(request, index, kind, topic=None):
    feed = ArticleFeed(index, kind, topic, request)
    stamp = feed.articles().aggregate(latest=Max("last_published_at"), count=Count("pk"))
    changed = max(filter(None, [stamp["latest"], index.last_published_at]), default=None)
    fingerprint = (
        f"{kind}|{index.pk}|{topic.pk if topic else ''}|{stamp['count']}|{changed}"
        f"|{visibility.fingerprint()}"
    )
    response = feed(request)
    # Validators only: portal/conditional_get.py answers conditional requests.
    response.headers["ETag"] = quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])
    if changed is not None:
        response.headers["Last-Modified"] = http_date(changed.timestamp())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
