"""Time to read a ~300-page Word handbook and create its draft chapters (what the task
worker does for "Import from Word"), in this process.

Run: python benchmarks/word_import.py [--runs 3] [--profile FILE]   (builds its own
throw-away test database; with --profile, cProfile statistics of the imports go to FILE)

Each run imports the same file into a new, empty handbook. Printed: the median over the
runs, with the spread (min–max), of the wall-clock and CPU seconds of each step, and the
load average.
"""

import argparse
import cProfile
import time

from measured import load_average, spread
from throwaway import start_django, throwaway_database

start_django()

from wagtail.models import Site  # noqa: E402

from handbook.docx_reader import read_docx  # noqa: E402
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
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", help="write cProfile statistics of the imports here")
    args = parser.parse_args()
    profile = cProfile.Profile() if args.profile else None
    with throwaway_database():
        data = big_document()
        characters = sum(len(text) for text in read_word_import_texts(data))
        print(f"{characters} characters, {characters / 1800:.0f} standard pages of 1,800")
        print(f"{len(data) / 1e6:.1f} MB; median of {args.runs} runs (min–max); {load_average()}")
        steps = {"read": read_word_import, "create": create_word_import_pages}
        wall, cpu = {label: [] for label in steps}, {label: [] for label in steps}
        for run in range(args.runs):
            book = make_book(
                Site.objects.get(is_default_site=True).root_page, slug=f"book-{run}", chapters=0
            )
            word_import = WordImport.objects.create(
                target=book, kind="chapters", file_name="big.docx", data=data
            )
            for label, work in steps.items():
                started, cpu_started = time.perf_counter(), time.process_time()
                if profile:
                    profile.runcall(work.call, word_import.pk)
                else:
                    work.call(word_import.pk)
                cpu[label].append(time.process_time() - cpu_started)
                wall[label].append(time.perf_counter() - started)
            word_import.refresh_from_db()
            assert len(word_import.created_pages) == 20, word_import.created_pages
        for label in steps:
            print(f"{label}: {spread(wall[label], 1)} s, {spread(cpu[label], 1)} s of CPU time")
        print(f"20 chapters created per run; {load_average()}")
    if profile:
        profile.dump_stats(args.profile)


def read_word_import_texts(data: bytes):
    return (item.text for item in read_docx(data).items)


if __name__ == "__main__":
    main()
