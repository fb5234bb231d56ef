"""Publishing a version in force supersedes the earlier versions of the same document."""

from wagtail.signals import page_published


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


def connect():
    from .models import GuidanceDocumentPage

    page_published.connect(
        supersede_earlier_versions, sender=GuidanceDocumentPage, dispatch_uid="supersede"
    )
