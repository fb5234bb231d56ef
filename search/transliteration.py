"""Bulgarian typed in Latin letters, back to Cyrillic.

The official system (Transliteration Act 2009: zh, ts, ch, sh, sht, a for ъ, yu, ya) and
the informal "shlyokavitsa" of phones and foreign keyboards (4 for ч, 6 for ш, w for в,
q for я, j, x, u for ъ) overlap, so a word gives a few candidate spellings; the caller
keeps the one the index knows, or corrects the first one like any typo."""

import re
from itertools import islice, product

LATIN_WORD = re.compile(r"^[a-z46`']*[a-z][a-z46`']*$")
MAX_CANDIDATES = 64

# Longest sequences first; each maps to its readings, the commonest first.
SEQUENCES = [
    ("sht", ("щ",)),
    ("zh", ("ж",)),
    ("ts", ("ц", "тс")),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("yu", ("ю",)),
    ("ya", ("я",)),
    ("ju", ("ю",)),
    ("ja", ("я",)),
    ("yo", ("йо", "ьо")),
    ("io", ("йо", "ио")),
    ("a", ("а", "ъ")),
    ("b", ("б",)),
    ("c", ("ц", "к")),
    ("d", ("д",)),
    ("e", ("е",)),
    ("f", ("ф",)),
    ("g", ("г",)),
    ("h", ("х",)),
    ("i", ("и",)),
    ("j", ("й", "ж")),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("o", ("о",)),
    ("p", ("п",)),
    ("q", ("я",)),
    ("r", ("р",)),
    ("s", ("с",)),
    ("t", ("т",)),
    ("u", ("у", "ъ", "ю")),
    ("v", ("в",)),
    ("w", ("в",)),
    ("x", ("х", "кс", "ж")),
    ("y", ("й", "ъ", "ь", "и")),
    ("z", ("з",)),
    ("6t", ("щ", "шт")),
    ("4", ("ч",)),
    ("6", ("ш",)),
    ("`", ("ъ",)),
    ("'", ("ь", "ъ")),
]


def looks_latin(word: str) -> bool:
    return bool(LATIN_WORD.match(word.lower()))


def _pieces(word: str) -> list[tuple[str, ...]]:
    pieces, position = [], 0
    while position < len(word):
        for latin, readings in SEQUENCES:
            if word.startswith(latin, position):
                pieces.append(readings)
                position += len(latin)
                break
        else:
            pieces.append((word[position],))
            position += 1
    return pieces


def to_cyrillic(word: str) -> list[str]:
    """Cyrillic readings of a Latin-typed Bulgarian word, the likeliest first (at most
    MAX_CANDIDATES); [] when the word is not Latin letters."""
    word = word.lower()
    if not looks_latin(word):
        return []
    return ["".join(choice) for choice in islice(product(*_pieces(word)), MAX_CANDIDATES)]
