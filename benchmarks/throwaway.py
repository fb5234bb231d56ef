"""What the benchmarks that build their own data share: Django started with the test
settings (an in-memory SQLite database unless DATABASE_URL names another) and a throw-away
test database that is destroyed afterwards.

    from throwaway import start_django, throwaway_database
    start_django()
    ...
    with throwaway_database():
        ...
"""

import os
import sys
from contextlib import contextmanager
from pathlib import Path


def start_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()


@contextmanager
def throwaway_database():
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
