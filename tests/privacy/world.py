"""The demo site plus, in each language and for each kind of content, a public item and
one item per way of hiding it: a view restriction (login, shared password, groups), a
draft (unpublished) and a page whose expiry time has passed. Every hidden item carries
SECRET in its title and text; every public one PUBLIC. Documents are hidden by a
restricted collection."""

import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction

from bulletin.models import (
    ArticlePage,
    BulletinIndexPage,
    BulletinIssueItem,
    BulletinIssuePage,
    EventIndexPage,
    EventPage,
    Topic,
)
from handbook.models import ChapterPage, GuidanceDocumentPage, HandbookPage, StandardsIndexPage
from portal.models import ContentPage, HomePage
from tests.factories import publish
from training.models import LessonPage, TrainingIndexPage, TrainingModulePage

SECRET = "zzsecretmark"
PUBLIC = "zzpublicmark"
# What a visitor searches for: search finds it in any case, and a search page may repeat
# the query, which is not a leak; the check looks for SECRET in lower case.
SECRET_QUERY = SECRET.upper()
PASSWORD = "open-sesame"
GROUP = "Reviewers"
RESTRICTIONS = ("login", "password", "groups")
HIDING = (*RESTRICTIONS, "draft", "expired")
LANGUAGES = ("bg", "en")
TODAY = timezone.localdate()


@dataclass
class LanguageWorld:
    language: str
    home: HomePage
    book: HandbookPage
    library: StandardsIndexPage
    news: BulletinIndexPage
    events: EventIndexPage
    training: TrainingIndexPage
    public: dict = field(default_factory=dict)  # kind -> the public page
    hidden: dict = field(default_factory=dict)  # (kind, how) -> the hidden page
    topic: Topic | None = None


@dataclass
class World:
    languages: dict
    documents: dict  # "public" or a restriction -> document
    group: Group


def publish_under(parent, page):
    return publish(page, parent)


def hide(page, how, group):
    """Hides a published page the way `how` says."""
    if how == "draft":
        page.unpublish()
    elif how == "expired":
        Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(1))
    else:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=how, password=PASSWORD if how == "password" else ""
        )
        if how == "groups":
            restriction.groups.set([group])
    return type(page).objects.get(pk=page.pk)


def _first(model, language):
    return model.objects.live().filter(locale__language_code=language).order_by("path").first()


def _documents(group):
    """A public document and one in a restricted collection per restriction kind."""
    Document = get_document_model()
    root = Collection.get_first_root_node()
    documents = {
        "public": Document.objects.create(
            title=f"{PUBLIC} document", file=ContentFile(b"%PDF-1.4 public", name="public.pdf")
        )
    }
    for how in RESTRICTIONS:
        collection = root.add_child(name=f"Restricted {how}")
        restriction = CollectionViewRestriction.objects.create(
            collection=collection,
            restriction_type=how,
            password=PASSWORD if how == "password" else "",
        )
        if how == "groups":
            restriction.groups.set([group])
        documents[how] = Document.objects.create(
            title=f"{SECRET} document {how}",
            collection=collection,
            # The file name is in the document's address, which the visitor has anyway.
            file=ContentFile(b"%PDF-1.4 " + SECRET.encode(), name=f"restricted-{how}.pdf"),
        )
    return documents


def _text(marker, what):
    return f"{marker} {what}"


def _chapter(marker, slug, documents=()):
    body = [
        ("heading", {"level": "2", "text": _text(marker, "heading"), "anchor": f"{slug}-a"}),
        ("paragraph", f"<p>{_text(marker, 'chapter text')}</p>"),
    ]
    body += [("document", {"document": document, "label": ""}) for document in documents]
    return ChapterPage(
        title=_text(marker, "chapter"),
        slug=slug,
        summary=_text(marker, "chapter summary"),
        body=body,
    )


def _document(marker, slug, code, version, in_force_from, chapters):
    document = GuidanceDocumentPage(
        title=_text(marker, f"standard {version}"),
        slug=slug,
        code=code,
        document_type="standard",
        version_label=version,
        status="in_force",
        in_force_from=in_force_from,
        audiences=["social-services"],
        change_notes=f"<p>{_text(marker, 'change notes')}</p>",
        summary=_text(marker, "standard summary"),
        clauses=[
            (
                "clause",
                {
                    "anchor": f"{slug}-c1",
                    "heading": _text(marker, "clause heading"),
                    "text": f"<p>{_text(marker, 'clause text')}</p>",
                    "subclauses": [],
                },
            )
        ],
    )
    document.related_chapters.set(chapters)
    return document


def _article(marker, slug, topic, day):
    article = ArticlePage(
        title=_text(marker, "article"),
        slug=slug,
        date=day,
        summary=_text(marker, "article summary"),
        body=[("paragraph", f"<p>{_text(marker, 'article text')}</p>")],
    )
    article.topics.set([topic])
    return article


def _event(marker, slug):
    return EventPage(
        title=_text(marker, "event"),
        slug=slug,
        start_date=TODAY + datetime.timedelta(days=10),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        venue=_text(marker, "venue"),
        audiences=["everyone"],
        body=[("paragraph", f"<p>{_text(marker, 'event text')}</p>")],
    )


