"""Test databases copied from a migrated template instead of migrated one by one.

Applying the project's ~250 migrations to an empty database takes Django about 20 s of CPU
(most of it rendering model states), and `make test` needs a migrated database in a dozen
processes (each pytest worker, each browser test server). The first process that needs one
migrates a template, once per set of migrations and settings (their digest names it), under
a file lock; every process then starts from a copy: the SQLite template file copied into
the in-memory test database, a PostgreSQL database created WITH TEMPLATE. Django's own
test-database set-up still runs `migrate`, which finds nothing left to apply."""

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import connection

# Raw connections that keep each in-memory test database alive until the process ends.
_keepers = []


def digest() -> str:
    """What a migrated database depends on: every app's migrations and the settings."""
    hashed = hashlib.sha256()
    sources = [
        (app.label, path)
        for app in apps.get_app_configs()
        for path in sorted((Path(app.path) / "migrations").glob("*.py"))
    ]
    sources += [
        ("settings", path)
        for path in sorted((settings.BASE_DIR / "portal" / "settings").glob("*.py"))
    ]
    for label, path in sorted(sources):
        hashed.update(f"{label}/{path.name}\n".encode())
        hashed.update(path.read_bytes())
    hashed.update(connection.vendor.encode())
    return hashed.hexdigest()[:16]


def _templates() -> Path:
    return settings.VAR_DIR / "test-databases"


@contextmanager
def _locked(name: str):
    _templates().mkdir(parents=True, exist_ok=True)
    with open(_templates() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _migrate(database_url: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": database_url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


def sqlite_template() -> Path:
    """The migrated SQLite template file, made if missing."""
    path = _templates() / f"sqlite-{digest()}.sqlite3"
    with _locked(path.stem):
        if not path.exists():
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate(f"sqlite:///{building}")
            os.replace(building, path)
    return path


def postgres_template() -> str:
    """The name of the migrated PostgreSQL template database, made if missing."""
    name = f"{settings.DATABASES['default']['NAME']}_template_{digest()}"
    building = f"{name}_building"
    quote = connection.ops.quote_name
    with _locked(name), connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
            cursor.execute(f"CREATE DATABASE {quote(building)}")
            url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{building}")
            _migrate(url.geturl())
            cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(name)}")
    return name


def start_test_databases_from_templates() -> None:
    """Called just before pytest-django creates the test database (and after it has named
    it for this xdist worker)."""
    if connection.vendor == "postgresql":
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = postgres_template()
    elif connection.vendor == "sqlite":
        test_name = connection.creation._get_test_db_name()
        if "mode=memory" not in test_name:
            return  # a test database file: Django removes it first, so let it migrate
        # Django opens the same shared in-memory database by this name and finds it migrated.
        keeper = sqlite3.connect(test_name, uri=True)
        template = sqlite3.connect(f"file:{sqlite_template()}?mode=ro", uri=True)
        try:
            template.backup(keeper)
        finally:
            template.close()
        _keepers.append(keeper)
