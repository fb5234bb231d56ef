"""Import from Word: a .docx becomes draft chapters of a handbook or a draft guidance
document (its numbered paragraphs the clause tree). The file is checked when it is
uploaded; the task worker reads it (with progress) into a preview with every problem and
its place, and, once the editor confirms, creates the draft pages in one transaction."""

import io
from pathlib import PurePosixPath

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_noop
from django_tasks import task
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from portal.blocks import new_anchor

from .docx_reader import DocxError, Item, Problem, Reading, image_blob, read_docx
from .imports import WordImport
from .models import ChapterPage, GuidanceDocumentPage
from .translation_import import fill_translation
from .translation_import import preview as translation_preview

OUTLINE_DIFFERS = gettext_noop(
    "The sections or clauses of the file do not line up with the page; nothing was written."
)

# Plans: what the pages will hold, built from a Reading (no database access).


def _list_html(items: list[Item]) -> str:
    """Nested <ul>/<ol> from consecutive list paragraphs and their levels."""
    out, stack = [], []
    for item in items:
        depth = item.list_level + 1
        while len(stack) > depth:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth:
            out.append("</li>")
        while len(stack) < depth:
            tag = "ol" if item.ordered else "ul"
            out.append(f"<{tag}>")
            stack.append(tag)
        out.append(f"<li>{item.html}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _grouped(items, numbered_headings=False):
    """Items in order, consecutive list paragraphs (and numbered headings, when they are
    clauses) gathered into one ("list", [items])."""
    pending: list[Item] = []
    for item in items:
        listed = item.kind == "paragraph" or (numbered_headings and item.kind == "heading")
        if listed and item.list_level is not None:
            pending.append(item)
            continue
        if pending:
            yield "list", pending
            pending = []
        yield item.kind, item
    if pending:
        yield "list", pending


def chapters_plan(reading: Reading) -> dict:
    """One chapter per top-level heading; lower headings become sections (levels 2-4) with
    new anchors; notes follow the paragraph that refers to them."""
    chapters, problems = [], []
    current = None

    def problem(item, message, detail=""):
        problems.append(Problem(item.place, "", message, detail).as_dict())

    has_chapters = any(i.kind == "heading" and i.level == 1 for i in reading.items)
    if not has_chapters:
        current = {"title": reading.title or "", "body": [], "place": 1}
        chapters.append(current)
    for kind, value in _grouped(reading.items):
        if kind == "heading" and value.level == 1:
            current = {"title": value.text, "body": [], "place": value.place}
            chapters.append(current)
            continue
        if current is None:
            problem(
                value if kind != "list" else value[0],
                gettext_noop("Text before the first chapter heading (Heading 1) was not imported."),
            )
            continue
        body = current["body"]
        if kind == "heading":
            if value.level > 4:
                problem(
                    value,
                    gettext_noop("A heading of level %(detail)s became a level 4 heading."),
                    str(value.level),
                )
            level = str(min(max(value.level, 2), 4))
            body.append(
                ("heading", {"level": level, "text": value.text, "anchor": new_anchor("s")})
            )
        elif kind == "list":
            body.append(("paragraph", _list_html(value)))
            notes = [note for item in value for note in item.notes]
            body.extend(("footnote", {"text": note}) for note in notes)
        elif kind == "paragraph":
            if value.html:
                body.append(("paragraph", f"<p>{value.html}</p>"))
            body.extend(("footnote", {"text": note}) for note in value.notes)
        elif kind == "table":
            width = len(value.header)
            rows = [{"cells": (row + [""] * width)[:width]} for row in value.rows]
            body.append(("table", {"caption": "", "header": value.header, "rows": rows}))
        elif kind == "image":
            body.append(
                ("figure", {"image": {"part": value.image_part, "alt": value.alt}, "caption": ""})
            )
    for chapter in chapters:
        if not chapter["title"]:
            problems.append(
                Problem(
                    chapter["place"],
                    "",
                    gettext_noop("A chapter has no title; give it one before publishing."),
                ).as_dict()
            )
    return {"chapters": chapters, "problems": problems}


def _clause_numbers(clauses, prefix=""):
    for position, clause in enumerate(clauses, start=1):
        yield clause, f"{prefix}{position}"
        yield from _clause_numbers(clause.get("subclauses", []), f"{prefix}{position}.")


def document_plan(reading: Reading) -> dict:
    """Word's numbered paragraphs (levels 1-3) become the clause tree; the text that
    follows a number belongs to its clause. Unnumbered text before the first clause is the
    summary. Each clause keeps Word's number so that a difference is reported."""
    clauses, path, summary, problems = [], [], [], []
    first_heading = ""

    def problem(item, message, detail=""):
        problems.append(Problem(item.place, "", message, detail).as_dict())

    def append_text(item, fragment):
        if path:
            path[-1]["text"] += fragment
        else:
            summary.append(item.text)

    for kind, value in _grouped(reading.items, numbered_headings=True):
        if kind == "list":
            clause_items = []
            for item in value:
                if item.ordered and item.list_level < 3:
                    if clause_items:
                        append_text(clause_items[0], _list_html(clause_items))
                        clause_items = []
                    depth = min(item.list_level, len(path))
                    if depth != item.list_level:
                        problem(
                            item,
                            gettext_noop(
                                "A numbered paragraph skips a level; it was put one level up."
                            ),
                        )
                    clause = {
                        "anchor": new_anchor("c"),
                        "heading": item.text if item.level else "",
                        "text": "" if item.level else f"<p>{item.html}</p>",
                        "word_number": item.number.rstrip(".").strip(),
                        "place": item.place,
                    }
                    if depth < 2:
                        clause["subclauses"] = []
                    (path[depth - 1]["subclauses"] if depth else clauses).append(clause)
                    path[depth:] = [clause]
                    for note in item.notes:
                        clause["text"] += note
                else:
                    if item.ordered:
                        problem(
                            item,
                            gettext_noop(
                                "A numbered paragraph deeper than three levels was kept as a list in the clause above."
                            ),
                        )
                    clause_items.append(item)
            if clause_items:
                append_text(clause_items[0], _list_html(clause_items))
        elif kind in ("paragraph", "heading"):
            if kind == "heading" and not path and not first_heading:
                first_heading = value.text
                continue
            fragment = (
                f"<p><b>{value.html}</b></p>" if kind == "heading" else f"<p>{value.html}</p>"
            )
            append_text(value, fragment + "".join(value.notes))
        else:
            problem(
                value, gettext_noop("Clauses hold text only: a %(detail)s was not imported."), kind
            )
    for clause, number in _clause_numbers(clauses):
        word_number = clause.pop("word_number")
        place = clause.pop("place")
        if word_number and word_number != number:
            problems.append(
                Problem(
                    place,
                    "",
                    gettext_noop("Word numbers this clause %(detail)s."),
                    f"{word_number} ≠ {number}",
                ).as_dict()
            )
    return {
        "title": reading.title or first_heading,
        "version": reading.version,
        "in_force_from": reading.in_force_from,
        "summary": " ".join(summary).strip(),
        "clauses": clauses,
        "problems": problems,
    }


def make_plan(kind: str, reading: Reading) -> dict:
    return chapters_plan(reading) if kind == WordImport.Kind.CHAPTERS else document_plan(reading)


def _plan_kind(word_import: WordImport) -> str:
    """A translation is read as what it translates: a chapter or a document."""
    if word_import.kind != WordImport.Kind.TRANSLATION:
        return word_import.kind
    if isinstance(word_import.target.specific, ChapterPage):
        return WordImport.Kind.CHAPTERS
    return WordImport.Kind.DOCUMENT


def summarise(kind: str, plan: dict) -> dict:
    """What the preview shows: titles and counts, not whole bodies."""
    if kind == WordImport.Kind.CHAPTERS:
        return {
            "chapters": [
                {
                    "title": chapter["title"],
                    "sections": [v["text"] for t, v in chapter["body"] if t == "heading"],
                    "blocks": len(chapter["body"]),
                    "notes": sum(t == "footnote" for t, _v in chapter["body"]),
                    "tables": sum(t == "table" for t, _v in chapter["body"]),
                    "figures": sum(t == "figure" for t, _v in chapter["body"]),
                }
                for chapter in plan["chapters"]
            ]
        }

    def outline(clauses, prefix=""):
        return [
            {
                "number": f"{prefix}{n}",
                "heading": clause["heading"],
                "children": outline(clause.get("subclauses", []), f"{prefix}{n}."),
            }
            for n, clause in enumerate(clauses, start=1)
        ]

    return {
        "title": plan["title"],
        "version": plan["version"],
        "in_force_from": plan["in_force_from"],
        "summary": plan["summary"],
        "clauses": outline(plan["clauses"]),
    }


# The work in the task worker.


def _read(word_import: WordImport, progress=None) -> tuple[Reading, dict]:
    reading = read_docx(bytes(word_import.data), progress)
    return reading, make_plan(_plan_kind(word_import), reading)


@task()
def read_word_import(import_id: int):
    word_import = WordImport.objects.get(pk=import_id)
    try:
        reading, plan = _read(word_import, word_import.set_progress)
    except DocxError as error:
        word_import.status, word_import.error = (
            WordImport.Status.FAILED,
            {"message": error.message, "params": error.params},
        )
        word_import.save()
        return "failed"
    if word_import.kind == WordImport.Kind.TRANSLATION:
        word_import.preview = translation_preview(word_import.target.specific, plan)
    else:
        word_import.preview = summarise(word_import.kind, plan)
    word_import.problems = [p.as_dict() for p in reading.problems] + plan["problems"]
    word_import.status, word_import.progress = WordImport.Status.READY, 100
    word_import.save()
    return f"{len(word_import.problems)} problems"


def _unique_slug(parent, title: str, fallback: str) -> str:
    base = slugify(title, allow_unicode=True)[:70].strip("-") or fallback
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _images(body, data: bytes, title: str) -> list:
    """Figures point at the package's images: store each as a Wagtail image."""
    Image = get_image_model()
    result = []
    for block_type, value in body:
        if block_type == "figure":
            ref = value["image"]
            blob = image_blob(data, ref["part"])
            with PILImage.open(io.BytesIO(blob)) as picture:
                picture.verify()
            image = Image(
                title=ref["alt"] or title,
                file=ImageFile(io.BytesIO(blob), name=PurePosixPath(ref["part"]).name),
            )
            image.save()
            value = {
                "image": {"image": image, "alt_text": ref["alt"], "decorative": False},
                "caption": "",
            }
        result.append((block_type, value))
    return result


def _draft(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page.pk


def _index_references_once(pages: list[int]) -> None:
    """What the pages link to (documents, images, other pages) is indexed once each, as
    Wagtail does after a save, instead of at each of their two saves."""
    for page in Page.objects.filter(pk__in=pages).specific(defer=True):
        update_reference_index_task.enqueue(
            page._meta.app_label, page._meta.model_name, str(page.pk)
        )


@task()
def create_word_import_pages(import_id: int):
    word_import = WordImport.objects.get(pk=import_id)
    parent = word_import.target.specific
    _reading, plan = _read(word_import)
    created = []
    if word_import.kind == WordImport.Kind.TRANSLATION:
        return _fill_translation(word_import, parent, plan)
    with transaction.atomic(), disable_reference_index_auto_update():
        if word_import.kind == WordImport.Kind.CHAPTERS:
            for position, chapter in enumerate(plan["chapters"], start=1):
                title = chapter["title"] or word_import.file_name
                body = _images(chapter["body"], bytes(word_import.data), title)
                page = ChapterPage(
                    title=title,
                    slug=_unique_slug(parent, title, "chapter"),
                    body=body,
                    locale=parent.locale,
                )
                created.append(_draft(parent, page))
                word_import.set_progress(position, len(plan["chapters"]))
        else:
            fields = word_import.fields
            page = GuidanceDocumentPage(
                title=fields["title"],
                slug=_unique_slug(
                    parent, f"{fields['title']} {fields['version_label']}", "document"
                ),
                code=fields["code"],
                document_type=fields["document_type"],
                version_label=fields["version_label"],
                in_force_from=fields["in_force_from"] or None,
                status="draft",
                summary=plan["summary"],
                clauses=[("clause", clause) for clause in plan["clauses"]],
                locale=parent.locale,
            )
            created.append(_draft(parent, page))
        word_import.created_pages = created
        word_import.status, word_import.progress = WordImport.Status.DONE, 100
        word_import.save()
        _index_references_once(created)
    return f"{len(created)} pages"


def _fill_translation(word_import: WordImport, page, plan: dict) -> str:
    locale = Locale.objects.get(language_code=word_import.fields["locale"])
    translated = fill_translation(page, plan, locale, word_import.user)
    if translated is None:  # the page changed since the preview and no longer lines up
        word_import.status = WordImport.Status.FAILED
        word_import.error = {"message": OUTLINE_DIFFERS, "params": {}}
        word_import.save()
        return "outline differs"
    word_import.created_pages = [translated.pk]
    word_import.status, word_import.progress = WordImport.Status.DONE, 100
    word_import.save()
    return "translation filled"
