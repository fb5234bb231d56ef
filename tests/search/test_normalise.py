import pytest

from search.normalise import key, normalise_text
from search.query import MAX_QUERY_CHARS, clean_text, parse_query

BULGARIAN_FORMS = [
    ("жертви", "жертва"),
    ("жертвите", "жертва"),
    ("услугите", "услуга"),
    ("механизми", "механизъм"),
    ("механизмът", "механизъм"),
    ("полицаи", "полицай"),
    ("полицаите", "полицай"),
    # Words simplemma does not know, folded by the fallback stemmer.
    ("трафикантите", "трафикант"),
    ("трафиканти", "трафикант"),
    ("координаторите", "координатор"),
]
ENGLISH_FORMS = [
    ("victims", "victim"),
    ("services", "service"),
    ("mechanisms", "mechanism"),
    ("officers", "officer"),
    ("children", "child"),
    ("trafficking", "trafficked"),
]


@pytest.mark.parametrize(("form", "base"), BULGARIAN_FORMS)
def test_bulgarian_word_forms_share_a_key(form, base):
    assert key(form, "bg") == key(base, "bg")


@pytest.mark.parametrize(("form", "base"), ENGLISH_FORMS)
def test_english_word_forms_share_a_key(form, base):
    assert key(form, "en") == key(base, "en")


def test_unknown_word_is_not_confused_with_a_known_one():
    # simplemma alone turns "трафикант" (trafficker) into "трафик" (trafficking).
    assert key("трафикант", "bg") != key("трафик", "bg")


def test_short_words_are_left_whole():
    assert key("на", "bg") == "на"
    assert key("sing", "en") == "sing"


def test_text_and_query_meet_on_the_same_keys():
    text = normalise_text("Жертвите на трафик получават социални услуги.", "bg")
    query = parse_query("жертва услугите", "bg")
    assert set(query.keys) <= set(text.split())


def test_clean_text_drops_control_characters_and_truncates():
    assert clean_text("a\x00b\tc") == "a b c"
    assert len(clean_text("ж" * 100_000)) == MAX_QUERY_CHARS


def test_operators_and_punctuation_never_reach_the_backend():
    parsed = parse_query('AND OR NOT * - " ( NEAR', "en")
    assert not parsed
    parsed = parse_query("'; DROP TABLE wagtailcore_page; --", "en")
    assert parsed.keys == ["drop", "table", "wagtailcore_page"]


def test_quoted_words_form_a_phrase():
    parsed = parse_query('"жертви на трафик" закрила', "bg")
    assert parsed.phrases == [[key("жертви", "bg"), "на", "трафик"]]
