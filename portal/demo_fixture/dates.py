"""Move the fixture's dates to the day it is loaded.

The builder dates things relative to the day it runs (news a few days old, an event next
month, a poll closed a month ago); the fixture froze them on the day it was built. Each
date moves by the whole days since that day, and each date and time by the time since the
build (so that nothing the build did lies in the future and a poll that opened a day
before the build opened a day before the load), both in the rows and in the objects that
revisions and translation sources hold serialised (the editor's form and a re-synced
translation show the dates the live page shows). Dates the builder writes as days of the
calendar (a demo module's FIXED_DATES, e.g. when a standard came into force) stay."""

import datetime
from functools import cache

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from modelcluster.models import get_all_child_relations

from .serialised import edit_held_object


class Shift:
    def __init__(self, built_at: datetime.datetime, now: datetime.datetime, fixed=()):
        self.days = timezone.localdate(now) - timezone.localdate(built_at)
        self.time = now - built_at
        self.fixed = {name.lower() for name in fixed}  # "app_label.model.field"
        self._moved = cache(self._moved_fields)

    def _moved_fields(self, model, local: bool) -> list[models.Field]:
        fields = model._meta.local_concrete_fields if local else model._meta.concrete_fields
        return [
            field
            for field in fields
            if isinstance(field, models.DateField)
            and f"{field.model._meta.label_lower}.{field.name}" not in self.fixed
        ]

    def _by(self, field) -> datetime.timedelta:
        return self.time if isinstance(field, models.DateTimeField) else self.days

    def row(self, instance) -> None:
        """Move the dates of a deserialised row (the fields of its own table) and of the
        object it holds serialised, if any."""
        for field in self._moved(type(instance), local=True):
            value = getattr(instance, field.attname)
            if value is not None:
                setattr(instance, field.attname, value + self._by(field))
        edit_held_object(instance, self.serialised)

    def serialised(self, model, data: dict) -> None:
        """Move the dates of an object serialised as Wagtail does: fields by name, the
        child objects of a cluster under their relation's name."""
        for field in self._moved(model, local=False):
            if text := data.get(field.name):
                data[field.name] = self._moved_text(field, text)
        for relation in get_all_child_relations(model):
            for child in data.get(relation.get_accessor_name()) or ():
                self.serialised(relation.related_model, child)

    def _moved_text(self, field, text: str) -> str:
        if isinstance(field, models.DateTimeField):
            return DjangoJSONEncoder().default(parse_datetime(text) + self.time)
        return (parse_date(text) + self.days).isoformat()


def fixed_dates(modules) -> list[str]:
    """The dates the demo modules write as days of the calendar."""
    return [name for module in modules for name in getattr(module, "FIXED_DATES", ())]
