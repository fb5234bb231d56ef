from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class BulletinConfig(AppConfig):
    name = "bulletin"
    label = "bulletin"
    verbose_name = "Bulletin"

    def ready(self):
        from portal.frame_generation import invalidate

        from .models import ArticlePage, Topic

        # An article's topics and related articles are remembered under the frame's
        # generation; renaming a topic or retagging an article changes them.
        post_save.connect(invalidate, sender=Topic, dispatch_uid="frame-topic-saved")
        post_delete.connect(invalidate, sender=Topic, dispatch_uid="frame-topic-deleted")
        m2m_changed.connect(
            invalidate, sender=ArticlePage.topics.through, dispatch_uid="frame-article-topics"
        )
