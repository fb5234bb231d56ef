"""The clause tree of a guidance document: numbers computed from position, and the
clause-by-clause comparison of two versions (clauses are matched by their stable anchor)."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Clause:
    number: str
    anchor: str
    heading: str
    text: object  # RichText
    depth: int
    children: list["Clause"] = field(default_factory=list)
    url: str = ""
    citation: str = ""

    @property
    def number_anchor(self) -> str:
        """`clause-2-1` for clause 2.1: how a citation of the PDF edition points at it."""
        return "clause-" + self.number.replace(".", "-")

    @property
    def plain_text(self) -> str:
        return strip_tags(self.text.source if self.text else "").strip()

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "anchor": self.anchor,
            "heading": self.heading,
            "text": self.text.source if self.text else "",
            "url": self.url,
            "citation": self.citation,
            "children": [child.as_dict() for child in self.children],
        }


def build_tree(stream_value) -> list[Clause]:
    """Number the clauses of a ClausesBlock stream value: 1, 1.1, 1.1.1."""

    def walk(values, prefix: str, depth: int) -> list[Clause]:
        clauses = []
        for position, value in enumerate(values, start=1):
            number = f"{prefix}{position}"
            clause = Clause(
                number=number,
                anchor=value.get("anchor") or f"clause-{number}",
                heading=value.get("heading") or "",
                text=value.get("text"),
                depth=depth,
            )
            clause.children = walk(value.get("subclauses") or [], f"{number}.", depth + 1)
            clauses.append(clause)
        return clauses

    return walk([child.value for child in stream_value], "", 1)


def flatten(clauses: list[Clause]) -> list[Clause]:
    flat = []
    for clause in clauses:
        flat.append(clause)
        flat.extend(flatten(clause.children))
    return flat


_WORDS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words removed from `old` in <del> and the words added in <ins>."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


@dataclass
class ClauseChange:
    status: str  # "added", "removed", "changed" or "unchanged"
    old: Clause | None
    new: Clause | None
    heading_diff: SafeString | None = None
    text_diff: SafeString | None = None

    @property
    def clause(self) -> Clause:
        return self.new or self.old


def compare(old_clauses: list[Clause], new_clauses: list[Clause]) -> list[ClauseChange]:
    """Every clause of both versions in the order of the new one; a removed clause comes
    after the clause that preceded it in the old version."""
    old_flat, new_flat = flatten(old_clauses), flatten(new_clauses)
    old_by_anchor = {c.anchor: c for c in old_flat}
    new_anchors = {c.anchor for c in new_flat}
    removed_after: dict[str | None, list[Clause]] = {}
    previous = None
    for clause in old_flat:
        if clause.anchor not in new_anchors:
            removed_after.setdefault(previous, []).append(clause)
        else:
            previous = clause.anchor
    changes = [ClauseChange("removed", c, None) for c in removed_after.get(None, [])]
    for clause in new_flat:
        old = old_by_anchor.get(clause.anchor)
        if old is None:
            changes.append(ClauseChange("added", None, clause))
        elif (old.heading, old.plain_text) == (clause.heading, clause.plain_text):
            changes.append(ClauseChange("unchanged", old, clause))
        else:
            changes.append(
                ClauseChange(
                    "changed",
                    old,
                    clause,
                    heading_diff=word_diff(old.heading, clause.heading),
                    text_diff=word_diff(old.plain_text, clause.plain_text),
                )
            )
        changes.extend(
            ClauseChange("removed", c, None) for c in removed_after.get(clause.anchor, [])
        )
    return changes
