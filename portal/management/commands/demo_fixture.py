"""Regenerate the demo fixture (`make demo-fixture`): a fresh SQLite database in a temporary
folder, migrated, filled by the demo builder and its queued tasks (search index, references,
PDF editions), then dumped into portal/demo/fixture/."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from wagtail.models import Site

from portal.demo_fixture import dump
from portal.demo_fixture.files import FIXTURE_DIR

# The build runs with the embedded defaults only (development settings, the default public
# address, PDF editions on), whatever this shell's environment configures.
KEPT_ENVIRONMENT = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL")


class Command(BaseCommand):
    help = "Rebuild the demo fixture (portal/demo/fixture/) from the demo builder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--in-this-database",
            action="store_true",
            help="Internal: migrate, build and dump in the database this process is set to, "
            "which must be empty.",
        )

    def handle(self, *args, in_this_database=False, **options):
        if in_this_database:
            self._build_and_dump()
            return
        with tempfile.TemporaryDirectory(prefix="demo-fixture-") as work:
            env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
            env |= {
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": f"sqlite:///{Path(work) / 'demo.sqlite3'}",
                "PORTAL_VAR_DIR": str(Path(work) / "var"),
                "LOG_LEVEL": "WARNING",
            }
            command = [sys.executable, "manage.py", "demo_fixture", "--in-this-database"]
            if subprocess.run(command, cwd=settings.BASE_DIR, env=env).returncode:  # noqa: S603
                raise CommandError("building the demo fixture failed")

    def _build_and_dump(self):
        if connection.introspection.table_names():
            raise CommandError("--in-this-database needs an empty database")
        call_command("migrate", interactive=False, verbosity=0)
        migrated = dump.rows()
        site = Site.objects.get()
        call_command("load_demo_content", build=True, no_admin=True, stdout=self.stdout)
        # The fixture keeps no address of this machine: loading sets the site's own.
        Site.objects.filter(pk=site.pk).update(hostname=site.hostname, port=site.port)
        count = dump.write_fixture(migrated, dump.rows())
        self.stdout.write(self.style.SUCCESS(f"{count} rows written to {FIXTURE_DIR}."))
