from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from . import (
            api,
            background,
            frame_generation,
            locales,
            page_cache,
            privacy_changes,
            public_address,
            queued_once,
            safe_content,
            site_frame,
        )
        from .slugs import LatinSlugInput

        safe_content.install_rich_text_sanitiser()
        safe_content.sanitise_api_rich_text()
        safe_content.connect_signals()
        api.setup()
        locales.install()
        frame_generation.install()
        queued_once.install()
        site_frame.connect_signals()
        page_cache.connect_signals()
        background.connect_signals()
        privacy_changes.connect_signals()
        public_address.register_check()
        # Every slug field of the admin transliterates Bulgarian as the title is typed.
        register_form_field_override(
            models.SlugField, override={"widget": LatinSlugInput}, exact_class=True
        )
