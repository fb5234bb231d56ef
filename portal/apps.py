from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import api, page_cache, privacy_changes

        api.setup()
        page_cache.connect_signals()
        privacy_changes.connect_signals()
