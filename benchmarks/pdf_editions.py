"""Time to render the PDF edition of a ~400-page handbook and of a 500-clause document:
what the task `render_pdf_edition` does (render, store the file), called in this process.

Run: python benchmarks/pdf_editions.py   (builds its own throw-away test database)

Each is rendered RUNS times; printed: pages and size, and the median with the spread
(min–max) of the wall-clock and of the CPU seconds, and the load average.
"""

import time

from measured import load_average, spread
from throwaway import start_django, throwaway_database

start_django()

from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from handbook.editions import PdfEdition, render_pdf_edition  # noqa: E402
from handbook.models import ChapterPage, HandbookPage  # noqa: E402
from tests.handbook.factories import clause_stream, make_document, make_library, publish  # noqa: E402

RUNS = 3
PARAGRAPH = (
    "Националният механизъм за насочване и подкрепа на жертви на трафик на хора урежда "
    "взаимодействието между институциите и неправителствените организации. "
) * 6


def long_chapter_body(number: int, sections: int):
    body = []
    for n in range(1, sections + 1):
        body.append(
            ("heading", {"level": "2", "text": f"Раздел {number}.{n}", "anchor": f"c{number}s{n}"})
        )
        body += [("paragraph", f"<p>{PARAGRAPH}</p>")] * 3
        body.append(("footnote", {"text": f"<p>Бележка {n}.</p>"}))
    return body


def timed_render(page) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is what the rendering
    itself costs."""
    requested_at = timezone.now().isoformat()  # as a publication asks: an older edition won't do
    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = render_pdf_edition.call(page.pk, requested_at)
    assert outcome.endswith(" pages"), outcome
    edition = PdfEdition.objects.get(page=page)
    return (
        time.perf_counter() - started,
        time.process_time() - cpu_started,
        edition.page_count,
        edition.size,
    )


def main():
    with throwaway_database():
        home = Site.objects.get(is_default_site=True).root_page
        book = publish(
            HandbookPage(
                title="Наръчник", slug="big", original_publisher="ОССЕ/ОДИПЧ", original_year=2022
            ),
            home,
        )
        for number in range(1, 21):
            publish(
                ChapterPage(
                    title=f"Глава {number}",
                    slug=f"ch{number}",
                    number=number,
                    body=long_chapter_body(number, 20),
                ),
                book,
            )
        document = make_document(make_library(home), clauses=clause_stream(500))
        print(f"median of {RUNS} renderings (min–max); {load_average()}")
        for label, page in (
            ("handbook, 20 chapters x 20 sections", book),
            ("document, 500 clauses", document),
        ):
            seconds, cpu, pages, size = zip(*(timed_render(page) for _ in range(RUNS)), strict=True)
            print(
                f"{label} ({page.url}pdf/): {pages[-1]} pages, {size[-1] / 1e6:.1f} MB, "
                f"rendered in {spread(seconds, 1)} s, {spread(cpu, 1)} s of CPU time"
            )
        print(load_average())


if __name__ == "__main__":
    main()
