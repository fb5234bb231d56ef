from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    label = "polls"
    verbose_name = _("Polls")

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/polls/", router)
