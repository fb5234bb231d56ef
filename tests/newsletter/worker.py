"""Runs `send_bulletin` in a separate process against the test database and the test's SMTP
server, so that a test can kill it and start it again.

usage: worker.py DB_NAME SMTP_PORT ISSUE_ID [send_bulletin options...]
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

db_name, port, issue, *options = sys.argv[1:]
settings.DATABASES["default"]["NAME"] = db_name
settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(port)
settings.NEWSLETTER_BATCH_SIZE = 5
call_command("send_bulletin", int(issue), *options)
