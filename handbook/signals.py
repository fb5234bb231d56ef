"""Publishing a version in force supersedes the earlier versions of the same document;
publishing or unpublishing a page renders (or drops) the PDF editions that show it."""

from wagtail.signals import page_published, page_unpublished

from .editions import drop_editions_after_privacy_change, request_editions


def supersede_earlier_versions(sender, instance, **kwargs):
    if instance.status != "in_force":
        return
    earlier = sender.objects.live().filter(
        code=instance.code, locale_id=instance.locale_id, status="in_force"
    )
    if instance.in_force_from:
        earlier = earlier.filter(in_force_from__lt=instance.in_force_from)
    for version in earlier.exclude(pk=instance.pk):
        version.status = "superseded"
        version.superseded_by = instance
        version.save_revision().publish()


def update_pdf_editions(sender, instance, **kwargs):
    request_editions(instance)


def connect():
    from portal.privacy_changes import privacy_changed

    from .models import ChapterPage, GuidanceDocumentPage, HandbookPage

    privacy_changed.connect(drop_editions_after_privacy_change, dispatch_uid="pdf-privacy")
    page_published.connect(
        supersede_earlier_versions, sender=GuidanceDocumentPage, dispatch_uid="supersede"
    )
    for model in (HandbookPage, ChapterPage, GuidanceDocumentPage):
        for signal in (page_published, page_unpublished):
            signal.connect(update_pdf_editions, sender=model, dispatch_uid=f"pdf-{model.__name__}")
