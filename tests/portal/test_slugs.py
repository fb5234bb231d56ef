"""Page addresses are readable Latin: Bulgarian titles by the official transliteration,
English translations from their English titles."""

import json
import re
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.demo.translation import translate
from portal.models import ContentPage
from portal.slugs import LatinSlugMixin, latin_slug, transliterate


@pytest.mark.parametrize(
    "bulgarian, latin",
    [
        # Examples that the Transliteration Act's table gives for its letters.
        ("Жеравна", "zheravna"),
        ("Цацо", "tsatso"),
        ("Чавдар", "chavdar"),
        ("Шишманов", "shishmanov"),
        ("Щастлив", "shtastliv"),
        ("Търговище", "targovishte"),
        ("Юрий", "yuriy"),
        ("Ямбол", "yambol"),
        ("Горна Оряховица", "gorna oryahovitsa"),
        ("Хасково", "haskovo"),
        ("Дюлгерьов", "dyulgeryov"),
        # "ия" at the end of a word is "ia", inside a word "iya".
        ("София", "sofia"),
        ("Мария и Илия", "maria i ilia"),
        ("Ивайло Ияков", "ivaylo iyakov"),
        # The country keeps its established name.
        ("Република България", "republika bulgaria"),
    ],
)
def test_transliteration_follows_the_act(bulgarian, latin):
    assert transliterate(bulgarian).lower() == latin


def test_slug_of_a_bulgarian_title():
    assert latin_slug("Съобщение за медиите: щитове и ъгли, 2026") == (
        "saobshtenie-za-mediite-shtitove-i-agli-2026"
    )


def test_every_page_type_of_the_portal_gets_latin_slugs():
    ours = {config.label for config in apps.get_app_configs() if "site-packages" not in config.path}
    page_types = [model for model in get_page_models() if model._meta.app_label in ours]
    assert page_types
    assert [m.__name__ for m in page_types if not issubclass(m, LatinSlugMixin)] == []


def _content_page_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "body": streamfield([("paragraph", rich_text("<p>Текст</p>"))]),
            "action-publish": "publish",
        }
    )


@pytest.mark.django_db
def test_a_page_created_without_a_slug_gets_a_transliterated_one(bg_home):
    page = ContentPage(title="Често задавани въпроси", intro="")
    bg_home.add_child(instance=page)
    assert page.slug == "chesto-zadavani-vaprosi"
    assert page.url == "/bg/chesto-zadavani-vaprosi/"


@pytest.mark.django_db
def test_a_cyrillic_slug_is_transliterated_and_kept_unique(admin_client, bg_home):
    url = reverse("wagtailadmin_pages:add", args=["portal", "contentpage", bg_home.pk])
    for title in ("Контакти", "Контакти (стари)"):
        response = admin_client.post(url, _content_page_form(title, "контакти"))
        assert response.status_code == 302
    slugs = set(
        ContentPage.objects.filter(title__startswith="Контакти").values_list("slug", flat=True)
    )
    assert slugs == {"kontakti", "kontakti-1"}


@pytest.mark.django_db
def test_admin_slug_field_transliterates_as_the_title_is_typed(admin_client, bg_home):
    url = reverse("wagtailadmin_pages:add", args=["portal", "contentpage", bg_home.pk])
    html = admin_client.get(url).content.decode()
    found = re.search(
        r'id="id_slug"[^>]*data-w-slug-formatters-value="([^"]+)"', html
    ) or re.search(r'data-w-slug-formatters-value="([^"]+)"[^>]*id="id_slug"', html)
    formatters = json.loads(unescape(found.group(1)))
    replacements = [replacement for _pattern, replacement in formatters]
    # The word-final rule comes before the letters; the letters with Latin digraphs are there.
    assert replacements.index("ia") < replacements.index("i")
    assert {"zh", "ts", "ch", "sh", "sht", "a", "yu", "ya"} <= set(replacements)


@pytest.mark.django_db
def test_english_translation_takes_its_slug_from_its_english_title(bg_home, en_locale):
    page = ContentPage(title="Горещи линии", slug="goreshti-linii", intro="")
    bg_home.add_child(instance=page)
    page.save_revision().publish()
    # The translator translated the title but left the slug as the source's.
    shadow = ContentPage(title="Helplines", slug="goreshti-linii", intro="")
    english = translate(page, shadow, en_locale)
    assert english.slug == "helplines"
    assert english.url == "/en/helplines/"
    # A slug the translator chose is kept.
    shadow = ContentPage(title="Helplines", slug="hotlines", intro="")
    assert translate(page, shadow, en_locale).slug == "hotlines"
    assert Page.objects.get(pk=page.pk).slug == "goreshti-linii"
