from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


def refresh_page_search_data(sender, instance, raw=False, update_fields=None, **kwargs):
    """Copy a page's topic/audience labels and add its words to the vocabulary on every
    full save (publishing is one); partial saves such as saving a draft revision leave the
    published labels alone."""
    from .models import PageFacet
    from .vocabulary import add_words, page_words

    if not raw and update_fields is None:
        PageFacet.refresh(instance)
        if instance.live:
            add_words(instance.search_language, page_words(instance.search_plain_text()))


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/search/", router)
        from portal.frame_generation import invalidate

        from .mixins import SearchablePageMixin
        from .models import SearchSynonym

        # The synonyms are remembered under the site's generation (search.service).
        post_save.connect(invalidate, sender=SearchSynonym, dispatch_uid="frame-synonym-saved")
        post_delete.connect(invalidate, sender=SearchSynonym, dispatch_uid="frame-synonym-deleted")

        # Per concrete model, so the historical models migrations use never trigger it.
        for model in apps.get_models():
            if issubclass(model, SearchablePageMixin):
                post_save.connect(refresh_page_search_data, sender=model)
