"""A server process starts without the heavy libraries only some requests need (issue: a
worker that never builds a PDF, a calendar or a QR code does not carry them)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED_ON_DEMAND = ["weasyprint", "docx", "icalendar", "qrcode", "elasticsearch", "simplemma"]

PROBE = f"""
import sys
import django
django.setup()
from django.urls import resolve
from portal.wsgi import application
resolve("/bg/")
print(" ".join(name for name in {LOADED_ON_DEMAND!r} if name in sys.modules))
"""


def test_a_server_process_starts_without_the_libraries_loaded_on_demand():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


RSS_PROBE = """
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

from search.normalise import key
before = rss_mb()
assert (key("жертви", "bg"), key("victims", "en")) == ("жертв", "victim"), key("жертви", "bg")
print(rss_mb() - before)
"""


def test_word_forms_in_both_languages_cost_little_memory():
    """simplemma's default dictionaries for Bulgarian and English take 45 MB in each
    process that searches or indexes; the memory-frugal ones give the same lemmas."""
    result = subprocess.run(
        [sys.executable, "-c", RSS_PROBE], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 15
