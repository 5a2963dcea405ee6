"""The pure core (no CKAN): vocabularies, catalogue and rules."""
import datetime

import pytest

from ckanext.municipal_schema import rules, vocab


def test_data_files_are_sound():
    assert vocab.check_data() == []


@pytest.mark.parametrize("name,size", [
    ("data_themes", 14), ("access_rights", 6),
    # the six top concepts of the HVD scheme and their 90 narrower concepts
    ("hvd_categories", 6 + 90),
    ("municipalities", 98 + 13 + 49)])
def test_vocabulary_sizes(name, size):
    assert len(vocab.vocabulary(name)) == size


def test_terms_have_authority_uris_and_four_languages():
    themes = vocab.vocabulary("data_themes")
    assert themes.uri("TRAN") == (
        "http://publications.europa.eu/resource/authority/data-theme/TRAN")
    assert themes.get("ENVI").label("da") == "Miljø"
    assert themes.get("ENVI").label("nl_BE") == "Milieu"
    assert themes.code_for(themes.uri("ECON")) == "ECON"
    hvd = vocab.vocabulary("hvd_categories")
    assert hvd.uri("c_b79e35eb") == "http://data.europa.eu/bna/c_b79e35eb"
    municipalities = vocab.vocabulary("municipalities")
    assert municipalities.uri("751") == (
        "https://api.dataforsyningen.dk/kommuner/0751")
    assert municipalities.uri("44021") == (
        "https://data.vlaanderen.be/id/gemeente/44021")
    assert municipalities.get("1480").extra["country"] == "SE"


def test_choices_carry_every_language():
    choices = vocab.vocabulary("frequencies").choices()
    assert {"value": "DAILY", "label": {
        "en": "Daily", "da": "Dagligt", "nl": "Dagelijks",
        "sv": "Dagligen"}} in choices


def test_dataset_type_catalogue():
    types = vocab.dataset_types()
    assert len(types) >= 25
    parking = vocab.dataset_type("parking")
    assert parking.name("da").startswith("Parkering")
    air = vocab.dataset_type("air-quality").as_dict("en")
    assert air["hvd_category_uri"] == "http://data.europa.eu/bna/c_dd313021"
    assert vocab.dataset_type("nope") is None


@pytest.mark.parametrize("value,ok", [
    ("a@b.dk", True), ("first.last+tag@sub.example.org", True),
    ("a@b", False), ("not an@email.dk", False), ("@b.dk", False),
    (5, False)])
def test_email(value, ok):
    assert rules.is_email(value) is ok


@pytest.mark.parametrize("value,ok", [
    ("https://www.aarhus.dk/x?y=1", True), ("http://localhost:5000/", True),
    ("www.example.org", False), ("ftp://example.org", False),
    ("https://", False), ("http://exa mple.org", False),
    ("http://example.org:99999999/", False), (None, False)])
def test_url(value, ok):
    assert rules.is_url(value) is ok


def test_iso_dates():
    assert rules.parse_iso_date("2024-02-29") == datetime.date(2024, 2, 29)
    assert rules.parse_iso_date("2024-02-29T10:00:00Z") == datetime.date(
        2024, 2, 29)
    for bad in ("2023-02-29", "29-02-2024", "2024/02/01", "", 20240101):
        assert rules.parse_iso_date(bad) is None


def test_dataset_rules():
    ok = {"license_id": "cc-by", "temporal_start": "2020-01-01",
          "temporal_end": "2020-01-01"}
    assert rules.dataset_problems(ok) == []
    closed = dict(ok, license_id="other-closed")
    assert [p.field for p in rules.dataset_problems(closed)] == ["license_id"]
    assert rules.dataset_problems(dict(closed, access_rights="NON_PUBLIC")) == []
    backwards = dict(ok, temporal_end="2019-12-31")
    problem, = rules.dataset_problems(backwards)
    assert problem.field == "temporal_end"
    assert problem.message.format(**problem.params) == (
        "Temporal coverage end: 2019-12-31 is before the start 2020-01-01.")


def test_hvd_category_brings_the_regulation():
    eli = rules.HVD_LEGISLATION
    assert rules.applicable_legislation(["x"], []) == [eli]
    assert rules.applicable_legislation(["x"], [eli, "y"]) == [eli, "y"]
    assert rules.applicable_legislation([], [eli, "y"]) == ["y"]


def test_as_list():
    assert rules.as_list('["a", "b"]') == ["a", "b"]
    assert rules.as_list("a, b") == ["a", "b"]
    assert rules.as_list(None) == []
    assert rules.as_list(["a", "", None]) == ["a"]


def test_language_aliases():
    languages = vocab.vocabulary("languages")
    assert languages.code_for("da") == "DAN"
    assert languages.code_for("nl") == "NLD"
    assert languages.code_for(["da"]) is None
