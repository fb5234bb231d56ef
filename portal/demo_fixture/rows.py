"""Put the fixture's rows into the database as they are: deserialised, moved to today's
dates, and inserted raw, one INSERT per model (and batch), no signals and no save()
logic, the way `loaddata` saves each row but in bulk.

Raw keeps the fixture's values where saving would take the clock's (auto_now fields); and
it works for the child tables of multi-table inheritance (each page type's table), which
`bulk_create` refuses because it would insert their parent rows too: here the parent rows
(wagtailcore.page) are rows of their own in the fixture. The few rows the migrations made
and the demo changed (the home pages) are updated instead."""

import json
from collections import defaultdict

from django.core import serializers
from django.core.management.color import no_style
from django.db import connections

from .dates import Shift
from .files import ROWS
from .serialised import localise


def load_rows(shift: Shift) -> dict[type, list]:
    """Load every row; return the primary keys loaded, by model."""
    by_model = defaultdict(list)
    for item in serializers.deserialize("python", json.loads(ROWS.read_text(encoding="utf-8"))):
        localise(item.object)
        shift.row(item.object)
        by_model[type(item.object)].append(item)
    for model, items in by_model.items():
        _save(model, items)
    _reset_sequences(list(by_model))
    return {model: [item.object.pk for item in items] for model, items in by_model.items()}


def _save(model, items):
    manager = model._base_manager
    instances = [item.object for item in items]
    # The table holds at most what the migrations made: a few rows, if any.
    existing = set(manager.values_list("pk", flat=True))
    fields = [field for field in model._meta.local_concrete_fields if not field.generated]
    new = [obj for obj in instances if obj.pk not in existing]
    connection = connections[manager.db]
    size = max(connection.ops.bulk_batch_size(fields, new), 1)
    for start in range(0, len(new), size):
        manager._insert(new[start : start + size], fields=fields, using=manager.db, raw=True)
    for obj in instances:
        if obj.pk in existing:
            changes = {f.attname: getattr(obj, f.attname) for f in fields if not f.primary_key}
            manager.filter(pk=obj.pk).update(**changes)
    _save_many_to_many(model, items, existing)


def _save_many_to_many(model, items, existing):
    for name in {name for item in items for name in item.m2m_data}:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        through._base_manager.filter(**{f"{source}__in": existing}).delete()
        through._base_manager.bulk_create(
            through(**{source: item.object.pk, target: value})
            for item in items
            for value in item.m2m_data.get(name, ())
        )


def _reset_sequences(models):
    """Rows inserted with their primary keys leave PostgreSQL's sequences behind (SQLite
    keeps up by itself): the next row saved would take a key already in use."""
    connection = connections[models[0]._base_manager.db]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