def _module(marker, slug, related=()):
    return TrainingModulePage(
        title=_text(marker, "module"),
        slug=slug,
        audiences=["police"],
        intro=_text(marker, "module intro"),
        related=[("related_page", {"page": page, "note": ""}) for page in related],
    )


def _lesson(marker, slug):
    return LessonPage(
        title=_text(marker, "lesson"),
        slug=slug,
        intro=_text(marker, "lesson intro"),
        body=[("paragraph", f"<p>{_text(marker, 'lesson text')}</p>")],
    )


def _content(marker, slug):
    return ContentPage(
        title=_text(marker, "content page"),
        slug=slug,
        show_in_menus=True,
        intro=_text(marker, "content intro"),
    )


def build_language(language, documents, group) -> LanguageWorld:
    w = LanguageWorld(
        language=language,
        home=Page.objects.get(depth=2, locale__language_code=language).specific,
        book=_first(HandbookPage, language),
        library=_first(StandardsIndexPage, language),
        news=_first(BulletinIndexPage, language),
        events=_first(EventIndexPage, language),
        training=_first(TrainingIndexPage, language),
    )
    w.topic = Topic.objects.create(
        name=_text(PUBLIC, "topic"), slug=f"zz-topic-{language}", locale=w.home.locale
    )

    def both(kind, make):
        w.public[kind] = make(PUBLIC, f"zz-{kind}-public")
        for how in HIDING:
            w.hidden[kind, how] = make(SECRET, f"zz-{kind}-{how}")

    both(
        "chapter",
        lambda m, slug: publish_under(
            w.book, _chapter(m, slug, documents.values() if m == PUBLIC else ())
        ),
    )
    hidden_chapters = [w.hidden["chapter", how] for how in HIDING]
    code = f"ZZ-{language}"
    w.public["document"] = publish_under(
        w.library,
        _document(
            PUBLIC,
            "zz-document-public",
            code,
            "1.0",
            datetime.date(2020, 1, 1),
            [w.public["chapter"], *hidden_chapters],
        ),
    )
    for n, how in enumerate(HIDING, start=1):
        w.hidden["document", how] = publish_under(
            w.library,
            _document(
                SECRET,
                f"zz-document-{how}",
                code,
                f"9.{n}",
                datetime.date(2025, 1, n),
                [w.public["chapter"]],
            ),
        )
    both(
        "article",
        lambda m, slug: publish_under(w.news, _article(m, slug, w.topic, TODAY)),
    )
    numbers = itertools.count(900)
    both(
        "issue",
        lambda m, slug: publish_under(
            w.news,
            BulletinIssuePage(
                title=_text(m, "issue"),
                slug=slug,
                number=next(numbers),
                issue_date=TODAY,
                editorial=f"<p>{_text(m, 'editorial')}</p>",
            ),
        ),
    )
    issue = w.public["issue"]
    articles = [w.public["article"]] + [w.hidden["article", how] for how in HIDING]
    for position, article in enumerate(articles):
        issue.items.add(BulletinIssueItem(article=article, sort_order=position))
    issue.save_revision().publish()
    both("event", lambda m, slug: publish_under(w.events, _event(m, slug)))
    both("content", lambda m, slug: publish_under(w.home, _content(m, slug)))
    related = [w.public["chapter"], *hidden_chapters] + [w.hidden["content", how] for how in HIDING]
    both(
        "module",
        lambda m, slug: publish_under(w.training, _module(m, slug, related if m == PUBLIC else ())),
    )
    for how in RESTRICTIONS:
        # A restriction covers what is below the page too (as in Wagtail, a draft or expired
        # page hides only itself).
        w.hidden["lesson below", how] = publish_under(
            w.hidden["module", how], _lesson(SECRET, "zz-lesson-below")
        )
    both("lesson", lambda m, slug: publish_under(w.public["module"], _lesson(m, slug)))

    # Hide last: hiding first would stop pages being added below (drafts) or listed.
    for (kind, how), page in w.hidden.items():
        if kind != "lesson below":
            w.hidden[kind, how] = hide(page, how, group)

    w.home.entry_points.extend(
        [("entry_point", {"page": page, "title": "", "description": ""}) for page in related]
    )
    w.home.save_revision().publish()
    return w


def restricted_translation(page, locale, group):
    """A public page's translation that is itself login-restricted."""
    translation = page.copy_for_translation(locale)
    translation.title = _text(SECRET, "translation")
    translation.save_revision().publish()
    return hide(type(page).objects.get(pk=translation.pk), "login", group)


def build_world() -> World:
    group = Group.objects.create(name=GROUP)
    documents = _documents(group)
    languages = {language: build_language(language, documents, group) for language in LANGUAGES}
    for language, other in (("bg", "en"), ("en", "bg")):
        w = languages[language]
        w.hidden["translation", "login"] = restricted_translation(
            w.public["content"], Locale.objects.get(language_code=other), group
        )
    # The book's original PDF is a document the visitor may not see.
    for w in languages.values():
        w.book.original_pdf = documents["login"]
        w.book.save_revision().publish()
    return World(languages=languages, documents=documents, group=group)
