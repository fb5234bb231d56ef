from django.apps import AppConfig, apps
from django.db.models.signals import post_save


def refresh_page_facets(sender, instance, raw=False, update_fields=None, **kwargs):
    """Copy a page's topic/audience labels on every full save (publishing is one); partial
    saves such as saving a draft revision leave the published labels alone."""
    from .models import PageFacet

    if not raw and update_fields is None:
        PageFacet.refresh(instance)


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/search/", router)
        from .mixins import SearchablePageMixin

        # Per concrete model, so the historical models migrations use never trigger it.
        for model in apps.get_models():
            if issubclass(model, SearchablePageMixin):
                post_save.connect(refresh_page_facets, sender=model)
