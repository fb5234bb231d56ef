import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Locale, Site

DEMO_FIXTURE = "demo_content"


@pytest.fixture
def bg_locale(db):
    return Locale.objects.get(language_code="bg")


@pytest.fixture
def en_locale(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def bg_home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def en_home(bg_home, en_locale):
    return bg_home.get_translation(en_locale).specific


def build_demo():
    call_command("load_demo_content", no_admin=True, stdout=io.StringIO())


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """The demo site, built once per test process inside a transaction that stays open until
    the session ends. Each test that uses it runs in a savepoint of that transaction (the `db`
    fixture), so what it changes is rolled back and the next test sees the demo as built.
    The tests that use it run last (see pytest_collection_modifyitems), after every test that
    needs an empty database or commits and flushes it (transactional tests)."""
    with django_db_blocker.unblock():
        _restore_migrated_data()
        demo = transaction.atomic()
        demo.__enter__()
        try:
            build_demo()
        except BaseException:
            transaction.set_rollback(True)
            demo.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        demo.__exit__(None, None, None)


def _restore_migrated_data():
    """A transactional test ends with a flush, which also removes what the migrations
    created (locales, home pages, the site, groups); bring it back for the demo to build on."""
    if not Site.objects.exists() and getattr(connection, "_test_serialized_contents", None):
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def demo_content(_demo_database, db):
    # Caches outlive the rolled-back savepoints: each test starts from the demo as built.
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, transactional ones, the rest): the
    tests on the shared demo site last, so that once a process has opened the demo's
    transaction no test that needs to commit or to see an empty database follows. pytest-xdist
    hands each worker its tests in this order."""
    items.sort(key=lambda item: DEMO_FIXTURE in getattr(item, "fixturenames", ()))


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
