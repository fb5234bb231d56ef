from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/newsletter/", router)
