"""The pure part of the DCAT-AP import (no CKAN): reading documents,
publishers to organizations, names, what changed, the HVD scheme at every
level, URIs several codes share."""
import pytest
import rdflib

from ckanext.municipal_schema import dcat_import, rules, vocab

TTL = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://x.example/d> a dcat:Dataset ; dct:title "Affald"@da ."""
XML = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:dcat="http://www.w3.org/ns/dcat#">
  <dcat:Dataset rdf:about="https://x.example/d"/></rdf:RDF>"""
JSONLD = """{"@id": "https://x.example/d",
  "@type": "http://www.w3.org/ns/dcat#Dataset"}"""


@pytest.mark.parametrize("text,name,fmt", [
    (TTL, "catalog.ttl", "turtle"), (TTL, "", "turtle"),
    (XML, "catalog.rdf", "xml"), (XML, "", "xml"),
    (JSONLD, "catalog.jsonld", "json-ld"), (JSONLD, "", "json-ld"),
    (TTL.encode(), "", "turtle")])
def test_read_graph_in_every_format(text, name, fmt):
    graph, found = dcat_import.read_graph(text, name)
    assert found == fmt
    assert dcat_import.dataset_refs(graph) == [
        rdflib.URIRef("https://x.example/d")]


@pytest.mark.parametrize("text", ["", "   ", "just words", "{not: json",
                                  "<html><body>Hi</body></html>",
                                  b"\xff\xfe\x00bad"])
def test_not_rdf(text):
    with pytest.raises(dcat_import.DocumentError) as raised:
        dcat_import.read_graph(text)
    assert raised.value.message == dcat_import.M_NOT_RDF
    assert str(raised.value).startswith("The document is not RDF")


def test_guess_formats_puts_the_hint_first():
    assert dcat_import.guess_formats("x.rdf")[0] == "xml"
    assert dcat_import.guess_formats("", "application/ld+json")[0] == \
        "json-ld"
    assert dcat_import.guess_formats("", "text/turtle")[0] == "turtle"
    assert sorted(dcat_import.guess_formats()) == sorted(dcat_import.FORMATS)


ORGS = [
    {"name": "aarhus", "title": "Aarhus Kommune", "municipality_code": "751"},
    {"name": "gent", "title": "Stad Gent", "website": "https://stad.gent/"},
    {"name": "goteborgs-stad", "title": "Göteborgs Stad"},
]


@pytest.mark.parametrize("publisher,expected", [
    ({"uri": "https://api.dataforsyningen.dk/kommuner/0751"}, "aarhus"),
    ({"uri": "http://www.stad.gent"}, "gent"),
    ({"uri": "https://other.example", "name": "göteborgs  stad"},
     "goteborgs-stad"),
    ({"name": "Aarhus Kommune"}, "aarhus"),
    ({"uri": "https://api.dataforsyningen.dk/kommuner/0461"}, None),
    ({"uri": "", "name": ""}, None),
])
def test_publisher_to_organization(publisher, expected):
    assert dcat_import.match_organization(publisher, ORGS) == expected


def test_publisher_falls_back_to_the_catalogue():
    graph = rdflib.Graph().parse(data="""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://x.example/c> a dcat:Catalog ; dct:publisher <https://p.example> ;
  dcat:dataset <https://x.example/d> .
<https://p.example> foaf:name "Kommune" .
<https://x.example/d> a dcat:Dataset .""", format="turtle")
    assert dcat_import.publisher_of(graph, rdflib.URIRef(
        "https://x.example/d")) == {"uri": "https://p.example",
                                    "name": "Kommune"}


@pytest.mark.parametrize("text,name", [
    ("Parkering i Århus", "parkering-i-arhus"),
    ("Luftkvalitet – Ørestad/Søborg", "luftkvalitet-orestad-soborg"),
    ("Befolkning per stadsdel 2024!", "befolkning-per-stadsdel-2024"),
    ("", ""),
])
def test_slug(text, name):
    assert dcat_import.slug(text) == name


def test_name_candidates_prefer_the_identifier():
    dataset = {"title": "Affald i Odense",
               "extras": [{"key": "identifier", "value": "affald-odense"}]}
    assert dcat_import.name_candidates(dataset, "https://x.example/d/42") == [
        "affald-odense", "affald-i-odense", "42"]


