from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "bulletin"
    label = "bulletin"
    verbose_name = "Bulletin"
