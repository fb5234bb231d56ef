"""Line up a Word file read by the importer with the page it translates, part by part:
a chapter's sections (the text under each heading) or a document's clause tree.

The result is an unsaved copy of the page in which every part that lines up carries the
file's text while keeping the page's block ids and anchors, plus a row per part saying
whether it lines up and, if not, why. When the outline differs (another number of
sections or clauses, or a heading at another level), no part is paired at all: pairing
by position would put text under the wrong anchor, and a citation of clause 2.1 would
show another clause."""

from collections import Counter
from dataclasses import dataclass, field

import lxml.html
from django.utils.text import slugify
from django.utils.translation import gettext_noop

MISSING = "\ue000"  # stands for a text the file does not give; such strings are not filled


@dataclass
class Part:
    label: str  # "§2" for a chapter's second section, "2.1" for a clause
    source: str  # the page's heading or first words
    translation: str  # the file's
    # "filled"; "different" (left untranslated); "missing" (not in the file); "extra" (only
    # in the file); "unfilled" (lines up, but the outline differs elsewhere)
    status: str = "filled"
    message: str = ""  # a gettext message id for "different"
    counts: dict = field(default_factory=dict)  # {"source": {...}, "translation": {...}}
    block_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "block_ids"}


@dataclass
class Alignment:
    fits: bool  # the outline matches, so the parts that line up can be filled
    parts: list[Part]
    translated: object  # the page with the file's text, unsaved
    fields: tuple[str, ...] = ("title", "slug")  # the page fields the file gives

    def part_of_path(self, path: str) -> Part | None:
        """The part a wagtail-localize segment path belongs to ("body.<block id>…",
        "clauses.<id>.subclauses.<id>.text"), or None for a page field."""
        if not hasattr(self, "_by_id"):
            self._by_id = {block_id: part for part in self.parts for block_id in part.block_ids}
        pieces = path.split(".")
        for end in range(len(pieces), 1, -1):
            found = self._by_id.get(".".join(pieces[1:end]))
            if found is not None:
                return found
        return None


def _elements(html: str) -> list[str]:
    """The top-level elements of a rich text (paragraphs, lists) as HTML strings."""
    if not html.strip():
        return []
    return [
        lxml.html.tostring(element, encoding=str)
        for element in lxml.html.fragments_fromstring(html)
        if not isinstance(element, str)
    ]


def _tag(element_html: str) -> str:
    return element_html[1 : element_html.find(">")].split()[0].lower()


def _text(html: str) -> str:
    return " ".join(lxml.html.fromstring(f"<div>{html}</div>").text_content().split())


def _shape(blocks: list[dict]) -> list[str]:
    """What a part is made of, in order: "p"/"ul"/"ol" for each paragraph or list,
    "table:rows×columns", "footnote", "figure", "heading:level"…"""
    tokens = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            tokens += [_tag(element) for element in _elements(value)]
        elif kind == "table":
            columns = len(value["header"])
            tokens.append(f"table:{len(value['rows'])}×{columns}")
        elif kind == "heading":
            tokens.append(f"heading:{value['level']}")
        else:
            tokens.append(kind)
    return tokens


COUNTED = {"p": "paragraph", "ul": "list", "ol": "list", "footnote": "note", "figure": "figure"}


def _counts(tokens: list[str]) -> dict:
    return dict(
        Counter(
            COUNTED.get(token, token.split(":")[0])
            for token in tokens
            if not token.startswith("heading")
        )
    )


def _items(raw_list: list, values: list) -> list:
    """A ListBlock's stored items with new values, keeping their ids."""
    return [{**item, "value": value} for item, value in zip(raw_list, values, strict=True)]


def _or_missing(text: str) -> str:
    return text if text and text.strip() else MISSING


def _translated_block(source: dict, english: dict, paragraphs: list[str]) -> dict:
    """The stored block `source` with the text of `english` (same kind); paragraph blocks
    take their elements from `paragraphs`, the file's paragraphs and lists in order."""
    kind, value = source["type"], source["value"]
    if kind == "paragraph":
        count = len(_elements(value))
        taken, paragraphs[:count] = paragraphs[:count], []
        return {**source, "value": "".join(taken)}
    english_value = english["value"]
    if kind in ("heading", "footnote"):
        value = {**value, "text": english_value["text"]}
    elif kind == "table":
        value = {
            **value,
            "caption": _or_missing(english_value["caption"]),
            "header": _items(value["header"], english_value["header"]),
            "rows": [
                {**row, "value": {**row["value"], "cells": _items(row["value"]["cells"], cells)}}
                for row, cells in zip(
                    value["rows"], [r["cells"] for r in english_value["rows"]], strict=True
                )
            ],
        }
    elif kind == "figure":
        image = value["image"]
        if isinstance(image, dict):
            image = {**image, "alt_text": _or_missing(english_value["image"]["alt"])}
        value = {**value, "image": image, "caption": _or_missing(english_value["caption"])}
    return {**source, "value": value}


def _split_sections(blocks: list[dict]) -> list[list[dict]]:
    """The text before the first heading, then one list per heading and what follows it."""
    sections: list[list[dict]] = [[]]
    for block in blocks:
        if block["type"] == "heading":
            sections.append([])
        sections[-1].append(block)
    return sections


