"""Privacy changes take effect at once: adding, changing or removing a view restriction on
a page or a collection forgets the portal's cached pages and purges from the frontend cache
(Varnish) every page that showed, or may now show, what the restriction covers.

For a page restriction these are the page and its descendants, their ancestors (contents,
indexes, the home page's menu and panels), their siblings (chapter navigation, lists of
versions and lessons), their translations, every page that refers to them (related
documents and chapters, issue items, related-page and entry-point blocks) and its
translations, the feeds and calendars of those indexes, and the sitemap. For a collection restriction, the pages that link to a document
in the collection. Both run when the transaction commits, as publishing's purge does.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from wagtail.documents import get_document_model
from wagtail.models import (
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    get_page_models,
)

from . import page_cache
from .public_urls import absolute_url

# Sent (with `pages`, those showing what the restriction covers) before the purge, so that
# apps can drop what they built from those pages for everybody (the handbook's PDF editions).
privacy_changed = Signal()


def _referring_pages(objects) -> set[int]:
    page_type = ContentType.objects.get_for_model(Page)
    rows = ReferenceIndex.get_references_to_in_bulk(objects).filter(base_content_type=page_type)
    return {int(object_id) for object_id in rows.values_list("object_id", flat=True)}


def _pages_relating_to(covered) -> set[int]:
    """Pages whose many-to-many fields (related chapters) name a covered page in any
    language; Wagtail's reference index does not record many-to-many relations."""
    keys = {page.translation_key for page in covered}
    ids = set()
    for model in get_page_models():
        for field in model._meta.local_many_to_many:
            if issubclass(field.related_model, Page):
                lookup = {f"{field.name}__translation_key__in": keys}
                ids |= set(model.objects.filter(**lookup).values_list("pk", flat=True))
    return ids


def pages_showing_page(page) -> "list[Page]":
    covered = list(Page.objects.descendant_of(page, inclusive=True))
    referring = _referring_pages(covered) | _pages_relating_to(covered)
    referring_keys = Page.objects.filter(pk__in=referring).values("translation_key")
    related = Q(pk__in=referring) | Q(translation_key__in=referring_keys)
    related |= Q(pk__in=[ancestor.pk for ancestor in page.get_ancestors().filter(depth__gt=1)])
    related |= Q(path__startswith=page.path[: -Page.steplen], depth=page.depth)  # siblings
    related |= Q(translation_key__in=[p.translation_key for p in covered])
    return covered + list(Page.objects.filter(related).exclude(pk__in=[p.pk for p in covered]))


def pages_showing_collection(collection) -> "list[Page]":
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    return list(Page.objects.filter(pk__in=_referring_pages(documents)))


def purge(pages):
    """Wagtail's frontend-cache purge of the pages (their cached paths: an index's feeds
    and calendars too) and the sitemap; nothing to do without a frontend cache."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_url(absolute_url("/sitemap.xml"))
    batch.purge()


def _on_commit(find_pages, target):
    def apply():
        pages = find_pages(target)
        privacy_changed.send(sender=type(target), pages=pages)
        page_cache.invalidate()
        purge(pages)

    transaction.on_commit(apply)


def _changed(kwargs) -> bool:
    """Saved, deleted, or its groups changed (not the pre_* steps of a groups change)."""
    return not kwargs.get("action", "post_").startswith("pre_")


def _page_restriction_changed(sender, instance, **kwargs):
    if not _changed(kwargs) or not isinstance(instance, PageViewRestriction):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _on_commit(pages_showing_page, page)


def _collection_restriction_changed(sender, instance, **kwargs):
    if not _changed(kwargs) or not isinstance(instance, CollectionViewRestriction):
        return
    if instance.collection_id is not None:
        _on_commit(pages_showing_collection, instance.collection)


def connect_signals():
    for model, receiver in (
        (PageViewRestriction, _page_restriction_changed),
        (CollectionViewRestriction, _collection_restriction_changed),
    ):
        uid = f"privacy-{model.__name__}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-deleted")
        m2m_changed.connect(receiver, sender=model.groups.through, dispatch_uid=f"{uid}-groups")