def test_import_problems_and_recommendations():
    assert dcat_import.import_problems({"title": "T", "license_id": "CC0"}) \
        == []
    problems = dcat_import.import_problems(
        {"title": " ", "license_id": "https://example.org/own"})
    assert [(p.field, p.message) for p in problems] == [
        ("title", rules.M_REQUIRED)]
    # a licence of no known register is noted, not refused
    assert [(p.field, p.message, p.params) for p in dcat_import.licence_notes(
        {"license_id": "https://example.org/own"})] == [
        ("license_id", dcat_import.M_LICENCE_NOT_KNOWN_OPEN,
         {"value": "https://example.org/own"})]
    assert dcat_import.missing_recommended({"author": "A"}) == [
        "author_email", "license_id"]


EXISTING = {
    "name": "affald", "title": "Affald", "data_themes": ["ENVI", "GOVE"],
    "language": ["DAN"], "notes": "x", "owner_org": "o1",
    "tags": [{"name": "a"}, {"name": "b"}],
    "extras": [{"key": "uri", "value": "https://x.example/d"},
               {"key": "local", "value": "kept"}],
    "resources": [{"id": "r1", "url": "https://x.example/a.csv",
                   "format": "GeoJSON", "uri": "https://x.example/a",
                   "position": 0}],
}


def test_nothing_changed():
    incoming = {"title": "Affald", "data_themes": ["GOVE", "ENVI"],
                "language": '["DAN"]', "notes": "x", "owner_org": "o1",
                "tags": [{"name": "b"}, {"name": "a"}],
                "extras": [{"key": "uri", "value": "https://x.example/d"}],
                "resources": [{"url": "https://x.example/a.csv",
                               "format": "GEOJSON",
                               "uri": "https://x.example/a"}]}
    assert dcat_import.changed_fields(EXISTING, incoming) == []


def test_what_changed_and_the_update():
    incoming = {"title": "Affald 2", "owner_org": "o1", "tags": [],
                "extras": [{"key": "uri", "value": "https://x.example/d"}],
                "resources": [{"url": "https://x.example/a.csv",
                               "uri": "https://x.example/a", "name": "A"},
                              {"url": "https://x.example/b.csv"}]}
    assert dcat_import.changed_fields(EXISTING, incoming) == [
        "title", "tags", "resources"]
    data = dcat_import.for_update(EXISTING, incoming)
    assert data["title"] == "Affald 2" and data["notes"] == "x"
    assert [r.get("id") for r in data["resources"]] == ["r1", None]
    assert {"key": "local", "value": "kept"} in data["extras"]


# -- vocabularies the import relies on ------------------------------------

def test_every_hvd_concept_at_every_level():
    hvd = vocab.vocabulary("hvd_categories")
    tops = [t for t in hvd if not t.extra.get("broader")]
    assert len(tops) == 6
    for term in hvd:
        assert hvd.by_uri(term.uri) is term
        assert hvd.code_for(term.uri.replace("http:", "https:")) == term.code
        assert hvd.top(term.code) in tops
        if term not in tops:
            assert hvd.broader(term.code) is not None
    # three levels deep: inland waterways under mobility
    assert hvd.top("c_03ba8d92").code == "c_b79e35eb"
    assert hvd.broader("c_03ba8d92").code == "c_b151a0ba"


def test_a_shared_uri_maps_back_to_the_authority_code():
    licences = vocab.vocabulary("licences")
    eu = "http://publications.europa.eu/resource/authority/licence/"
    assert licences.uri("cc-zero") == licences.uri("cco") == eu + "CC0"
    assert licences.code_for(eu + "CC0") == "CC0"
    assert licences.code_for(eu + "CC_BY_4_0") == "CC_BY_4_0"
    frequencies = vocab.vocabulary("frequencies")
    assert frequencies.code_for(frequencies.uri("CONTINOUOUS")) == "CONT"


def test_unlisted_language_codes_are_accepted_not_offered():
    languages = vocab.vocabulary("languages")
    assert languages.get("AAA").label("da") == "AAA"
    offered = {c["value"] for c in languages.choices()}
    assert "DAN" in offered and "AAA" not in offered
    assert len(languages) > 8000


@pytest.mark.parametrize("content_type,charset", [
    # Turtle and JSON-LD are UTF-8 by definition; requests' fallback for
    # text/* without a charset (ISO-8859-1) turned "miljø" into "miljÃ¸"
    ("text/turtle", "utf-8"), ("application/ld+json", "utf-8"), ("", "utf-8"),
    ("text/turtle; charset=ISO-8859-1", "iso8859-1"),
    ('application/rdf+xml; Charset="UTF-8"', "utf-8"),
    ("text/turtle; charset=no-such-charset", "utf-8")])
def test_a_document_fetched_by_url_is_read_in_its_declared_charset(
        content_type, charset):
    from ckanext.municipal_schema.cli import _charset
    assert _charset(content_type) == charset