def _section_label(index: int, blocks: list[dict]) -> tuple[str, str]:
    if index == 0 or not blocks:
        return f"§{index}", ""
    return f"§{index}", blocks[0]["value"]["text"]


def align_chapter(page, chapter: dict) -> Alignment:
    """`chapter` is one chapter of the importer's plan (its title and body blocks)."""
    source_blocks = list(page.body.get_prep_value())
    english_blocks = [{"type": kind, "value": value} for kind, value in chapter["body"]]
    source_sections = _split_sections(source_blocks)
    english_sections = _split_sections(english_blocks)
    outline = [_shape(s[:1]) for s in source_sections[1:]]
    fits = outline == [_shape(s[:1]) for s in english_sections[1:]]
    parts, translated_blocks = [], []
    for index in range(max(len(source_sections), len(english_sections))):
        mine = source_sections[index] if index < len(source_sections) else None
        theirs = english_sections[index] if index < len(english_sections) else None
        if index == 0 and not mine and not theirs:
            continue  # no text before the first heading on either side
        label, source_heading = _section_label(index, mine or [])
        part = Part(label, source_heading, _section_label(index, theirs or [])[1])
        parts.append(part)
        if mine is None:
            part.status, part.label = "extra", f"§{index}"
            continue
        part.block_ids = [block["id"] for block in mine]
        translated_blocks += mine
        if theirs is None:
            part.status = "missing"
            continue
        shapes = _shape(mine), _shape(theirs)
        if shapes[0][:1] != shapes[1][:1]:
            part.status = "different"
            part.message = gettext_noop("The heading is at another level.")
            continue
        if not fits:
            part.status = "unfilled"
            continue
        if shapes[0] != shapes[1]:
            part.status = "different"
            part.message = gettext_noop("The section is made of other parts.")
            part.counts = {"source": _counts(shapes[0]), "translation": _counts(shapes[1])}
            continue
        paragraphs = [
            element
            for block in theirs
            if block["type"] == "paragraph"
            for element in _elements(block["value"])
        ]
        others = iter(block for block in theirs if block["type"] != "paragraph")
        translated_blocks[-len(mine) :] = [
            _translated_block(
                block, None if block["type"] == "paragraph" else next(others), paragraphs
            )
            for block in mine
        ]
    translated = _copy(page)
    translated.title = _or_missing(chapter["title"])
    translated.slug = slugify(chapter["title"]) or MISSING
    translated.body = type(page).body.field.to_python(translated_blocks)
    return Alignment(fits, parts, translated)


def _clause_shape(value: dict) -> list[str]:
    heading = ["heading"] if (value.get("heading") or "").strip() else []
    return heading + [_tag(element) for element in _elements(value.get("text") or "")]


def _align_clauses(source: list, english: list, prefix: str, id_prefix: str, parts: list) -> list:
    """The stored clauses with the file's text, and a part for every clause."""
    result = []
    for index in range(max(len(source), len(english))):
        label = f"{prefix}{index + 1}"
        mine = source[index] if index < len(source) else None
        theirs = english[index] if index < len(english) else None
        heading = lambda value: value.get("heading") or _text(value.get("text") or "")[:80]  # noqa: E731
        part = Part(
            label,
            heading(mine["value"]) if mine else "",
            heading(theirs) if theirs else "",
        )
        parts.append(part)
        if mine is None:
            part.status = "extra"
            continue
        if theirs is None:
            part.status = "missing"
            result.append(mine)
            continue
        value = mine["value"]
        path = f"{id_prefix}{mine['id']}"
        part.block_ids = [path]
        children = _align_clauses(
            value.get("subclauses", []),
            theirs.get("subclauses", []),
            f"{label}.",
            f"{path}.subclauses.",
            parts,
        )
        if _clause_shape(value) != _clause_shape(theirs):
            part.status = "different"
            part.message = gettext_noop("The clause has a heading or paragraphs the other has not.")
            translated = value
        else:
            translated = {
                **value,
                "heading": _or_missing(theirs.get("heading", "")) if value.get("heading") else "",
                "text": theirs.get("text", ""),
            }
        if "subclauses" in value:
            translated = {**translated, "subclauses": children}
        result.append({**mine, "value": translated})
    return result


def align_document(page, plan: dict) -> Alignment:
    """`plan` is the importer's plan of a guidance document (title, summary, clauses)."""
    parts: list[Part] = []
    source = list(page.clauses.get_prep_value())
    clauses = _align_clauses(source, plan["clauses"], "", "", parts)
    fits = all(part.status not in ("missing", "extra") for part in parts)
    if not fits:
        for part in parts:
            if part.status == "filled":
                part.status = "unfilled"
    translated = _copy(page)
    translated.title = _or_missing(plan["title"])
    translated.slug = slugify(f"{plan['title']} v{page.version_label.replace('.', '-')}")
    translated.summary = _or_missing(plan["summary"])
    translated.clauses = type(page).clauses.field.to_python(clauses)
    return Alignment(fits, parts, translated, ("title", "slug", "summary"))


def _copy(page):
    return type(page).objects.get(pk=page.pk)
