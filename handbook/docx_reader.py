"""Read a Word (.docx) file into a neutral list of items (headings, paragraphs with their
numbering, tables, images, notes) for the importers, with a report of everything that was
not understood and where it was.

python-docx opens the package, the styles, the relationships and the document properties;
the body is walked element by element here, because the importers need what python-docx
does not model (numbering levels and formats, footnote and endnote references at their
place, image alternative text, table header rows) and because an element nobody handles
must be reported, never dropped. The file is checked before python-docx sees it: not a zip,
an encrypted (OLE) file, a zip bomb, a damaged archive and external relationships (linked
images or templates, which Word would fetch) are refused, and nothing is fetched.

python-docx is imported when a file is first read, not by every process that serves pages."""

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK = f"{R}/hyperlink"
FOOTNOTES = f"{R}/footnotes"
ENDNOTES = f"{R}/endnotes"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
MAX_ENTRIES = 5000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 100  # a 300-page document compresses about 5 to 1; a bomb a thousand to 1
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DocxError(Exception):
    """A file that cannot be imported at all: a gettext message id for the editor and its
    parameters."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Problem:
    place: int  # the number of the paragraph or table in the document, from 1
    heading: str  # the heading it comes under, to find it in Word
    message: str  # a gettext message id, translated when shown
    detail: str = ""

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Item:
    kind: str  # "heading", "paragraph", "table", "image"
    place: int
    text: str = ""  # plain text (headings, table captions)
    html: str = ""  # inline HTML (paragraphs): escaped text with <b>, <i>, <a href>
    level: int = 0  # heading level 1-9
    list_level: int | None = None  # numbering level (0-8) of a numbered or bulleted paragraph
    ordered: bool = False
    number: str = ""  # the number Word shows, e.g. "2.1." (ordered paragraphs)
    notes: list[str] = field(default_factory=list)  # footnotes and endnotes referenced, HTML
    header: list[str] = field(default_factory=list)  # tables
    rows: list[list[str]] = field(default_factory=list)
    image_part: str = ""  # images: the part name inside the package
    alt: str = ""


@dataclass
class Reading:
    items: list[Item]
    problems: list[Problem]
    title: str
    version: str
    in_force_from: str  # ISO date or ""
    paragraphs: int


def check_package(data: bytes) -> None:
    """Refuse what is not a plain, self-contained .docx before any XML is parsed."""
    if data.startswith(OLE_SIGNATURE):
        raise DocxError(
            gettext_noop(
                "This file is password-protected or is an old Word 97-2003 (.doc) file. "
                "Remove the password or save it as a Word document (.docx), then upload it again."
            )
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocxError(gettext_noop("This is not a Word document (.docx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise DocxError(gettext_noop("This is not a Word document (.docx)."))
            unpacked = sum(entry.file_size for entry in entries)
            if (
                len(entries) > MAX_ENTRIES
                or unpacked > MAX_UNCOMPRESSED
                or unpacked > MAX_RATIO * max(len(data), 1024 * 1024)
            ):
                raise DocxError(
                    gettext_noop(
                        "This file unpacks to far more data than a Word document holds "
                        "(a “zip bomb”); it was not opened."
                    )
                )
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
            external = sorted(
                {
                    rel.get("Type", "").rsplit("/", 1)[-1]
                    for name in names
                    if name.endswith(".rels")
                    for rel in etree.fromstring(archive.read(name), SAFE_XML)
                    if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK
                }
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, etree.XMLSyntaxError):
        raise DocxError(gettext_noop("This Word document is damaged and cannot be read.")) from None
    if external:
        raise DocxError(
            gettext_noop(
                "This document refers to files outside it (%(kinds)s: linked images, a "
                "template or other documents). Embed them or remove the links in Word, then "
                "upload it again."
            ),
            kinds=", ".join(external),
        )


def open_document(data: bytes):
    import docx

    check_package(data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a malformed package
        raise DocxError(gettext_noop("This Word document is damaged and cannot be read.")) from None


class Numbering:
    """Word's list definitions: is a level a bullet, and what number does Word show."""

    def __init__(self, document):
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            root = None
        self.abstract_of, self.levels, self.start_overrides = {}, {}, {}
        if root is None:
            return
        for abstract in root.findall(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"))
            for lvl in abstract.findall(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                self.levels[(abstract_id, int(lvl.get(w("ilvl"))))] = (
                    fmt.get(w("val")) if fmt is not None else "decimal",
                    text.get(w("val")) if text is not None else "",
                    int(start.get(w("val"))) if start is not None else 1,
                )
        for num in root.findall(w("num")):
            abstract = num.find(w("abstractNumId"))
            if abstract is not None:
                self.abstract_of[num.get(w("numId"))] = abstract.get(w("val"))
            for override in num.findall(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    self.start_overrides[(num.get(w("numId")), int(override.get(w("ilvl"))))] = int(
                        start.get(w("val"))
                    )
        self.counters: dict[str, list[int]] = {}

    def level(self, num_id: str, ilvl: int):
        return self.levels.get((self.abstract_of.get(num_id), ilvl), ("decimal", "", 1))

    def next_number(self, num_id: str, ilvl: int) -> str:
        """Advance Word's counters for this list and return the number it displays."""
        abstract = self.abstract_of.get(num_id)
        counters = self.counters.setdefault(abstract, [0] * 9)
        start = self.start_overrides.get((num_id, ilvl), self.level(num_id, ilvl)[2])
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = self.level(num_id, ilvl)[1]
        for position in range(ilvl + 1):
            value = counters[position] or self.level(num_id, position)[2]
            text = text.replace(f"%{position + 1}", str(value))
        return text


def _on(element, tag) -> bool:
    """A run property such as bold: present and not switched off."""
    found = element.find(tag) if element is not None else None
    return found is not None and found.get(w("val"), "true") not in ("0", "false", "none")


class Reader:
    def __init__(self, data: bytes):
        self.document = open_document(data)
        self.part = self.document.part
        self.numbering = Numbering(self.document)
        self.notes = {
            "footnoteReference": self._load_notes(FOOTNOTES, "footnote"),
            "endnoteReference": self._load_notes(ENDNOTES, "endnote"),
        }
        self.items: list[Item] = []
        self.problems: list[Problem] = []
        self.place = 0
        self.heading = ""
        self.style_facts: dict[str | None, tuple[int, object]] = {}

    def report(self, message: str, detail: str = "") -> None:
        self.problems.append(Problem(self.place, self.heading, message, detail))

    def _load_notes(self, reltype, tag) -> dict[str, object]:
        for rel in self.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob, SAFE_XML)
                return {note.get(w("id")): note for note in root.findall(w(tag))}
        return {}

    # The body, element by element.

    def read(self, progress=None) -> Reading:
        elements = list(self._blocks(self.document.element.body))
        for position, element in enumerate(elements, start=1):
            self.place = position
            if element.tag == w("p"):
                self._paragraph(element)
            elif element.tag == w("tbl"):
                self._table(element)
            elif element.tag != w("sectPr"):
                self.report(
                    gettext_noop("Content Word calls “%(detail)s” was not imported."),
                    etree.QName(element).localname,
                )
            if progress and position % 200 == 0:
                progress(position, len(elements))
        properties = self.document.core_properties
        custom = self._custom_properties()
        return Reading(
            items=self.items,
            problems=self.problems,
            title=(properties.title or "").strip(),
            version=(custom.get("version") or properties.version or "").strip(),
            in_force_from=custom.get("in force from", "")[:10],
            paragraphs=len(elements),
        )

    def _blocks(self, container):
        """Paragraphs and tables in order, looking inside content controls."""
        for child in container:
            if child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            elif child.tag in (w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")):
                continue
            else:
                yield child

    def _custom_properties(self) -> dict[str, str]:
        for rel in self.document.part.package.rels.values():
            if rel.reltype.endswith("/custom-properties") and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob, SAFE_XML)
                return {
                    prop.get("name", "").strip().lower(): "".join(prop.itertext()).strip()
                    for prop in root.findall("cp:property", NS)
                }
        return {}

    def _style_facts(self, element) -> tuple[int, object]:
        """The heading level and the numbering (w:numPr) that the paragraph's style gives,
        through the styles it is based on. Worked out once per style: python-docx looks a
        style up with an XPath query, too slow for every paragraph of a long document."""
        found = element.find(f"{w('pPr')}/{w('pStyle')}")
        style_id = found.get(w("val")) if found is not None else None
        if style_id not in self.style_facts:
            self.style_facts[style_id] = self._facts_of_style(style_id)
        return self.style_facts[style_id]

    def _facts_of_style(self, style_id) -> tuple[int, object]:
        from docx.enum.style import WD_STYLE_TYPE

        try:
            style = (
                self.document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
                if style_id
                else None
            )
        except Exception:
            style = None
        level, num_pr = 0, None
        while style is not None:
            if not level:
                name = (style.name or "").lower()
                if name == "title":
                    level = 1
                elif name.startswith("heading ") and name[8:].isdigit():
                    level = int(name[8:])
                else:
                    level = _outline_level(style.element)
            if num_pr is None:
                num_pr = style.element.find(f"{w('pPr')}/{w('numPr')}")
            style = style.base_style
        return level, num_pr

    def _numbering(self, element, style_num_pr):
        num_pr = element.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is None:
            num_pr = style_num_pr
        if num_pr is None:
            return None
        num_id = num_pr.find(w("numId"))
        ilvl = num_pr.find(w("ilvl"))
        if num_id is None or num_id.get(w("val")) == "0":
            return None
        return num_id.get(w("val")), int(ilvl.get(w("val"))) if ilvl is not None else 0

    def _paragraph(self, element):
        style_level, style_num_pr = self._style_facts(element)
        notes: list[str] = []
        images: list[tuple[str, str]] = []
        inline = self._inline(element, notes, images)
        text = _strip_tags(inline).strip()
        level = _outline_level(element) or style_level
        numbering = self._numbering(element, style_num_pr)
        item = Item("paragraph", self.place, html=inline.strip(), text=text, notes=notes)
        if numbering:
            num_id, ilvl = numbering
            fmt = self.numbering.level(num_id, ilvl)[0]
            item.list_level = ilvl
            item.ordered = fmt not in ("bullet", "none")
            item.number = self.numbering.next_number(num_id, ilvl) if item.ordered else ""
        if level and text:
            item.kind, item.level = "heading", level
            self.heading = text
        if text or notes:
            self.items.append(item)
        for part_name, alt in images:
            self.items.append(Item("image", self.place, image_part=part_name, alt=alt))

    def _inline(self, container, notes, images) -> str:
        out = []
        for child in container:
            tag = etree.QName(child).localname
            if tag == "r":
                out.append(self._run(child, notes, images))
            elif tag == "hyperlink":
                inner = self._inline(child, notes, images)
                target = self._link_target(child)
                out.append(f'<a href="{html.escape(target)}">{inner}</a>' if target else inner)
            elif tag in ("ins", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent"):
                out.append(self._inline(child, notes, images))
            elif tag in (
                "pPr",
                "del",
                "bookmarkStart",
                "bookmarkEnd",
                "proofErr",
                "permStart",
                "permEnd",
                "commentRangeStart",
                "commentRangeEnd",
                "moveFromRangeStart",
                "moveFromRangeEnd",
                "moveToRangeStart",
                "moveToRangeEnd",
                "lastRenderedPageBreak",
            ):
                continue
            elif tag == "oMath" or tag == "oMathPara":
                self.report(gettext_noop("A formula was not imported."))
            else:
                self.report(gettext_noop("Content Word calls “%(detail)s” was not imported."), tag)
        return "".join(out)

    def _link_target(self, hyperlink) -> str:
        rel_id = hyperlink.get(f"{{{R}}}id")
        if rel_id is None:
            return ""  # a link to a bookmark inside the document: the text is kept
        rel = self.part.rels.get(rel_id)
        target = rel.target_ref if rel is not None else ""
        if target.startswith(("http://", "https://", "mailto:")):
            return target
        self.report(gettext_noop("A link to “%(detail)s” was kept as plain text."), target)
        return ""

    def _run(self, run, notes, images) -> str:
        properties = run.find(w("rPr"))
        pieces = []
        for child in run:
            tag = etree.QName(child).localname
            if tag == "t":
                pieces.append(html.escape(child.text or ""))
            elif tag == "tab":
                pieces.append(" ")
            elif tag in ("br", "cr"):
                pieces.append(
                    "<br>" if child.get(w("type"), "textWrapping") == "textWrapping" else " "
                )
            elif tag in ("footnoteReference", "endnoteReference"):
                notes.append(self._note(tag, child.get(w("id"))))
            elif tag == "drawing":
                images.extend(self._drawing(child))
            elif tag in (
                "rPr",
                "lastRenderedPageBreak",
                "fldChar",
                "instrText",
                "footnoteRef",
                "endnoteRef",
                "separator",
                "continuationSeparator",
                "softHyphen",
                "noBreakHyphen",
            ):
                continue
            elif tag == "commentReference":
                self.report(gettext_noop("A comment was not imported."))
            elif tag == "sym":
                pieces.append("&#x{};".format(child.get(w("char"), "3F")[-4:]))
            elif tag == "AlternateContent":
                self.report(gettext_noop("A shape or text box was not imported."))
            else:
                self.report(gettext_noop("Content Word calls “%(detail)s” was not imported."), tag)
        text = "".join(pieces)
        if not text:
            return ""
        if _on(properties, w("i")):
            text = f"<i>{text}</i>"
        if _on(properties, w("b")):
            text = f"<b>{text}</b>"
        return text

    def _note(self, kind, note_id) -> str:
        note = self.notes[kind].get(note_id)
        if note is None:
            self.report(gettext_noop("A note reference points at a note that is missing."))
            return ""
        paragraphs = []
        for paragraph in note.findall(w("p")):
            inline = self._inline(paragraph, [], []).strip()
            if inline:
                paragraphs.append(f"<p>{inline}</p>")
        return "".join(paragraphs)

    def _drawing(self, drawing) -> list[tuple[str, str]]:
        found = []
        description = drawing.find(".//wp:docPr", NS)
        alt = ""
        if description is not None:
            alt = (description.get("descr") or description.get("title") or "").strip()
        blips = drawing.findall(".//a:blip", NS)
        if not blips:
            self.report(gettext_noop("A drawing or chart was not imported."))
        for blip in blips:
            rel = self.part.rels.get(blip.get(f"{{{R}}}embed") or "")
            if rel is None or rel.is_external:
                self.report(
                    gettext_noop("An image linked from outside the document was not imported.")
                )
                continue
            if rel.target_part.content_type not in IMAGE_TYPES:
                self.report(
                    gettext_noop(
                        "An image in the %(detail)s format was not imported; save it as PNG or JPEG."
                    ),
                    rel.target_part.content_type,
                )
                continue
            if not alt:
                self.report(
                    gettext_noop(
                        "An image has no alternative text: add a description in the editor."
                    )
                )
            found.append((str(rel.target_part.partname), alt))
        return found

    def _table(self, table):
        rows, header = [], []
        for row in table.findall(w("tr")):
            cells = []
            for cell in row.findall(w("tc")):
                if cell.find(f".//{w('tbl')}") is not None:
                    self.report(gettext_noop("A table inside a table was flattened to text."))
                span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                if span is not None or cell.find(f"{w('tcPr')}/{w('vMerge')}") is not None:
                    self.report(gettext_noop("Merged table cells were split; check the table."))
                texts = [(_strip_tags(self._inline(p, [], []))).strip() for p in cell.iter(w("p"))]
                cells.append(" ".join(t for t in texts if t))
            is_header = _on(row.find(w("trPr")), w("tblHeader"))
            if is_header and not rows and not header:
                header = cells  # Word's "repeat as header row"; the table block has one
                continue
            rows.append(cells)
        if not header and rows:
            self.report(
                gettext_noop(
                    "A table has no header row (Repeat as header row in Word); its first row was used."
                )
            )
            header, rows = rows[0], rows[1:]
        self.items.append(Item("table", self.place, header=header, rows=rows))


def _outline_level(element) -> int:
    """The heading level an explicit outline level (w:outlineLvl 0-8) gives, or 0."""
    outline = element.find(f"{w('pPr')}/{w('outlineLvl')}")
    if outline is not None and int(outline.get(w("val"))) < 9:
        return int(outline.get(w("val"))) + 1
    return 0


TAG = re.compile(r"<[^>]*>")


def _strip_tags(value: str) -> str:
    """Plain text of the inline HTML built here (escaped text, <b>, <i>, <a>, <br>): no
    "<" is ever part of its text, so removing the tags is exact."""
    return html.unescape(TAG.sub("", value.replace("<br>", " ")))


def read_docx(data: bytes, progress=None) -> Reading:
    return Reader(data).read(progress)


def image_blob(data: bytes, part_name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part_name.lstrip("/"))
