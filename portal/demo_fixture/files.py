"""Where the demo fixture lives (beside the builder it is made from) and what it records
about its build."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.dateparse import parse_datetime

FIXTURE_DIR = settings.BASE_DIR / "portal" / "demo" / "fixture"
ROWS = FIXTURE_DIR / "demo.json"
BUILD = FIXTURE_DIR / "build.json"
MEDIA = FIXTURE_DIR / "media"  # the files the demo stores under MEDIA_ROOT


@dataclass(frozen=True)
class Build:
    built_at: datetime
    public_base_url: str  # the address the PDF editions link to
    sources_digest: str  # portal.demo_fixture.sources.digest() at the build


def read_build() -> Build | None:
    if not (BUILD.exists() and ROWS.exists()):
        return None
    recorded = json.loads(BUILD.read_text(encoding="utf-8"))
    return Build(
        built_at=parse_datetime(recorded["built_at"]),
        public_base_url=recorded["public_base_url"],
        sources_digest=recorded["sources_digest"],
    )
