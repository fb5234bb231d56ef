"""Fetch partners' RSS/Atom feeds: bounded in time and size, conditional GET, parsed with
feedparser, deduplicated by GUID or link, HTML sanitised with nh3. A failing feed is
recorded on the feed (last error) and never raises; the items fetched earlier stay."""

import calendar
import datetime
import hashlib
import html
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
import nh3
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .feed_addresses import RefusedAddress, opener
from .models import PartnerFeed, PartnerNewsItem
from .text import clean_text, one_line

logger = logging.getLogger(__name__)

TIMEOUT = getattr(settings, "PARTNER_FEED_TIMEOUT", 10)
MAX_BYTES = getattr(settings, "PARTNER_FEED_MAX_BYTES", 2 * 1024 * 1024)
MAX_ITEMS = 50
USER_AGENT = "NRM-Portal partner news fetcher"
ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote"}


class FetchError(Exception):
    pass


@dataclass
class FetchResult:
    feed: PartnerFeed
    status: str  # "ok", "not-modified" or "error"
    new_items: int = 0
    error: str = ""


def _download(feed: PartnerFeed, timeout: float, max_bytes: int):
    """The body of the feed, or None when it has not changed since the last fetch."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
    }
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    if not _http_url(feed.url):
        raise FetchError("only http and https addresses are fetched")
    request = urllib.request.Request(feed.url, headers=headers)  # noqa: S310 (checked above)
    deadline = time.monotonic() + timeout
    try:
        with opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"too large: {declared} bytes (limit {max_bytes})")
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too large: over {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout} s")
                chunks.append(chunk)
            return b"".join(chunks), response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None, error.headers
        raise FetchError(f"HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, RefusedAddress):
            raise FetchError(f"refused: {reason}") from error
        raise FetchError(f"unreachable: {reason}") from error


LENIENT = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def _parse(body: bytes, url: str, headers):
    response_headers = {"content-location": url}
    if headers.get("Content-Type"):
        response_headers["content-type"] = headers["Content-Type"]
    parsed = feedparser.parse(body, response_headers=response_headers)
    if not parsed.version:
        problem = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        raise FetchError(f"not a feed: {problem}")
    if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise FetchError(f"malformed feed: {parsed.bozo_exception}")
    return parsed


def _http_url(value) -> str:
    value = clean_text(value).strip()
    return value if urlsplit(value).scheme in ("http", "https") else ""


def _published(entry, now):
    struct = entry.get("published_parsed") or entry.get("updated_parsed")
    if not struct:
        return now
    moment = datetime.datetime.fromtimestamp(calendar.timegm(struct), tz=datetime.UTC)
    return min(moment, now)


def _item(feed, entry, now):
    link = _http_url(entry.get("link", ""))[:1000]
    title = one_line(html.unescape(nh3.clean(entry.get("title", ""), tags=set())))[:500]
    summary = entry.get("summary", "")
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value", "")
    summary_html = nh3.clean(
        clean_text(summary),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
    guid = clean_text(entry.get("id") or link).strip()
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}|{summary}".encode()).hexdigest()
    if not title and not link:
        return None
    return PartnerNewsItem(
        feed=feed,
        guid=guid[:1000],
        link=link,
        title=title or link,
        summary_html=summary_html,
        published=_published(entry, now),
    )


def _store(feed, parsed, now) -> int:
    candidates = [item for entry in parsed.entries[:MAX_ITEMS] if (item := _item(feed, entry, now))]
    known = PartnerNewsItem.objects.filter(feed=feed).values_list("guid", "link")
    seen_guids = {guid for guid, _ in known}
    seen_links = {link for _, link in known if link}
    new = []
    for item in candidates:
        if item.guid in seen_guids or (item.link and item.link in seen_links):
            continue
        seen_guids.add(item.guid)
        if item.link:
            seen_links.add(item.link)
        new.append(item)
    PartnerNewsItem.objects.bulk_create(new)
    return len(new)


def fetch_feed(feed: PartnerFeed, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES):
    now = timezone.now()
    feed.last_checked = now
    try:
        body, headers = _download(feed, timeout, max_bytes)
        if body is None:
            result = FetchResult(feed, "not-modified")
        else:
            parsed = _parse(body, feed.url, headers)
            with transaction.atomic():
                result = FetchResult(feed, "ok", new_items=_store(feed, parsed, now))
            feed.etag = (headers.get("ETag") or "")[:255]
            feed.modified = (headers.get("Last-Modified") or "")[:255]
        feed.last_success = now
        feed.last_error = ""
    except FetchError as error:
        logger.warning("Partner feed %s (%s) failed: %s", feed.name, feed.url, error)
        feed.last_error = f"{now:%Y-%m-%d %H:%M} {error}"[:2000]
        result = FetchResult(feed, "error", error=str(error))
    feed.save(update_fields=["last_checked", "last_success", "last_error", "etag", "modified"])
    return result


def fetch_active_feeds(progress=None, **limits):
    results = []
    for feed in PartnerFeed.objects.filter(active=True).order_by("pk"):
        result = fetch_feed(feed, **limits)
        if progress is not None:
            progress(result)
        results.append(result)
    return results
