"""The one label picker every plugin reads its labels with (pure)."""
import pytest

from ckanext.municipal_opendata.labels import pick_label

LABELS = {"en": "Licences", "da": "Licenser", "nl": "Licenties",
          "da_DK": "Licenser (Danmark)"}


@pytest.mark.parametrize("lang,expected", [
    ("da_DK", "Licenser (Danmark)"),   # the exact key first
    ("da", "Licenser"),
    ("nl_BE", "Licenties"),            # CKAN's locale: its language
    ("nl-BE", "Licenties"),            # another system's form of it
    ("sv", "Licences"),                # missing: English
    (None, "Licences"),
    ("", "Licences"),
])
def test_language_then_english(lang, expected):
    assert pick_label(LABELS, lang) == expected


def test_without_english_the_first_label_that_says_something():
    assert pick_label({"nl": "", "sv": "Licenser"}, "da") == "Licenser"
    assert pick_label({"nl": ""}, "da") == ""
    assert pick_label({}, "da") == ""


def test_a_plain_value_is_its_own_label():
    assert pick_label(None, "da") == ""
    assert pick_label("CC-BY 4.0", "da") == "CC-BY 4.0"
    assert pick_label(3, "da") == "3"
