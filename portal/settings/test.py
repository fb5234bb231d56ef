"""Tests: fast hashing, tasks run at once, mail kept in memory unless a test sends over SMTP."""

from .base import *
from .env import env_int, env_str

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The browser tests' server process may send real mail to a local SMTP server.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Rendering PDFs at every publication would slow every test down; the PDF tests turn it on.
PDF_EDITIONS_ON_PUBLISH = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests that exercise the page cache turn it on themselves.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "test-media")))
# As in development (make run), so that the tests see what it serves under /media/.
SERVE_MEDIA = True
# The browser tests' server process is reached at its own address.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://testserver")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING["root"]["level"] = "WARNING"
