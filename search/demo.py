"""Demo synonyms: the acronyms and names people in this field use for the same things."""

from django.db import transaction

from .models import SearchSynonym
from .vocabulary import forget

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


def loaded(ctx, fixture):
    """The vocabulary came with the demo fixture: every process reads it anew."""
    forget()
    transaction.on_commit(forget)
