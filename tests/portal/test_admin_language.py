"""Bulgarian editors meet the admin in Bulgarian: what Wagtail and wagtail-localize leave
untranslated or mistranslated is translated in the project's locale/wagtail catalogue,
which takes precedence over the packages' own."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "locale" / "wagtail" / "bg" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_override_catalogue_is_compiled(domain):
    source = polib.pofile(str(CATALOGUES / f"{domain}.po"))
    compiled = polib.mofile(str(CATALOGUES / f"{domain}.mo"))

    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, sorted(e.msgstr_plural.items()))
            for e in catalogue
            if e.msgid
        }

    assert entries(compiled) == entries(source)
    assert all(e.translated() and "fuzzy" not in e.flags for e in source)


def test_every_override_is_in_force():
    with translation.override("bg"):
        for entry in polib.pofile(str(CATALOGUES / "django.po")):
            if entry.msgid_plural:
                assert (
                    translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                    == (entry.msgstr_plural[1])
                )
            elif entry.msgctxt:
                assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
            else:
                assert translation.gettext(entry.msgid) == entry.msgstr


def _labels(node):
    """Every menu label in the sidebar's JSON props."""
    if isinstance(node, dict):
        own = {node["label"]} if isinstance(node.get("label"), str) else set()
        return own.union(*(_labels(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_labels(value) for value in node))
    return set()


def _sidebar_labels(html):
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return _labels(json.loads(props))


@pytest.mark.django_db
def test_dashboard_and_menu_speak_bulgarian(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    labels = _sidebar_labels(html)
    assert {"Страници", "Фрагменти", "Отчети", "Помощ"} <= labels
    assert not {"Snippets", "Reports", "Help", "Pages"} & labels
    assert "Откъси от код" not in html
    assert "Търсене във всички страници…" in html


@pytest.mark.django_db
def test_translate_action_is_in_bulgarian(admin_client, bg_home):
    html = admin_client.get(f"/admin/pages/{bg_home.pk}/").content.decode()
    assert "Translate this page" not in html
    assert "Explore child pages of" not in html


@pytest.mark.django_db
def test_editor_scripts_get_bulgarian(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["Main menu"] == "Главно меню"
    assert catalogue["Translate"] == "Преведи"
