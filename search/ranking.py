"""Ranked OR with all words first, on any backend.

The backend ranks two sets: the pages that match every concept of the query, then the
pages that match some of them (no page drops out for one missing word). The first WINDOW
results are then put in order by what the backends cannot weigh alike:

1. pages with all the words before pages with some;
2. more of the query in the title (normalised like the body) before less;
3. listing pages (home, indexes) after pages with content of their own;
4. the backend's relevance; among news of about equal relevance (within NEWS_TIE places),
   the newer first."""

from django.contrib.contenttypes.models import ContentType

from .normalise import keys
from .query import ParsedQuery

WINDOW = 30
NEWS_TIE = 3


def _model(page):
    return ContentType.objects.get_for_id(page.content_type_id).model_class()


def title_hits(title: str, parsed: ParsedQuery) -> int:
    """How many of the query's concepts the title holds."""
    title_keys = set(keys(title, parsed.language))
    return sum(
        any(set(alternative) <= title_keys for alternative in concept.alternatives)
        for concept in parsed.concepts
    )


def rerank(pages: list, all_words: int, parsed: ParsedQuery) -> list:
    """`pages`: the backend's order, the first `all_words` of them matching every concept."""
    rows = []
    for position, page in enumerate(pages):
        model = _model(page)
        rows.append(
            (
                (
                    position >= all_words,
                    -title_hits(page.title, parsed),
                    bool(getattr(model, "search_is_listing", False)),
                ),
                position,
                page,
                bool(getattr(model, "search_is_news", False)),
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    ordered = [row[2] for row in rows]
    # Recency among news of about equal rank: same group above, within NEWS_TIE places.
    start = 0
    while start < len(rows):
        end = start + 1
        while (
            end < len(rows)
            and rows[end][0] == rows[start][0]
            and rows[end][1] - rows[start][1] < NEWS_TIE
        ):
            end += 1
        slots = [index for index in range(start, end) if rows[index][3]]
        news = sorted(
            (ordered[index] for index in slots),
            key=lambda page: page.first_published_at.timestamp() if page.first_published_at else 0,
            reverse=True,
        )
        for index, page in zip(slots, news, strict=True):
            ordered[index] = page
        start = end
    return ordered


class RankedResults:
    """A sequence for Django's Paginator: `all_words` (backend results matching every
    concept) then `rest` (a callable giving the backend results matching some but not all),
    the first WINDOW re-ranked when `parsed` is given (relevance order)."""

    def __init__(self, all_words, all_count: int, rest, total: int, parsed=None):
        self.all_words, self.all_count = all_words, all_count
        self.rest, self.total, self.parsed = rest, total, parsed
        self._window = None

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def _fetch(self, start: int, stop: int) -> list:
        stop = min(stop, self.total)
        pages = []
        if start < self.all_count:
            pages += list(self.all_words[start : min(stop, self.all_count)])
        if stop > self.all_count:
            pages += list(self.rest()[max(0, start - self.all_count) : stop - self.all_count])
        return pages

    def __getitem__(self, index: slice):
        start, stop = index.start or 0, index.stop if index.stop is not None else self.total
        if self.parsed is None or start >= WINDOW:
            return self._fetch(start, stop)
        if self._window is None:
            self._window = rerank(self._fetch(0, WINDOW), self.all_count, self.parsed)
        pages = self._window[start:stop]
        if stop > WINDOW:
            pages += self._fetch(WINDOW, stop)
        return pages
