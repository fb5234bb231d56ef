"""Wagtail's users app with the portal's listing of editors (see admin_users.py). Named in
INSTALLED_APPS in place of wagtail.users; kept apart so that loading it imports no models."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "training.admin_users.EditorsUserViewSet"
