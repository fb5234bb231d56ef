"""Every surface that shows content from more than one page, as ONE list. The restriction
matrix requests each of them as an anonymous visitor in both languages; the coverage test
fails when a URL name, a page route, a page type or a GET operation of the API exists that
no surface here covers and that is not in NOT_CONTENT with the reason.

A surface names what it covers:
  url:<name>          a Django URL name (namespace:name)
  route:<Model>:<n>   a route of a routable page type
  page:<Model>        a page type, rendered as a page that lists or embeds others
  api:<operation>     a GET operation of the content API (its OpenAPI operation id)
"""

from collections.abc import Callable
from dataclasses import dataclass

from bulletin.models import PartnerNewsPage
from newsletter.emails import IssueMail
from portal.models import ProjectPage

from .world import HIDING, PUBLIC, SECRET_QUERY, TODAY, LanguageWorld, World


@dataclass(frozen=True)
class Surface:
    name: str
    covers: tuple[str, ...]
    paths: Callable[[LanguageWorld, World], list[str]] | None = None
    # For what is not an HTTP response (the newsletter email): language world -> texts.
    render: Callable[[LanguageWorld, World], list[str]] | None = None
    # The public item next to the hidden ones must show (so an empty answer cannot pass).
    shows_public: bool = True
    # Lists of addresses (sitemap, menus): no hidden page's address either.
    check_urls: bool = False


def hidden_of(w, kind):
    return [w.hidden[kind, how] for how in HIDING]


def api_detail(*pages):
    return [f"/api/v3/pages/{page.pk}/" for page in pages]


def _mail(w, world):
    mail = IssueMail(w.public["issue"], w.language)
    return [mail.subject, mail.html, mail.text]


def _first_url(model, language):
    page = model.objects.live().filter(locale__language_code=language).first()
    return [page.url] if page else []


