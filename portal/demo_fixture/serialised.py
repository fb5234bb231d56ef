"""Rows as the fixture holds them: Django's serialisation, with content types named by
their natural key instead of their id, which differs between databases. The two fields
that hold a whole object serialised as JSON (a revision's content, wagtail-localize's copy
of a translation source) name the object's content type by id too; they are rewritten the
same way."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

# label: (the field holding a serialised object, the foreign key naming its model)
OBJECT_FIELDS = {
    "wagtailcore.revision": ("content", "content_type"),
    "wagtail_localize.translationsource": ("content_json", "specific_content_type"),
}


def _content_type_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.local_concrete_fields
        if field.is_relation and field.related_model is ContentType
    ]


def _edit_json(value, edit):
    """Apply `edit` to the object held in a JSON field (a dict) or a text field (its JSON
    text, written back as wagtail-localize writes it)."""
    if isinstance(value, str):
        data = json.loads(value)
        edit(data)
        return json.dumps(data, cls=DjangoJSONEncoder)
    edit(value)
    return value


def edit_held_object(instance, edit) -> None:
    """Apply `edit(model, data)` to the object a deserialised row holds, if it holds one."""
    if held := OBJECT_FIELDS.get(instance._meta.label_lower):
        name, content_type = held
        model = ContentType.objects.get_for_id(getattr(instance, f"{content_type}_id"))
        value = _edit_json(getattr(instance, name), lambda data: edit(model.model_class(), data))
        setattr(instance, name, value)


def _named(content_type_id):
    return list(ContentType.objects.get_for_id(content_type_id).natural_key())


def _local(natural_key):
    return ContentType.objects.get_by_natural_key(*natural_key).pk


def _rewrite(data, fields, convert):
    for name in fields:
        if data.get(name) is not None:
            data[name] = convert(data[name])


def portable(model, fields: dict) -> dict:
    """A serialised row with its content types (and those of the object it holds) named."""
    _rewrite(fields, _content_type_fields(model), _named)
    if held := OBJECT_FIELDS.get(model._meta.label_lower):
        name = held[0]
        fields[name] = _edit_json(
            fields[name], lambda data: _rewrite(data, ["content_type"], _named)
        )
    return fields


def localise(instance) -> None:
    """The inverse of `portable` for the object a deserialised row holds (the
    deserialiser resolves the row's own foreign keys)."""
    edit_held_object(instance, lambda model, data: _rewrite(data, ["content_type"], _local))
