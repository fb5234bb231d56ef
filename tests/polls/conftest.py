import pytest

from tests.factories import make_poll, translate_poll


@pytest.fixture
def poll(bg_locale):
    return make_poll(bg_locale)


@pytest.fixture
def english_poll(poll, en_locale):
    return translate_poll(
        poll, en_locale, "Does legalisation increase trafficking?", ["Yes", "No", "Not sure"]
    )
