import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken

from portal.models import ContentPage
from tests.factories import publish

API = "/api/v3"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit windows and Last-Modified stamps live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def image(db):
    return Image.objects.create(title="Shelter", file=get_test_image_file(filename="shelter.png"))


@pytest.fixture
def pages(bg_home, en_home, en_locale, image):
    """A Bulgarian page with an English translation; its body links to a second page and
    shows an image, in a figure and embedded in the rich text."""
    target = bg_home.add_child(instance=ContentPage(title="Права на пострадалите", slug="prava"))
    body = [
        (
            "paragraph",
            f'<p>Вижте <a linktype="page" id="{target.pk}">правата</a>.</p>'
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Приют"/>',
        ),
        (
            "figure",
            {
                "image": {"image": image, "alt_text": "Приют", "decorative": False},
                "caption": "Приют",
            },
        ),
    ]
    page = bg_home.add_child(
        instance=ContentPage(title="Насочване", slug="nasochvane", intro="Кратко", body=body)
    )
    publish(page)
    publish(target)
    english = page.copy_for_translation(en_locale)
    english.title = "Referral"
    english.slug = "referral"
    publish(english)
    english_target = target.copy_for_translation(en_locale)
    english_target.slug = "rights"
    publish(english_target)
    return {"bg": page, "en": english, "target": target, "en_target": english_target}


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-1234567")


@pytest.fixture
def token(editor):
    _token, plaintext = APIToken.create_token(user=editor, name="front end import")
    return plaintext
