"""Each step of query understanding on its own, in both languages: spelling folds, verbal
nouns, stop words, transliteration, typo correction from a vocabulary, synonyms."""

import pytest

from search.normalise import fold_bulgarian, key
from search.query import parse_query, synonym_keys
from search.transliteration import to_cyrillic
from search.vocabulary import Vocabulary


def vocabulary_of(words_by_language):
    built = {}
    for language, words in words_by_language.items():
        vocabulary = Vocabulary()
        for word in words:
            vocabulary.words[word] = key(word, language)
            vocabulary.keys.add(key(word, language))
            vocabulary.by_length.setdefault(len(word), []).append(word)
        built[language] = vocabulary
    return lambda language: built.get(language, Vocabulary())


VOCABULARIES = vocabulary_of(
    {
        "bg": ["обезщетение", "жертви", "приют", "човек", "пострадали", "закрила", "нещо"],
        "en": ["compensation", "trafficking", "victims", "identification", "shelter"],
    }
)


@pytest.mark.parametrize(
    ("variant", "written"),
    [("партнёри", "партньори"), ("сьгласие", "съгласие"), ("ёлха", "ьолха")],
)
def test_bulgarian_spelling_variants_fold_to_the_written_form(variant, written):
    assert key(variant, "bg") == key(written, "bg")


def test_the_soft_sign_before_o_is_kept():
    assert fold_bulgarian("шофьор") == "шофьор"
    assert fold_bulgarian("пьтят") == "пътят"


@pytest.mark.parametrize(
    "forms",
    [
        ("обучение", "обучения", "обучението", "обученията"),
        ("обезщетение", "обезщетения", "обезщетението"),
        ("насочване", "насочването"),
    ],
)
def test_singular_and_plural_of_verbal_nouns_share_a_key(forms):
    assert len({key(form, "bg") for form in forms}) == 1


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "victims of the trafficking", ["victim", "traffick"]),
        (
            "bg",
            "закрила на жертвите в България",
            [key(w, "bg") for w in ("закрила", "жертви", "България")],
        ),
        ("en", "the who", ["the", "who"]),  # nothing but stop words: they are the query
    ],
)
def test_stop_words_are_not_query_words(language, query, expected):
    assert parse_query(query, language).keys == expected


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("zhertvi", "жертви"),  # the official system
        ("obezshtetenie", "обезщетение"),
        ("pomosht", "помощ"),
        ("4ovek", "човек"),  # the informal style: 4 ч, 6 ш, w в, q я
        ("ne6to", "нещо"),
        ("wreme", "време"),
        ("moq", "моя"),
    ],
)
def test_latin_letters_read_as_bulgarian(latin, cyrillic):
    assert to_cyrillic(latin)[0] == cyrillic


def test_ambiguous_latin_letters_give_every_reading():
    assert "приют" in to_cyrillic("priut")
    assert "съгласие" in to_cyrillic("suglasie")
    assert to_cyrillic("жертви") == []


def test_a_latin_word_on_the_bulgarian_site_searches_its_cyrillic_reading():
    parsed = parse_query("zhertvi", "bg", VOCABULARIES)
    assert parsed.transliterated == {"zhertvi": "жертви"}
    assert (key("жертви", "bg"),) in parsed.concepts[0].alternatives
    assert not parsed.corrections
    # Informal spelling, then a typo in the reading: corrected from the vocabulary.
    assert parse_query("4ovek", "bg", VOCABULARIES).transliterated == {"4ovek": "човек"}
    assert parse_query("priut", "bg", VOCABULARIES).transliterated == {"priut": "приют"}


def test_an_english_word_on_the_bulgarian_site_is_left_for_the_other_language():
    parsed = parse_query("shelter", "bg", VOCABULARIES)
    assert not parsed.transliterated and not parsed.corrections


@pytest.mark.parametrize(
    ("language", "typed", "corrected"),
    [
        ("bg", "обещетение", "обезщетение"),
        ("bg", "пострдали", "пострадали"),
        ("en", "compensaton", "compensation"),
        ("en", "traficking", "trafficking"),
        ("en", "identifcation", "identification"),
        # Two neighbouring letters swapped: one slip of the fingers, so one edit.
        ("bg", "жретви", "жертви"),
        ("en", "vitcims", "victims"),
    ],
)
def test_typos_are_corrected_from_the_vocabulary(language, typed, corrected):
    parsed = parse_query(f"{typed} help", language, VOCABULARIES)
    assert parsed.corrections == {typed: corrected}
    assert parsed.corrected_text() == f"{corrected} help"


def test_words_too_far_from_any_known_word_are_left_alone():
    for language, word in (("bg", "кокошка"), ("en", "banana"), ("en", "жертви")):
        assert not parse_query(word, language, VOCABULARIES).corrections
    assert VOCABULARIES("en").closest("vic") is None  # too short to guess


def test_known_word_forms_are_not_corrected():
    assert not parse_query("жертвите", "bg", VOCABULARIES).corrections  # a known key
    assert not parse_query("victim", "en", VOCABULARIES).corrections


def groups(language, *members):
    return [[synonym_keys(member, language) for member in members]]


def test_an_acronym_finds_its_full_name_and_the_reverse():
    synonyms = groups("bg", "НМН", "национален механизъм за насочване")
    acronym = parse_query("НМН жертви", "bg", synonyms=synonyms)
    assert len(acronym.concepts) == 2
    full_name = synonym_keys("национален механизъм за насочване", "bg")
    assert acronym.concepts[0].alternatives == [("нмн",), full_name]
    spelled_out = parse_query("национален механизъм за насочване", "bg", synonyms=synonyms)
    assert len(spelled_out.concepts) == 1
    assert ("нмн",) in spelled_out.concepts[0].alternatives


def test_english_synonyms_are_alternatives_of_one_word():
    synonyms = groups("en", "victims", "survivors")
    parsed = parse_query("survivors support", "en", synonyms=synonyms)
    assert parsed.concepts[0].alternatives == [("survivor",), ("victim",)]
    assert {"victim", "survivor", "support"} == parsed.all_keys
