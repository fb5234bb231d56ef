"""Write the demo fixture from a database that was migrated, snapshotted (`rows()`), then
filled by the builder and its tasks: every row the demo added or changed, sorted by model
and primary key, and the media files it stored."""

import json
import shutil

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .files import BUILD, FIXTURE_DIR, MEDIA, ROWS
from .serialised import portable
from .sources import digest

# Not in the fixture: what each database makes for itself (content types and permissions
# come with the migrations), what is running or ran (sessions, queued tasks), the search
# index (its tables belong to the search backend; loading indexes the demo in the
# configured one), and the poll votes, which polls.demo makes when the fixture is loaded.
EXCLUDED = {
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "wagtailsearch",
    "polls.pollvote",
}


def _dumped_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED
        and model._meta.label_lower not in EXCLUDED
        and not model._meta.proxy
    ]


def rows() -> dict[tuple[str, object], dict]:
    """Every row of the dumped models, serialised: {(model label, pk): fields}."""
    found = {}
    for model in _dumped_models():
        queryset = model._base_manager.order_by("pk")
        for obj in serializers.serialize("python", queryset):
            fields = portable(model, obj["fields"])
            found[obj["model"], obj["pk"]] = fields
    return found


def write_fixture(migrated: dict, built: dict) -> int:
    """Write what the build added to or changed in the migrated rows; return the count."""
    removed = sorted(set(migrated) - set(built))
    if removed:
        raise RuntimeError(f"the demo removed rows the migrations made: {removed[:5]}")
    changed = [
        {"model": label, "pk": pk, "fields": fields}
        for (label, pk), fields in sorted(built.items())
        if migrated.get((label, pk)) != fields
    ]
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    ROWS.write_text(_json(changed), encoding="utf-8")
    build = {
        "built_at": timezone.now(),
        "public_base_url": settings.PUBLIC_BASE_URL,
        "sources_digest": digest(),
    }
    BUILD.write_text(_json(build), encoding="utf-8")
    shutil.rmtree(MEDIA, ignore_errors=True)
    if settings.MEDIA_ROOT.exists():
        shutil.copytree(settings.MEDIA_ROOT, MEDIA)
    return len(changed)


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1) + "\n"
