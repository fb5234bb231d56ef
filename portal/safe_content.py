"""Where portal.safe_html applies, registered once for the whole portal: every rich text
expansion (site and API), the API's rich text formats, and every save of a page, snippet
or setting (titles, text fields, rich text and StreamField content)."""

import functools

from django.db import models
from django.db.models.signals import pre_save
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .safe_html import SafeHTMLRewriter, safe_html, strip_control_characters


def install_rich_text_sanitiser():
    """Wagtail builds its rich text rewriter once; ours runs after it on every expansion."""
    import wagtail.rich_text as rich_text
    from wagtail.rich_text.rewriters import MultiRuleRewriter

    wagtail_rewriter = rich_text.get_rewriter

    @functools.cache
    def get_rewriter():
        return MultiRuleRewriter([wagtail_rewriter(), SafeHTMLRewriter()])

    rich_text.get_rewriter = get_rewriter


def sanitise_api_rich_text():
    """Every output format of the API (db_html, html, db_markdown, markdown) starts from
    safe database HTML."""
    from wagtail.api.rich_text import APIRichText

    serialize = APIRichText.serialize.__func__

    def safe_serialize(cls, value, *, format, features=None):
        return serialize(cls, value and safe_html(value), format=format, features=features)

    APIRichText.serialize = classmethod(safe_serialize)


def _clean_raw_block(block, raw):
    """The raw (JSON) value of a block with its strings cleaned, following the block
    definitions so that only rich text is treated as HTML."""
    if isinstance(raw, str):
        if isinstance(block, blocks.RichTextBlock):
            return safe_html(raw)
        return strip_control_characters(raw)
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: _clean_raw_block(block.child_blocks[name], value)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [
            {**item, "value": _clean_raw_block(block.child_block, item["value"])}
            if isinstance(item, dict) and "value" in item
            else _clean_raw_block(block.child_block, item)
            for item in raw
        ]
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {**item, "value": _clean_raw_block(block.child_blocks[item["type"]], item["value"])}
            if item.get("type") in block.child_blocks
            else item
            for item in raw
        ]
    return raw


def _clean_stream(field: StreamField, value):
    raw = list(value.get_prep_value()) if value is not None else []
    cleaned = _clean_raw_block(field.stream_block, raw)
    return value if cleaned == raw else field.to_python(cleaned)


def clean_field_value(field, value):
    if value is None:
        return value
    if isinstance(field, StreamField):
        return _clean_stream(field, value)
    if isinstance(field, RichTextField):
        return safe_html(value)
    if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
        return strip_control_characters(value)
    return value


def is_content_model(model) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.snippets.models import get_snippet_models

    return issubclass(model, Page | BaseSiteSetting | BaseGenericSetting) or (
        model in get_snippet_models()
    )


def clean_content(sender, instance, raw=False, **kwargs):
    if raw or not is_content_model(sender):
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        cleaned = clean_field_value(field, value)
        if cleaned is not value:
            setattr(instance, field.attname, cleaned)


def connect_signals():
    pre_save.connect(clean_content, dispatch_uid="portal.safe_content.clean_content")
