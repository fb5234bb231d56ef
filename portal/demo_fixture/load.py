"""Load the demo from its fixture into a database that holds only what the migrations
made, and bring up to date what the builder and its queued tasks would have: the search
index (in the configured backend), the caches, and whatever each demo module's
`loaded(ctx, fixture)` hook sees to (the poll votes, whether the PDF editions stand, the
processes' copies of the search vocabulary)."""

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.index import class_is_indexed
from wagtail.models import Page, Revision

from portal import frame_generation, page_cache
from search.mixins import SearchablePageMixin

from .dates import Shift, fixed_dates
from .files import MEDIA, Build
from .rows import load_rows
from .sources import digest


def holds_only_migrations() -> bool:
    """Nothing beyond what the migrations make: no page below the home pages and no
    revision of anything."""
    return not (Revision.objects.exists() or Page.objects.filter(depth__gt=2).exists())


def out_of_date(fixture: Build | None) -> str | None:
    """Why the fixture may not be what the builder makes now, or None."""
    if fixture is None:
        return "there is no demo fixture"
    if fixture.sources_digest != digest():
        return "the demo fixture is older than the demo's sources (run `make demo-fixture`)"
    return None


def load(ctx, modules, fixture: Build) -> int:
    """Load the fixture (inside the caller's transaction); return the number of rows."""
    shift = Shift(fixture.built_at, timezone.now(), fixed_dates(modules))
    ctx.stdout.write(
        f"Loading the demo fixture made on {timezone.localdate(fixture.built_at)} "
        f"(dates moved by {shift.days.days} days)…"
    )
    loaded = load_rows(shift)
    rows = sum(map(len, loaded.values()))
    _copy_media()
    for module in modules:
        if hook := getattr(module, "loaded", None):
            hook(ctx, fixture)
    ctx.stdout.write(f"  {rows} rows, {_index_for_search(loaded)} objects indexed for search")
    page_cache.invalidate()
    frame_generation.invalidate()
    return rows


def _copy_media():
    """The files the demo's rows name (the Word samples), under the same names."""
    for path in sorted(MEDIA.rglob("*")):
        name = path.relative_to(MEDIA).as_posix()
        if path.is_file() and not default_storage.exists(name):
            with path.open("rb") as source:
                default_storage.save(name, File(source))


def _index_for_search(loaded) -> int:
    """What the index tasks of the build did, per model in one go: each loaded object
    that its model indexes, in every backend that follows saves."""
    backends = list(get_search_backends(with_auto_update=True))
    count = 0
    for model, pks in loaded.items():
        if class_is_indexed(model):
            objects = list(model.get_indexed_objects().filter(pk__in=pks))
            for obj in objects:
                if isinstance(obj, SearchablePageMixin):
                    obj.read_words_once()
            for backend in backends:
                backend.add_bulk(model, objects)
            count += len(objects)
    return count
