"""Time to read a ~300-page Word handbook and create its draft chapters (what the task
worker does for "Import from Word").

Run: python benchmarks/word_import.py   (builds its own throw-away test database)
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from wagtail.models import Site  # noqa: E402

from handbook.docx_samples import DocxBuilder  # noqa: E402
from handbook.imports import WordImport  # noqa: E402
from handbook.word_import import create_word_import_pages, read_word_import  # noqa: E402
from tests.handbook.factories import make_book  # noqa: E402

PARAGRAPH = (
    "Националният механизъм за насочване урежда взаимодействието между институциите "
    "и неправителствените организации при идентификацията и подкрепата на пострадалите. "
) * 4


def big_document() -> bytes:
    """20 chapters of 15 sections: about 300 pages in Word."""
    builder = DocxBuilder(title="Наръчник")
    bullets = builder.new_list(bullet=True)
    for chapter in range(1, 21):
        builder.heading(f"Глава {chapter}", 1)
        for section in range(1, 16):
            builder.heading(f"Раздел {chapter}.{section}", 2)
            for _ in range(3):
                paragraph = builder.paragraph(PARAGRAPH, ("важно", "b"))
            builder.footnote(paragraph, f"Бележка {chapter}.{section}.")
            for item in range(3):
                builder.numbered(bullets, 0, f"Точка {item}")
    return builder.save()


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        data = big_document()
        book = make_book(Site.objects.get(is_default_site=True).root_page, chapters=0)
        word_import = WordImport.objects.create(
            target=book, kind="chapters", file_name="big.docx", data=data
        )
        for label, work in (("read", read_word_import), ("create", create_word_import_pages)):
            started, cpu = time.perf_counter(), time.process_time()
            work.call(word_import.pk)
            print(
                f"{label}: {time.perf_counter() - started:.1f} s "
                f"({time.process_time() - cpu:.1f} s of CPU time)"
            )
        word_import.refresh_from_db()
        print(f"{len(data) / 1e6:.1f} MB, {len(word_import.created_pages)} chapters created")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
