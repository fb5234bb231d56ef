"""Clause numbers come from position; comparison matches clauses by anchor."""

import pytest

from handbook.clauses import build_tree, compare, flatten, word_diff
from handbook.models import GuidanceDocumentPage

from .factories import clause_stream, make_document, make_library

pytestmark = pytest.mark.django_db


def clause(anchor, text, subclauses=None):
    value = {"anchor": anchor, "heading": "", "text": f"<p>{text}</p>"}
    if subclauses is not None:
        value["subclauses"] = subclauses
    return value


def numbers(page):
    page = GuidanceDocumentPage.objects.get(pk=page.pk)
    return [(c.number, c.anchor) for c in flatten(page.clause_tree)]


@pytest.fixture
def document(bg_home):
    library = make_library(bg_home)
    return make_document(
        library,
        clauses=[
            (
                "clause",
                clause("a", "A", [clause("a1", "A1", [clause("a1x", "A1x")]), clause("a2", "A2")]),
            ),
            ("clause", clause("b", "B")),
        ],
    )


def republish(page, stream):
    page.clauses = stream
    page.save_revision().publish()


def test_numbers_are_computed_from_position(document):
    assert numbers(document) == [
        ("1", "a"),
        ("1.1", "a1"),
        ("1.1.1", "a1x"),
        ("1.2", "a2"),
        ("2", "b"),
    ]


def test_inserting_a_clause_renumbers_the_ones_after_it(document):
    republish(
        document,
        [
            ("clause", clause("new", "New")),
            (
                "clause",
                clause("a", "A", [clause("a0", "A0"), clause("a1", "A1"), clause("a2", "A2")]),
            ),
            ("clause", clause("b", "B")),
        ],
    )
    assert numbers(document) == [
        ("1", "new"),
        ("2", "a"),
        ("2.1", "a0"),
        ("2.2", "a1"),
        ("2.3", "a2"),
        ("3", "b"),
    ]


def test_moving_and_deleting_clauses_renumbers_them(document):
    republish(
        document, [("clause", clause("b", "B")), ("clause", clause("a", "A", [clause("a2", "A2")]))]
    )
    assert numbers(document) == [("1", "b"), ("2", "a"), ("2.1", "a2")]


def test_the_document_page_shows_numbers_and_anchors(client, document):
    html = client.get(document.url).content.decode()
    assert 'id="a1x"' in html and ">1.1.1</a>" in html


def test_clause_blocks_fill_in_a_missing_anchor():
    from handbook.blocks import TopClauseBlock

    block = TopClauseBlock()
    value = block.clean(
        block.to_python({"anchor": "", "heading": "", "text": "<p>x</p>", "subclauses": []})
    )
    assert value["anchor"].startswith("c-")


def test_word_diff_marks_removed_and_added_words():
    assert str(word_diff("within 7 days of referral", "within 72 hours of referral")) == (
        "within <del>7</del><ins>72</ins> <del>days</del><ins>hours</ins> of referral"
    )
    assert "&lt;b&gt;" in word_diff("a", "<b>")


def test_compare_reports_added_removed_changed_and_unchanged(bg_home):
    old = build_tree_for(
        [clause("a", "Keep"), clause("b", "Old wording here"), clause("c", "Gone")]
    )
    new = build_tree_for(
        [clause("a", "Keep"), clause("b", "New wording here"), clause("d", "Added")]
    )
    changes = compare(old, new)
    assert [(c.status, c.clause.anchor) for c in changes] == [
        ("unchanged", "a"),
        ("changed", "b"),
        ("removed", "c"),
        ("added", "d"),
    ]
    assert str(changes[1].text_diff) == "<del>Old</del><ins>New</ins> wording here"


def build_tree_for(values):
    from handbook.blocks import ClausesBlock

    return build_tree(ClausesBlock().to_python([{"type": "clause", "value": v} for v in values]))


def test_large_clause_trees_are_numbered(bg_home):
    page = make_document(make_library(bg_home), clauses=clause_stream(500))
    flat = flatten(GuidanceDocumentPage.objects.get(pk=page.pk).clause_tree)
    assert len(flat) == 500
    assert len({c.anchor for c in flat}) == 500


def test_duplicated_anchors_are_refused(document):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    document.clauses = [("clause", clause("a", "A")), ("clause", clause("a", "Copy of A"))]
    with translation.override("en"), pytest.raises(ValidationError, match="more than once: a"):
        document.full_clean()
