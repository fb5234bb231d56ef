"""Build a believable bilingual site. Safe to run again: what exists is left as it is.

On a database that holds only what the migrations made, the demo is loaded from its
fixture (portal/demo/fixture/, made by `make demo-fixture` from the same builder), which
takes a fraction of the builder's time; otherwise, or with --build, the builder makes what
is missing."""

import importlib
import os
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale

from portal.demo.content import finish
from portal.demo.context import DemoContext
from portal.demo_fixture import load
from portal.demo_fixture.files import read_build
from portal.public_address import set_default_site_from_public_address

# Each app contributes `<app>.demo.build(ctx)`; the order is the order they depend on.
DEMO_MODULES = [
    "portal.demo.content",
    "handbook.demo",
    "bulletin.demo",
    "polls.demo",
    "training.demo",
    "search.demo",
]


def demo_modules():
    modules = []
    for module_name in DEMO_MODULES:
        try:
            modules.append(importlib.import_module(module_name))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return modules


class Command(BaseCommand):
    help = "Create demo content in Bulgarian and English (idempotent)."
    requires_system_checks = []  # the migrate that comes first has run them

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin user."
        )
        parser.add_argument(
            "--build",
            action="store_true",
            help="Build with the demo builder even where the fixture could be loaded.",
        )

    def handle(self, *args, no_admin=False, build=False, **options):
        started = time.process_time()
        site = set_default_site_from_public_address()  # one public address (API html_url)
        bg = Locale.objects.get(language_code="bg")
        en = Locale.objects.get(language_code="en")
        bg_home = site.root_page.specific
        ctx = DemoContext(
            bg=bg,
            en=en,
            bg_home=bg_home,
            en_home=bg_home.get_translation(en).specific,
            stdout=self.stdout,
        )
        modules = demo_modules()
        fixture = None if build or not load.holds_only_migrations() else read_build()
        if fixture is not None and (reason := load.out_of_date(fixture)):
            self.stdout.write(f"Building the demo instead of loading it: {reason}.")
            fixture = None
        with transaction.atomic():
            if fixture is not None:
                made = f"{load.load(ctx, modules, fixture)} rows loaded"
            else:
                self._build(ctx, modules)
                made = f"{len(ctx.created)} items created"
        self._run_queued_tasks()
        if not no_admin:
            self._admin_user()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready ({made}; {time.process_time() - started:.1f} s CPU)."
            )
        )

    def _build(self, ctx, modules):
        for module in modules:
            self.stdout.write(f"{module.__name__}:")
            module.build(ctx)
        finish(ctx)

    def _run_queued_tasks(self):
        """Publishing queued search-index and reference-index updates as background tasks:
        run them now, so that the demo can be searched before any worker has started."""
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            return  # the tasks ran as they were enqueued
        waiting = DBTaskResult.objects.ready().count()
        if not waiting:
            return
        started = time.monotonic()
        self.stdout.write(f"Running {waiting} queued background tasks (search index, references)…")
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
        self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")

    def _admin_user(self):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "nrm-demo-admin")
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username, f"{username}@localhost", password)
            self.stdout.write(f"Created the admin user {username!r}.")
