"""Build handbooks and guidance documents of any size (tests and benchmarks)."""

import datetime

from handbook.models import ChapterPage, GuidanceDocumentPage, HandbookPage, StandardsIndexPage
from tests.factories import publish


def chapter_body(sections: int, prefix: str = "s"):
    body = []
    for n in range(1, sections + 1):
        body.append(
            (
                "heading",
                {"level": "2" if n % 3 else "3", "text": f"Section {n}", "anchor": f"{prefix}{n}"},
            )
        )
        body.append(("paragraph", f"<p>Text of section {n} about referral and support.</p>"))
        if n % 10 == 0:
            body.append(("footnote", {"text": f"<p>Reference {n}.</p>"}))
        if n % 25 == 0:
            body.append(
                ("callout", {"kind": "checklist", "title": "Check", "body": "<p>Item.</p>"})
            )
    return body


def make_book(parent, slug="book", chapters=3, sections=3):
    book = publish(
        HandbookPage(
            title=f"Book {slug}",
            slug=slug,
            original_publisher="OSCE/ODIHR",
            original_year=2022,
            summary="A handbook.",
        ),
        parent,
    )
    for number in range(1, chapters + 1):
        publish(
            ChapterPage(
                title=f"Chapter {number}",
                slug=f"chapter-{number}",
                number=number,
                body=chapter_body(sections, prefix=f"c{number}-s"),
            ),
            book,
        )
    return book


def clause_stream(count: int, text="Clause text {n}."):
    """`count` clauses: top-level clauses with two sub-clauses, each with one
    sub-sub-clause (six clauses per top-level clause)."""
    stream, made = [], 0
    while made < count:
        top = made + 1
        subs = []
        made += 1
        for s in range(2):
            if made >= count:
                break
            made += 1
            leaves = []
            if made < count:
                made += 1
                leaves.append(
                    {
                        "anchor": f"c{top}-{s}-0",
                        "heading": "",
                        "text": f"<p>{text.format(n=made)}</p>",
                    }
                )
            subs.append(
                {
                    "anchor": f"c{top}-{s}",
                    "heading": "",
                    "text": f"<p>{text.format(n=made)}</p>",
                    "subclauses": leaves,
                }
            )
        stream.append(
            (
                "clause",
                {
                    "anchor": f"c{top}",
                    "heading": f"Heading {top}",
                    "text": f"<p>{text.format(n=top)}</p>",
                    "subclauses": subs,
                },
            )
        )
    return stream


def make_library(parent, slug="library"):
    return publish(StandardsIndexPage(title="Library", slug=slug), parent)


def make_document(library, slug="doc", clauses=None, **fields):
    defaults = {
        "title": "Standard for work with survivors",
        "code": "S-01",
        "document_type": "standard",
        "version_label": "1.0",
        "status": "in_force",
        "in_force_from": datetime.date(2021, 3, 1),
        "audiences": ["social-services"],
        "clauses": clauses if clauses is not None else clause_stream(6),
    }
    return publish(GuidanceDocumentPage(slug=slug, **{**defaults, **fields}), library)
