from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import api
        from .page_cache import connect_signals

        api.setup()
        connect_signals()
