"""Rich text in API responses: database HTML expanded to display HTML, with links to pages,
documents and images made absolute, so a front end on another origin can use it as is."""

import re
import sys

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from wagtail.api.rich_text import APIRichText
from wagtail.api.v3.schemas.generators import read
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import expand_db_html

from portal.public_urls import absolute_url

# Attributes written by Wagtail's link and embed handlers: always double-quoted.
_ROOT_RELATIVE = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


def html_with_absolute_urls(db_html: str) -> str:
    return _ROOT_RELATIVE.sub(
        lambda match: f'{match[1]}="{absolute_url(match[2])}"', expand_db_html(db_html or "")
    )


def use_absolute_urls_for_html_format():
    """Wagtail's `html` rich text format keeps root-relative URLs; every rich text field and
    block in the API goes through this one serialiser."""
    APIRichText._serialize_html = staticmethod(
        lambda value, *, features=None: html_with_absolute_urls(value)
    )


def _in_page_language(field_schema):
    """Wraps one of Wagtail's read field schemas so that a page's rich text is expanded in
    the page's language: links lead to the linked pages' versions in that language, as on
    the HTML site."""

    def schema(generator, field):
        annotation, default, resolver = field_schema(generator, field)
        resolve = resolver.__func__

        def resolve_in_language(obj, context):
            locale = getattr(obj, "locale", None)
            if locale is None:
                return resolve(obj, context)
            with translation.override(locale.language_code):
                return resolve(obj, context)

        return annotation, default, staticmethod(resolve_in_language)

    return schema


def expand_in_page_language():
    if "wagtail.api.v3.registry" in sys.modules:
        raise ImproperlyConfigured(
            "The API's page schemas were built before the portal app was ready: keep "
            "'portal' first in INSTALLED_APPS."
        )
    for field_class, field_schema in (
        (StreamField, read.streamfield_schema),
        (RichTextField, read.rich_text_schema),
    ):
        read.read_generator.register_field_schema(field_class, _in_page_language(field_schema))
