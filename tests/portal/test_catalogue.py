"""Every interface string in the code and templates is in the Bulgarian catalogue,
translated, and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "bg" / "LC_MESSAGES" / "django.po"
# Every app of the project (a folder with apps.py), so that a new app cannot be left out.
APPS = sorted(path.name for path in ROOT.iterdir() if (path / "apps.py").is_file())
SOURCES = [*APPS, "templates", "manage.py"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Run makemessages on a copy of the sources, so the repository is never touched."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed: `apt-get install gettext`")
    copy = tmp_path_factory.mktemp("tree")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "bg", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "PYTHONPATH": str(copy),
        },
    )
    return polib.pofile(str(copy / "locale" / "bg" / "LC_MESSAGES" / "django.po"))


def test_every_interface_string_is_translated_into_bulgarian(extracted):
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE))}
    missing = [
        entry.msgid
        for entry in extracted
        if entry.msgid not in catalogue
        or not (catalogue[entry.msgid].msgstr or catalogue[entry.msgid].msgstr_plural)
        or "fuzzy" in catalogue[entry.msgid].flags
    ]
    assert not missing, f"{len(missing)} strings missing from {CATALOGUE}: {missing[:20]}"


def _entries(catalogue):
    return {
        entry.msgid: (entry.msgstr, sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
        for entry in catalogue
        if entry.msgid
        and (entry.msgstr or entry.msgstr_plural)
        and not entry.obsolete
        and "fuzzy" not in entry.flags
    }


def test_compiled_catalogue_matches_the_source():
    """`make compilemessages` was run after the last edit of the catalogue."""
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    assert _entries(compiled) == _entries(polib.pofile(str(CATALOGUE)))
