import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Locale, Site

from tests.migrated_databases import start_test_databases_from_templates

DEMO_FIXTURE = "demo_content"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """pytest-django's hook before it creates the test database, named for this worker."""
    with django_db_blocker.unblock():
        start_test_databases_from_templates()


@pytest.fixture
def bg_locale(db):
    return Locale.objects.get(language_code="bg")


@pytest.fixture
def en_locale(db):
    return Locale.objects.get(language_code="en")


def home_page(language: str):
    home = Site.objects.get(is_default_site=True).root_page.specific
    if language == home.locale.language_code:
        return home
    return home.get_translation(Locale.objects.get(language_code=language)).specific


@pytest.fixture
def bg_home(db):
    return home_page("bg")


@pytest.fixture
def en_home(db):
    return home_page("en")


def build_demo():
    call_command("load_demo_content", no_admin=True, stdout=io.StringIO())


def shared_data(django_db_blocker, build):
    """The body of a fixture whose data several tests share (the demo, a search corpus):
    built once, inside a transaction that stays open while those tests run. Each of them
    runs in a savepoint of that transaction (the `db` fixture), so what it changes is rolled
    back and the next test sees the data as built. Their tests run last (see
    pytest_collection_modifyitems), after every test that needs an empty database or commits
    and flushes it (transactional tests)."""
    with django_db_blocker.unblock():
        _restore_migrated_data()
        kept = transaction.atomic()
        kept.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        kept.__exit__(None, None, None)


def _restore_migrated_data():
    """A transactional test ends with a flush, which also removes what the migrations
    created (locales, home pages, the site, groups); bring it back for the data to build on."""
    if not Site.objects.exists() and getattr(connection, "_test_serialized_contents", None):
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def fresh_cache():
    # Caches outlive the rolled-back savepoints: each test starts from the shared data as built.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """The demo site, built once per test process."""
    yield from shared_data(django_db_blocker, build_demo)


@pytest.fixture
def demo_content(_demo_database, db, fresh_cache):
    pass


# The fixtures of shared data, in the order their tests run: after every other test, a
# module's corpus before the demo, which stays until the session ends.
SHARED_DATA_FIXTURES = ("corpus", DEMO_FIXTURE)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, transactional ones, the rest): the
    tests on shared data last, so that once a process has opened the transaction of shared
    data no test that needs to commit or to see an empty database follows; the tests of one
    module's corpus stay together, so it is built once. pytest-xdist hands each worker its
    tests in this order."""

    def shared_data_rank(item):
        used = getattr(item, "fixturenames", ())
        return max(
            (r + 1 for r, name in enumerate(SHARED_DATA_FIXTURES) if name in used), default=0
        )

    items.sort(key=shared_data_rank)


@pytest.fixture(autouse=True)
def _fresh_search_vocabulary():
    """Each test's database starts from its own content: no process may keep the search
    vocabulary of an earlier test."""
    from search import vocabulary

    vocabulary.forget()


@pytest.fixture(autouse=True)
def _fresh_frame_memo():
    """Likewise for what each process remembers under the site's generation (routes, view
    restrictions, the frame): the generation lives in a cache that a rolled-back test leaves
    behind."""
    from portal import frame_generation

    frame_generation.forget()
