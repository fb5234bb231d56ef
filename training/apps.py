from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    label = "training"
    verbose_name = _("Training")

    def ready(self):
        from wagtail.api.v3.api import api

        from .api import router

        api.add_router("/polls/", router)
