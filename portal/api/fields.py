"""Typed read-only API fields: the content API's OpenAPI schema describes computed values
(lists, nested records) from the annotation given here."""

from rest_framework import serializers


def typed(annotation, source: str | None = None):
    """A read-only serializer field that passes `source` through, typed as `annotation`."""

    class TypedField(serializers.Field):
        def to_representation(self, value):
            return value

    TypedField.to_representation.__annotations__["return"] = annotation
    return TypedField(source=source, read_only=True)
