"""The per-language rules of ``*_translated`` fields and the raw-input
checks, pure (no CKAN)."""
from ckanext.municipal_schema import rules, translations

LANGUAGES = ("da", "nl", "en")


def test_posted_takes_the_inputs_of_the_field_out_of_the_extras():
    extras = {"title_translated-da": "Titel", "title_translated-en": " ",
              "notes_translated-da": "Noter", "other": 1}
    assert translations.posted(extras, "title_translated") == {"da": "Titel"}
    assert extras == {"notes_translated-da": "Noter", "other": 1}


def test_posted_is_none_without_inputs_and_empty_when_all_are_blank():
    assert translations.posted({"other": 1}, "title_translated") is None
    assert translations.posted({"title_translated-da": ""},
                               "title_translated") == {}


def test_parse_reads_a_mapping_or_its_json_text():
    assert translations.parse({"da": "x"}) == {"da": "x"}
    assert translations.parse('{"da": "x"}') == {"da": "x"}
    assert translations.parse("not json") is None
    assert translations.parse('["da"]') is None
    assert translations.parse(7) is None


def test_translations_kept_and_refused_in_the_order_given():
    clean, problems = translations.checked(
        {"da": "Titel", "xx-": "?", "fr": "Titre", "nl": 5, "en": None},
        LANGUAGES, refuse_unknown=False)
    assert clean == {"da": "Titel", "fr": "Titre", "en": None}
    assert problems == [(rules.M_LANGUAGE_TAG, {"value": "xx-"}),
                        (rules.M_TEXT, {})]


def test_an_unknown_language_is_refused_only_when_the_portal_says_so():
    assert translations.problem("fr", "Titre", LANGUAGES, False) is None
    assert translations.problem("fr", "Titre", LANGUAGES, True) == (
        rules.M_LANGUAGE_KEY, {"value": "fr", "languages": "da, nl, en"})


def test_nul_and_too_long_texts_are_refused():
    assert translations.problem("da", "a\x00b", LANGUAGES, False) == (
        rules.M_TEXT, {})
    long = "a" * (rules.MAX_TEXT_LENGTH + 1)
    assert translations.problem("da", long, LANGUAGES, False) == (
        rules.M_TOO_LONG, {"length": rules.MAX_TEXT_LENGTH + 1,
                           "limit": rules.MAX_TEXT_LENGTH})


def test_as_mapping_reads_stored_translations():
    assert translations.as_mapping('{"da": "x"}') == {"da": "x"}
    assert translations.as_mapping({"da": "x"}) == {"da": "x"}
    assert translations.as_mapping("[1]") == {}
    assert translations.as_mapping(None) == {}


def test_raw_values_core_validators_cannot_take():
    assert rules.raw_value_problem(("title",), "ok") is None
    assert rules.raw_value_problem(("title",), "a\x00b") == (
        "ab", rules.M_TEXT, {})
    assert rules.raw_value_problem(("title",), ["x"]) == ("", rules.M_TEXT,
                                                           {})
    assert rules.raw_value_problem(("tag_string",), ["a", "b"]) is None
    assert rules.raw_value_problem(("tag_string",), [1]) == (
        "", rules.M_TEXT, {})
    assert rules.raw_value_problem(("resources", 0, "url"), 5) == (
        "", rules.M_TEXT, {})
    assert rules.raw_value_problem(("custom",), 5) is None
    url = "https://x.dk/" + "a" * rules.MAX_URL_LENGTH
    assert rules.raw_value_problem(("resources", 0, "url"), url) == (
        "", rules.M_TOO_LONG, {"length": len(url),
                               "limit": rules.MAX_URL_LENGTH})
    assert rules.raw_value_problem(("notes",), url) is None


def test_stored_list_reads_a_stored_multi_valued_field():
    assert rules.stored_list('["a", "b"]') == ["a", "b"]
    assert rules.stored_list(["a"]) == ["a"]
    assert rules.stored_list("") == []
    assert rules.stored_list("plain") == ["plain"]
    assert rules.stored_list('"a"') == ["a"]
