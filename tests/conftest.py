import pytest
from django.core.management import call_command
from wagtail.models import Locale, Site


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


@pytest.fixture
def demo_content(db, django_db_blocker):
    call_command("load_demo_content", no_admin=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _fresh_search_vocabulary():
    """Each test's database starts empty: no process may keep an earlier test's vocabulary."""
    from search import vocabulary

    vocabulary.forget()
