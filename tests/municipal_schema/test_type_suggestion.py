"""The suggested dataset type (pure: no CKAN): real titles of Danish,
Flemish, Swedish and English municipal portals get the right type from the
catalogue's names and the synonyms file; unrelated titles get none; a
dataset with a type gets none."""
import json

import pytest

from ckanext.municipal_schema import type_suggestion as ts
from ckanext.municipal_schema import vocab


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure module: no CKAN plugins to load."""


def codes(pkg):
    return [s.code for s in ts.suggest(pkg)]


def first(pkg):
    found = ts.suggest(pkg)
    return found[0].code if found else None


def test_synonyms_file_covers_every_type_in_every_language():
    synonyms = ts.load_synonyms()
    catalogue_codes = [t.code for t in vocab.dataset_types()]
    assert len(catalogue_codes) == 27
    assert ts.check_synonyms(synonyms, catalogue_codes) == []
    assert set(synonyms) == set(catalogue_codes)


def test_check_synonyms_names_unknown_codes_and_missing_languages():
    problems = ts.check_synonyms(
        {"parking": {"da": ["parkering"], "nl": ["parkeren"],
                     "sv": ["parkering"]},
         "ufo-sightings": {"en": ["ufo"]}}, ["parking"])
    assert problems == ["synonyms: unknown type ufo-sightings",
                        "synonyms/parking: no words in en"]


@pytest.mark.parametrize("title,code", [
    # Danish (Open Data DK)
    ("Parkeringspladser i Aarhus Kommune", "parking"),
    ("P-pladser og p-huse i midtbyen", "parking"),
    ("Budget 2024 for Københavns Kommune", "annual-budget"),
    ("Affaldscontainere og genbrugsstationer", "waste-containers"),
    ("Trafiktællinger på kommunens veje", "traffic-counts"),
    ("Cykeltællinger Dronning Louises Bro", "bicycle-counts"),
    ("Legepladser i Odense Kommune", "playgrounds"),
    ("Badevandsmålinger ved strandene", "water-quality"),
    ("Ladestandere til elbiler", "ev-charging-points"),
    ("Gadetræer i København", "tree-inventory"),
    ("Støjkortlægning 2022", "noise"),
    ("Kommunalvalg 2021 - valgresultater pr. afstemningssted",
     "election-results"),
    ("Befolkningsudvikling 2010-2023", "population-statistics"),
    # Dutch (Flemish centre cities)
    ("Parkeergarages Gent - actuele bezetting", "parking"),
    ("Meerjarenplan 2020-2025 en begroting", "annual-budget"),
    ("Afvalinzameling: ophaalkalender", "waste-containers"),
    ("Locaties van de glasbollen", "waste-containers"),
    ("Bomeninventaris stad Leuven", "tree-inventory"),
    ("Wegenwerken en innames openbaar domein (GIPOD)", "road-works"),
    ("Fietstellingen Coupure Links", "bicycle-counts"),
    ("Openbare toiletten", "public-toilets"),
    ("Verkiezingsuitslagen gemeenteraadsverkiezingen 2018",
     "election-results"),
    ("Laadpalen voor elektrische voertuigen", "ev-charging-points"),
    ("Speelterreinen en speelpleinen", "playgrounds"),
    ("Omgevingsvergunningen voor bouwen 2023", "building-permits"),
    # Swedish (Västra Götaland)
    ("Avfallshantering och återvinningscentraler", "waste-containers"),
    ("Lekplatser i Göteborgs Stad", "playgrounds"),
    ("Beviljade bygglov 2023", "building-permits"),
    ("Busshållplatser i Borås", "public-transport-stops"),
    ("Luftkvalitet - mätstationer", "air-quality"),
    ("Befolkningsprognos 2024-2033", "population-statistics"),
    ("Trädinventering av gatuträd", "tree-inventory"),
    ("Kommunfullmäktiges protokoll", "council-decisions"),
    ("Laddstolpar för elbilar", "ev-charging-points"),
    ("Bullerkartläggning av vägtrafik", "noise"),
    ("Grundskolor och förskolor", "schools"),
    # English
    ("Car parks occupancy", "parking"),
    ("Street trees", "tree-inventory"),
    ("Bathing water quality", "water-quality"),
    ("Election results 2022", "election-results"),
    ("Recycling centres", "waste-containers"),
    ("Public wi-fi hotspots", "public-wifi"),
])
def test_real_titles_get_their_type(title, code):
    assert first({"title": title}) == code


@pytest.mark.parametrize("title", [
    "Shapes of the moon",
    "Fotografier fra byarkivet",
    "Hundeskove",
    "Gemeentelijke logo's",
    "Kommunens logotyper",
    "Personalestatistik",
    "Genbrug af data fra kommunen",  # "genbrug" is not recycling here
])
def test_an_unrelated_title_gets_no_type(title):
    assert ts.suggest({"title": title, "notes": "Data om kommunen."}) == []


def test_a_dataset_with_a_type_gets_no_suggestion():
    pkg = {"title": "Parkeringspladser", "tags": [{"name": "parkering"}]}
    assert codes(pkg) == ["parking"]
    assert ts.suggest(dict(pkg, dataset_type_code="noise")) == []
    # CKAN's default schema keeps it among the extras
    assert ts.suggest(dict(pkg, extras=[
        {"key": "dataset_type_code", "value": "parking"}])) == []


@pytest.mark.parametrize("title", [
    "Trafikstøj", "Trafikstöj", "Trafikstoej", "trafikstoj", "TRAFIKSTØJ"])
def test_nordic_letters_and_their_spellings_match_each_other(title):
    assert first({"title": title}) == "noise"


@pytest.mark.parametrize("title", [
    "Trafiktællinger", "Trafiktaellinger", "Trafiktällinger"])
def test_ae_and_a_umlaut_match(title):
    assert first({"title": title}) == "traffic-counts"


@pytest.mark.parametrize("word,code", [
    ("parkeringspladserne", "parking"),  # compound, plural, definite
    ("afvalinzameling", "waste-containers"),
    ("avfallshantering", "waste-containers"),
    ("hushållsavfall", "waste-containers"),  # inside a compound
    ("restafvalcontainers", "waste-containers"),
    ("skolorna", "schools"),  # skola -> skol-
    ("scholen", "schools"),
    ("Legepladsen", "playgrounds"),
])
def test_compounds_plurals_and_definite_forms(word, code):
    assert first({"title": word}) == code


def test_short_words_do_not_match_inside_other_words():
    # "valg" (election) is four letters: whole word or start of one only
    assert first({"title": "Kommunalvalg"}) == "election-results"
    assert ts.suggest({"title": "Udvalgsoversigt"}) == []
    # "bus" only as a word of its own
    assert ts.suggest({"title": "Omnibusundersøgelse"}) == []


def test_title_counts_more_than_keywords_more_than_description():
    title = ts.suggest({"title": "Budget"})[0]
    keywords = ts.suggest({"title": "Tal", "tags": [{"name": "budget"}]})[0]
    assert (title.score, keywords.score) == (3, 2)
    # one mention in a description is not enough; two words are
    assert ts.suggest({"title": "Tal", "notes": "Kommunens budget."}) == []
    assert codes({"title": "Tal", "notes": "Kommunens budget og "
                  "årsregnskab."}) == ["annual-budget"]
    # the title's type comes before the description's
    both = ts.suggest({"title": "Parkeringspladser", "notes":
                       "Også trafikstøj og vejstøj målt ved pladserne."})
    assert [s.code for s in both] == ["parking", "noise"]
    assert both[0].score > both[1].score


def test_matches_say_which_words_matched_where():
    (found,) = ts.suggest({
        "title": "Parkeerplaatsen",
        "tag_string": "mobiliteit,parkeergarage",
        "notes": "Alle parkeerautomaten."})
    assert found.code == "parking"
    assert [(m.field, m.words) for m in found.matches] == [
        ("title", "Parkeerplaatsen"), ("keywords", "parkeergarage"),
        ("description", "parkeerautomaten")]
    assert found.matches[0].term == "parkeerplaatsen"
    assert found.score == 3 + 2 + 1
    assert found.as_dict()["matches"][0] == {
        "field": "title", "words": "Parkeerplaatsen",
        "term": "parkeerplaatsen", "lang": "nl"}


def test_translations_and_multilingual_keywords_are_read():
    pkg = {"title": "Dataset 17",
           "title_translated": json.dumps({"da": "Legepladser",
                                           "en": "Playgrounds"}),
           "notes_translated": {"sv": "Lekplatser i kommunen"},
           "keywords": {"nl": ["speeltuinen"], "en": ["play areas"]}}
    texts = ts.dataset_texts(pkg)
    assert texts["title"] == ["Dataset 17", "Legepladser", "Playgrounds"]
    assert texts["keywords"] == ["speeltuinen", "play areas"]
    (found,) = ts.suggest(pkg)
    assert found.code == "playgrounds"
    assert {m.field for m in found.matches} == {"title", "keywords",
                                                "description"}


def test_a_phrase_matches_consecutive_words_only():
    assert first({"title": "Public toilets in the park"}) == "public-toilets"
    assert ts.suggest({"title": "Public data about toilets of old"})[0] \
        .matches[0].term in ("toilets", "toilet")
    assert ts.suggest({"title": "Air and quality"}) == []


def test_catalogue_from_a_portal_edited_file():
    cat = ts.Catalogue([("dog-parks", {"en": "Dog parks", "da": "Hundeskove"})],
                       {"dog-parks": {"sv": ["hundrastgårdar"]}})
    assert [s.code for s in ts.suggest({"title": "Hundrastgårdar"}, cat)] \
        == ["dog-parks"]
    assert [s.code for s in ts.suggest({"title": "Hundeskove"}, cat)] == [
        "dog-parks"]
    assert ts.suggest({"title": "Parkering"}, cat) == []


def test_threshold_and_limit():
    pkg = {"title": "Parkering, affald, støj og legepladser"}
    assert len(ts.suggest(pkg)) == ts.LIMIT
    assert len(ts.suggest(pkg, limit=10)) == 4
    assert ts.suggest(pkg, threshold=4) == []
