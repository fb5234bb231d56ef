import re

from django import template

from bulletin.models import ArticlePage, EventPage, PartnerNewsItem
from bulletin.sections import sections_for

register = template.Library()

HOME_ARTICLES = 3
HOME_EVENTS = 3
HOME_PARTNER_ITEMS = 5


@register.inclusion_tag("bulletin/includes/alternate_links.html", takes_context=True)
def bulletin_alternate_links(context):
    """The feeds and calendars that apply to the current page, for autodiscovery."""
    sections = sections_for(context)
    page = context.get("page")
    links = []
    if sections.news:
        links += [
            ("application/rss+xml", sections.news.title + " (RSS)", sections.news.rss_url),
            ("application/atom+xml", sections.news.title + " (Atom)", sections.news.atom_url),
        ]
        if isinstance(page, ArticlePage) and page.pk:
            # The article's own context has them already (a second lookup costs 2 queries).
            topics = context.get("topics")
            for topic in page.localized_topics() if topics is None else topics:
                if topic.locale_id == page.locale_id:
                    rss, atom = sections.news.topic_feed_urls(topic)
                    links.append(("application/rss+xml", f"{topic.name} (RSS)", rss))
                    links.append(("application/atom+xml", f"{topic.name} (Atom)", atom))
    if sections.events:
        links.append(("text/calendar", sections.events.title, sections.events.ics_url))
    if isinstance(page, EventPage) and page.pk:
        links.append(("text/calendar", page.title, page.ics_url))
    return {"links": [link for link in links if link[2]]}


@register.simple_tag(takes_context=True)
def bulletin_sections(context):
    return sections_for(context)


@register.simple_tag(takes_context=True)
def latest_articles(context, count=HOME_ARTICLES):
    sections = sections_for(context)
    return list(sections.news.articles()[:count]) if sections.news else []


@register.simple_tag(takes_context=True)
def upcoming_events(context, count=HOME_EVENTS):
    sections = sections_for(context)
    return sections.events.upcoming_in_order(limit=count) if sections.events else []


@register.simple_tag(takes_context=True)
def partner_news(context, count=HOME_PARTNER_ITEMS):
    sections = sections_for(context)
    if sections.locale is None:
        return []
    return list(PartnerNewsItem.recent(sections.locale.language_code)[:count])


@register.filter
def webcal(url):
    """The subscription address of a calendar: calendar apps open webcal: links and keep the
    calendar up to date, where an http(s) link only downloads it once."""
    return re.sub(r"^https?://", "webcal://", url or "")
