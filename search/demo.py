"""Demo synonyms: the acronyms and names people in this field use for the same things."""

from .models import SearchSynonym

SYNONYMS = [
    (
        "НМН",
        "национален механизъм за насочване, механизъм за насочване, NRM",
        "NRM",
        "national referral mechanism, referral mechanism, НМН",
    ),
    (
        "НКБТХ",
        "Национална комисия за борба с трафика на хора, NCCTHB",
        "NCCTHB",
        "National Commission for Combating Trafficking in Human Beings, НКБТХ",
    ),
    ("жертви", "пострадали", "victims", "survivors"),
    ("идентификация", "идентифициране, разпознаване", "identification", "identifying, identify"),
    ("приют", "кризисен център, убежище", "shelter", "crisis centre, safe house"),
    ("обезщетение", "компенсация", "compensation", "restitution"),
]


def build(ctx):
    for bg_term, bg_equivalents, en_term, en_equivalents in SYNONYMS:
        ctx.snippet(
            SearchSynonym,
            lookup={"term": bg_term},
            bg={"equivalents": bg_equivalents},
            en={"term": en_term, "equivalents": en_equivalents},
        )