SURFACES = [
    Surface(
        "home page: menu, entry points, news and event panels",
        ("page:portal.HomePage",),
        lambda w, _: [w.home.url],
        check_urls=True,
    ),
    Surface(
        "content page: menu, language switcher to a restricted translation",
        ("page:portal.ContentPage",),
        lambda w, _: [w.public["content"].url],
        check_urls=True,
    ),
    Surface(
        "project page",
        ("page:portal.ProjectPage",),
        lambda w, _: _first_url(ProjectPage, w.language),
        shows_public=False,
    ),
    Surface(
        "book contents",
        ("page:handbook.HandbookPage", "route:handbook.HandbookPage:index_route"),
        lambda w, _: [w.book.url],
    ),
    Surface(
        "whole book",
        ("route:handbook.HandbookPage:whole_book",),
        lambda w, _: [w.book.url + "all/"],
    ),
    Surface(
        "section permalinks",
        ("route:handbook.HandbookPage:section",),
        lambda w, _: [
            w.book.url + f"section/{p.slug}-a/"
            for p in [w.public["chapter"], *hidden_of(w, "chapter")]
        ],
    ),
    Surface(
        "chapter: navigation, related documents, document links",
        ("page:handbook.ChapterPage", "route:handbook.ChapterPage:index_route"),
        lambda w, _: [w.public["chapter"].url],
    ),
    Surface(
        "standards index",
        ("page:handbook.StandardsIndexPage", "route:handbook.StandardsIndexPage:index_route"),
        lambda w, _: [w.library.url, w.library.url + "?status=in_force&type=standard"],
    ),
    Surface(
        "version in force",
        ("route:handbook.StandardsIndexPage:current",),
        lambda w, _: [w.library.url + f"current/ZZ-{w.language}/"],
    ),
    Surface(
        "document: versions list, change notes, related chapters, superseded banner",
        ("page:handbook.GuidanceDocumentPage", "route:handbook.GuidanceDocumentPage:index_route"),
        lambda w, _: [w.public["document"].url],
    ),
    Surface(
        "comparison of versions",
        ("route:handbook.GuidanceDocumentPage:compare",),
        lambda w, _: [
            w.public["document"].url + f"compare/?with=9.{n}" for n in range(1, len(HIDING) + 1)
        ],
        shows_public=False,
    ),
    Surface(
        "news listing",
        ("page:bulletin.BulletinIndexPage", "route:bulletin.BulletinIndexPage:index_route"),
        lambda w, _: [
            w.news.url,
            w.news.url + f"?topic={w.topic.slug}",
            w.news.url + f"?year={TODAY.year}",
        ],
    ),
    Surface(
        "news archive",
        ("route:bulletin.BulletinIndexPage:archive",),
        lambda w, _: [w.news.url + f"archive/{TODAY.year}/"],
    ),
    Surface(
        "news feeds",
        ("route:bulletin.BulletinIndexPage:rss", "route:bulletin.BulletinIndexPage:atom"),
        lambda w, _: [w.news.url + "feed/rss/", w.news.url + "feed/atom/"],
    ),
    Surface(
        "topic feeds",
        (
            "route:bulletin.BulletinIndexPage:topic_rss",
            "route:bulletin.BulletinIndexPage:topic_atom",
        ),
        lambda w, _: [
            w.news.url + f"topic/{w.topic.slug}/feed/rss/",
            w.news.url + f"topic/{w.topic.slug}/feed/atom/",
        ],
    ),
    Surface(
        "article: related articles",
        ("page:bulletin.ArticlePage",),
        lambda w, _: [w.public["article"].url],
    ),
    Surface(
        "bulletin issue items",
        ("page:bulletin.BulletinIssuePage",),
        lambda w, _: [w.public["issue"].url],
    ),
    Surface("newsletter email of an issue", ("newsletter:issue-mail",), render=_mail),
    Surface(
        "upcoming events",
        (
            "page:bulletin.EventIndexPage",
            "route:bulletin.EventIndexPage:index_route",
            "route:bulletin.EventIndexPage:upcoming_route",
        ),
        lambda w, _: [w.events.url],
    ),
    Surface(
        "past events",
        ("route:bulletin.EventIndexPage:past",),
        lambda w, _: [w.events.url + "past/"],
        shows_public=False,
    ),
    Surface(
        "calendars",
        (
            "route:bulletin.EventIndexPage:calendar",
            "route:bulletin.EventIndexPage:audience_calendar",
            "url:bulletin_calendar_file",
        ),
        lambda w, _: [
            w.events.url + "calendar.ics",
            w.events.url + "audience/everyone/calendar.ics",
        ],
    ),
    Surface(
        "event page and its calendar file",
        (
            "page:bulletin.EventPage",
            "route:bulletin.EventPage:index_route",
            "route:bulletin.EventPage:ics",
        ),
        lambda w, _: [w.public["event"].url, w.public["event"].url + "event.ics"],
    ),
    Surface(
        "partner news",
        ("page:bulletin.PartnerNewsPage",),
        lambda w, _: _first_url(PartnerNewsPage, w.language),
        shows_public=False,
    ),
    Surface(
        "training modules", ("page:training.TrainingIndexPage",), lambda w, _: [w.training.url]
    ),
    Surface(
        "module: lessons, related pages, tests",
        (
            "page:training.TrainingModulePage",
            "route:training.TrainingModulePage:index_route",
            "route:training.TrainingModulePage:module",
            "route:training.TrainingModulePage:pre_test",
            "route:training.TrainingModulePage:post_test",
        ),
        lambda w, _: [
            w.public["module"].url,
            w.public["module"].url + "pre-test/",
            w.public["module"].url + "post-test/",
        ],
    ),
    Surface("lesson", ("page:training.LessonPage",), lambda w, _: [w.public["lesson"].url]),
    Surface(
        "hidden items at their own addresses",
        ("url:wagtail_serve",),
        lambda w, _: [page.url for page in w.hidden.values()],
        shows_public=False,
    ),
    Surface(
        "documents at their own addresses",
        ("url:wagtaildocs_serve",),
        lambda w, world: [d.url for how, d in world.documents.items() if how != "public"],
        shows_public=False,
    ),
    Surface(
        "PDF editions (the first request renders one, the second serves it)",
        (
            "route:handbook.HandbookPage:pdf",
            "route:handbook.ChapterPage:pdf",
            "route:handbook.GuidanceDocumentPage:pdf",
        ),
        lambda w, _: (
            [w.book.url + "pdf/"] * 2
            + [
                w.hidden[kind, how].url + "pdf/"
                for kind in ("chapter", "document")
                for how in HIDING
            ]
        ),
    ),
    Surface(
        "media folder",
        ("url:public_media",),
        lambda w, world: [f"/media/{d.file.name}" for d in world.documents.values()],
        shows_public=False,
    ),
    Surface("sitemap", ("url:sitemap",), lambda w, _: ["/sitemap.xml"], check_urls=True),
    Surface(
        "search",
        ("url:search:search",),
        lambda w, _: [
            f"/{w.language}/search/?q={SECRET_QUERY}",
            f"/{w.language}/search/?q={PUBLIC}",
        ],
    ),
    Surface(
        "search autocomplete",
        ("url:search:autocomplete",),
        lambda w, _: [
            f"/{w.language}/search/autocomplete/?q={SECRET_QUERY}",
            f"/{w.language}/search/autocomplete/?q={PUBLIC}",
        ],
    ),
    Surface(
        "API page lists",
        ("api:pages_list",),
        lambda w, _: (
            [
                f"/api/v3/pages/?child_of={parent.pk}&limit=50"
                for parent in (
                    w.home,
                    w.book,
                    w.library,
                    w.news,
                    w.events,
                    w.training,
                    w.public["module"],
                )
            ]
            + [
                f"/api/v3/pages/?locale={w.language}&search={word}"
                for word in (SECRET_QUERY, PUBLIC)
            ]
        ),
        check_urls=True,
    ),
    Surface(
        "API page details: chapters, versions, related pages, issue contents, blocks",
        ("api:pages_detail",),
        lambda w, _: api_detail(
            w.home,
            w.book,
            w.public["chapter"],
            w.public["document"],
            w.public["issue"],
            w.public["module"],
            w.public["article"],
            *w.hidden.values(),
        ),
    ),
    Surface(
        "API find a page",
        ("api:pages_find", "api:portal_find_by_path"),
        lambda w, _: (
            [f"/api/v3/pages/find/?id={p.pk}" for p in w.hidden.values()]
            + [f"/api/v3/site/find/?path={p.url}" for p in w.hidden.values()]
            + [f"/api/v3/site/find/?path={w.public['chapter'].url}"]
        ),
    ),
    Surface(
        "API menus and footer",
        ("api:portal_site",),
        lambda w, _: [f"/api/v3/site/?locale={w.language}"],
        check_urls=True,
    ),
    Surface(
        "API translations",
        ("api:portal_page_translations",),
        lambda w, _: [f"/api/v3/pages/{w.public['content'].pk}/translations/"],
        check_urls=True,
    ),
    Surface(
        "API search",
        ("api:search",),
        lambda w, _: [
            f"/api/v3/search/?lang={w.language}&q={word}" for word in (SECRET_QUERY, PUBLIC)
        ],
    ),
    Surface(
        "API documents",
        ("api:documents_list", "api:documents_detail"),
        lambda w, world: (
            ["/api/v3/documents/?limit=50"]
            + [f"/api/v3/documents/{d.pk}/" for d in world.documents.values()]
        ),
    ),
]

