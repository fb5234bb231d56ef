"""The record of one Word import: the uploaded file, how far the worker has read it, the
preview and problems it found, and the pages it created (see handbook.word_import)."""

from django.conf import settings
from django.db import models
from wagtail.models import Page


class WordImport(models.Model):
    class Kind(models.TextChoices):
        CHAPTERS = "chapters", "chapters"
        DOCUMENT = "document", "document"
        TRANSLATION = "translation", "translation"  # of the target page, into fields["locale"]

    class Status(models.TextChoices):
        READING = "reading", "reading"
        READY = "ready", "ready"
        CREATING = "creating", "creating"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    target = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.READING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    preview = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    error = models.JSONField(default=dict)
    fields = models.JSONField(default=dict)  # what the editor confirmed (document properties)
    created_pages = models.JSONField(default=list)

    class Meta:
        app_label = "handbook"

    def set_progress(self, done: int, total: int) -> None:
        self.progress = min(99, done * 100 // max(total, 1))
        WordImport.objects.filter(pk=self.pk).update(progress=self.progress)
