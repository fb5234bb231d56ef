"""Write Word documents in code (python-docx, with the pieces of WordprocessingML it has no
API for: multi-level numbering, footnotes, hyperlinks, header rows, alternative text and
custom properties). The demo offers the files it makes to editors, and the tests build
every construct the importer reads with it."""

import io

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from PIL import Image

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MULTILEVEL = """<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>"""
LEVEL = """<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>"""


class DocxBuilder:
    def __init__(self, title="", version="", in_force_from=""):
        self.document = docx.Document()
        self.document.core_properties.title = title
        self.document.core_properties.version = version
        self._notes: list[str] = []
        self._lists = 0
        if in_force_from:
            self._custom_property("In force from", in_force_from)

    def heading(self, text, level=1):
        return self.document.add_heading(text, level)

    def paragraph(self, *runs, style=None):
        """Runs are strings or (text, "b"/"i"/"bi") pairs."""
        paragraph = self.document.add_paragraph(style=style)
        for run in runs:
            text, marks = (run, "") if isinstance(run, str) else run
            added = paragraph.add_run(text)
            added.bold, added.italic = "b" in marks or None, "i" in marks or None
        return paragraph

    def new_list(self, bullet=False, start=1) -> str:
        """A list definition with nine levels: "1.", "1.1.", "1.1.1."… or bullets."""
        numbering = self.document.part.numbering_part.element
        self._lists += 1
        abstract_id, num_id = 90 + self._lists, 90 + self._lists
        levels = "".join(
            LEVEL.format(
                i=i,
                start=start if i == 0 else 1,
                fmt="bullet" if bullet else "decimal",
                text="•" if bullet else "".join(f"%{n + 1}." for n in range(i + 1)),
                indent=720 * (i + 1),
            )
            for i in range(9)
        )
        abstract = parse_xml(MULTILEVEL.format(ns=nsdecls("w"), levels=levels))
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        numbering.insert(0, abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return str(num_id)

    def numbered(self, num_id, level, *runs, heading_level=0):
        paragraph = self.heading(runs[0], heading_level) if heading_level else self.paragraph(*runs)
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
        return paragraph

    def footnote(self, paragraph, text):
        self._notes.append(text)
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{len(self._notes)}"/>'))

    def link(self, paragraph, text, url):
        rel_id = self.document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        paragraph._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
            )
        )

    def image(self, alt="", color=(40, 90, 160)):
        buffer = io.BytesIO()
        Image.new("RGB", (120, 60), color).save(buffer, "PNG")
        buffer.seek(0)
        self.document.add_picture(buffer)
        self.document.inline_shapes[-1]._inline.docPr.set("descr", alt)

    def table(self, header, rows):
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        for row, values in zip(table.rows, [header, *rows], strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        return table

    def _custom_property(self, name, value):
        xml = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
            f"<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
        )
        package = self.document.part.package
        part = Part(
            PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode(), package
        )
        package.relate_to(part, RT.CUSTOM_PROPERTIES)

    def _footnotes_part(self):
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
            for n, text in enumerate(self._notes, start=1)
        )
        xml = (
            f'<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f"{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            xml.encode(),
            self.document.part.package,
        )
        self.document.part.relate_to(part, RT.FOOTNOTES)

    def save(self) -> bytes:
        if self._notes:
            self._footnotes_part()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def handbook_sample(lang: int = 0) -> bytes:
    """Two chapters with every construct the handbook import reads (0 = bg, 1 = en)."""
    t = lambda bg, en: (bg, en)[lang]  # noqa: E731
    b = DocxBuilder(title=t("Наръчник (проба за импорт)", "Handbook (import sample)"))
    b.heading(t("Въведение", "Introduction"), 1)
    p = b.paragraph(
        t("Механизмът за насочване е ", "The referral mechanism is "),
        (t("рамка", "a framework"), "b"),
        " ",
        (t("за сътрудничество", "for cooperation"), "i"),
        ".",
    )
    b.footnote(p, t("ОССЕ/ОДИПЧ, 2022.", "OSCE/ODIHR, 2022."))
    b.heading(t("Цели", "Aims"), 2)
    bullets = b.new_list(bullet=True)
    for text in (t("Идентификация", "Identification"), t("Подкрепа", "Support")):
        b.numbered(bullets, 0, text)
    b.numbered(bullets, 1, t("Подслон", "Shelter"))
    link = b.paragraph(t("Вижте ", "See "))
    b.link(link, t("портала", "the portal"), "https://example.org/nrm")
    b.heading(t("Участници", "Participants"), 1)
    b.table(
        [t("Орган", "Body"), t("Роля", "Role")],
        [[t("Полиция", "Police"), t("Идентификация", "Identification")]],
    )
    b.image(alt=t("Схема на насочването", "Referral diagram"))
    return b.save()


def standard_sample(lang: int = 0) -> bytes:
    """A standard with three levels of Word numbering (0 = bg, 1 = en)."""
    t = lambda bg, en: (bg, en)[lang]  # noqa: E731
    b = DocxBuilder(
        title=t("Стандарт за настаняване (проба)", "Standard for accommodation (sample)"),
        version="1.0",
        in_force_from="2025-01-01",
    )
    b.paragraph(
        t(
            "Стандартът урежда настаняването на пострадали.",
            "The standard governs the accommodation of survivors.",
        )
    )
    numbers = b.new_list()
    b.numbered(numbers, 0, t("Обхват", "Scope"), heading_level=2)
    b.numbered(numbers, 0, t("Настаняване", "Accommodation"), heading_level=2)
    b.numbered(numbers, 1, t("Настаняването е безопасно.", "Accommodation is safe."))
    b.numbered(numbers, 2, t("Адресът е поверителен.", "The address is confidential."))
    b.numbered(numbers, 1, t("Настаняването е доброволно.", "Accommodation is voluntary."))
    return b.save()


def chapter_sample(title: str, body: list) -> bytes:
    """A chapter as Word writes it, from stored body blocks (headings and paragraphs):
    what a translator would send back for the chapter."""
    b = DocxBuilder(title=title)
    b.heading(title, 1)
    for kind, value in body:
        if kind == "heading":
            b.heading(value["text"], int(value["level"]))
        elif kind == "paragraph":
            b.paragraph(html_text(value))
    return b.save()


def html_text(value: str) -> str:
    return etree.fromstring(f"<x>{value}</x>").xpath("string()")
