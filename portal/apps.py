from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import api, background, page_cache

        api.setup()
        page_cache.connect_signals()
        background.connect_signals()
