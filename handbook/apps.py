from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "handbook"
    label = "handbook"
    verbose_name = "Handbook"
