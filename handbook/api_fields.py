"""Typed read-only API fields for values computed by the models (sections, notes, the clause
tree, versions): the content API's OpenAPI schema describes them from these types."""

from typing_extensions import TypedDict


class SectionData(TypedDict):
    level: int
    anchor: str
    heading: str


class NoteData(TypedDict):
    number: int
    anchor: str
    text: str


class ClauseData(TypedDict):
    number: str
    anchor: str
    heading: str
    text: str
    url: str
    citation: str
    children: list["ClauseData"]


class PageRefData(TypedDict):
    id: int
    title: str
    url: str | None


class ChapterRefData(PageRefData):
    number: int | None
    sections: list[SectionData]


class VersionData(TypedDict):
    id: int
    version_label: str
    status: str
    in_force_from: str | None
    change_level: str
    change_notes: str
    url: str | None


class ChapterEntryData(TypedDict):
    number: int | None
    title: str
    translated: bool
    language: str
    url: str | None
    sections: list[SectionData]