# What exists but shows no content of pages or documents, and why.
NOT_CONTENT = {
    "url:root": "redirects to a language's home page",
    "url:healthz": "answers ok",
    "url:robots_txt": "fixed text",
    "url:newsletter:signup": "a form",
    "url:newsletter:thanks": "a fixed message",
    "url:newsletter:confirm": "a form reached through a secret link",
    "url:newsletter:unsubscribe": "a form reached through a secret link",
    "url:training:login": "a form",
    "url:training:logout": "signs out",
    "url:training:register": "a form",
    "url:training:password_reset": "a form",
    "url:training:password_reset_sent": "a fixed message",
    "url:training:confirmation_sent": "a fixed message",
    "url:training:confirm_email": "a form reached through a secret link",
    "url:training:password_reset_confirm": "a form reached through a secret link",
    "url:training:password_reset_complete": "a fixed message",
    "url:training:dashboard": "a signed-in trainee's own modules, listed through the rule",
    "url:training:certificate": "a signed-in trainee's own certificate",
    "url:training:complete_lesson": "a POST that redirects; refuses hidden lessons through the rule",
    "url:training:verify": "a certificate's holder, module title and date",
    "url:training:verify_code": "a certificate's holder, module title and date",
    "url:polls:index": "polls are snippets without view restrictions",
    "url:polls:detail": "polls are snippets without view restrictions",
    "url:polls:vote": "polls are snippets without view restrictions",
    "url:polls:results": "polls are snippets without view restrictions",
    "url:polls:results_csv": "polls are snippets without view restrictions",
    "url:polls:results_json": "polls are snippets without view restrictions",
    "url:wagtailcore_login": "the sign-in form",
    "url:wagtailcore_authenticate_with_password": "the password form of a restricted page",
    "url:wagtaildocs_authenticate_with_password": "the password form of a restricted document",
    "api:pages_revisions_list": "editors' tier: needs a token",
    "api:pages_revisions_detail": "editors' tier: needs a token",
    "api:snippets_list": "editors' tier: needs a token",
    "api:snippets_detail": "editors' tier: needs a token",
    "api:snippets_revisions_list": "editors' tier: needs a token",
    "api:snippets_revisions_detail": "editors' tier: needs a token",
    "api:sites_list": "editors' tier: needs a token",
    "api:sites_detail": "editors' tier: needs a token",
    "api:whoami": "editors' tier: needs a token",
    "api:schema_list": "page types and their fields, no content",
    "api:schema_detail": "page types and their fields, no content",
    "api:redirects_list": "redirect paths, no content",
    "api:redirects_find": "redirect paths, no content",
    "api:redirects_detail": "redirect paths, no content",
    "api:polls_api_list_polls": "polls are snippets without view restrictions",
    "api:polls_api_poll_detail": "polls are snippets without view restrictions",
    "api:images_list": "images are public by design (README, privacy model)",
    "api:images_detail": "images are public by design (README, privacy model)",
}
